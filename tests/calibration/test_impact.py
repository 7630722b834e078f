"""The adverse-impact statistics against hand-computed tables, a published worked example and
simulated truth."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import fisher_exact

from panelist.calibration import impact


def test_the_uniform_guidelines_worked_example_flags_only_the_group_under_four_fifths():
    """The agencies' Questions and Answers on the Uniform Guidelines (1979, Q&A 12, on
    29 CFR 1607.4(D)) compare hiring rates of 60 % (whites other than Hispanics), 45 %
    (American Indians), 48 % (Hispanics) and 51 % (Blacks): the ratios are 75 %, 80 % and 85 %,
    and only the first indicates adverse impact, 80 % itself not falling below four fifths.
    (Quoted at https://dataethicsrepository.iaa.ncsu.edu/?p=1099.) The rates are given there
    without counts; 100 applicants per group reproduce them."""
    table = impact.selection_table(
        {
            "White": (60, 100),
            "American Indian": (45, 100),
            "Hispanic": (48, 100),
            "Black": (51, 100),
        }
    )
    rows = {row.group: row for row in table.rows}
    assert table.reference.group == "White"
    assert rows["American Indian"].ratio == pytest.approx(0.75)
    assert rows["Hispanic"].ratio == pytest.approx(0.80)
    assert rows["Black"].ratio == pytest.approx(0.85)
    assert [row.group for row in table.flagged] == ["American Indian"]


def test_ratio_rate_and_fisher_p_match_a_table_worked_by_hand():
    """Men 30 of 50 selected (60 %), women 40 of 100 (40 %): ratio 0.40 / 0.60 = 2/3.

    Fisher by hand: the margins are 50 men / 100 women and 70 selected / 80 not, so the count
    of women selected ranges over 20..70 with P(x) = C(70, x) C(80, 100 - x) / C(150, 100);
    the two-sided p adds up every P(x) no larger than P(40)."""
    table = impact.selection_table({"Man": (30, 50), "Woman": (40, 100)})
    woman = next(row for row in table.rows if row.group == "Woman")
    assert woman.rate == pytest.approx(0.4)
    assert woman.ratio == pytest.approx(2 / 3)
    assert woman.flagged

    def prob(x):
        return math.comb(70, x) * math.comb(80, 100 - x) / math.comb(150, 100)

    observed = prob(40)
    by_hand = sum(prob(x) for x in range(20, 71) if prob(x) <= observed * (1 + 1e-7))
    assert woman.p_value == pytest.approx(by_hand, rel=1e-9)
    assert woman.p_value == pytest.approx(fisher_exact([[40, 60], [30, 20]])[1], rel=1e-9)


def test_katz_interval_matches_its_formula_worked_by_hand():
    """log(2/3) ± 1.95996 * sqrt(1/40 - 1/100 + 1/30 - 1/50) = -0.405465 ± 0.329911,
    so exp gives 0.4793 to 0.9272."""
    low, high = impact.katz_ratio_interval(40, 100, 30, 50)
    se = math.sqrt(1 / 40 - 1 / 100 + 1 / 30 - 1 / 50)
    assert math.log(low) == pytest.approx(math.log(2 / 3) - 1.959964 * se, abs=1e-6)
    assert math.log(high) == pytest.approx(math.log(2 / 3) + 1.959964 * se, abs=1e-6)
    assert low == pytest.approx(0.4793, abs=1e-4)
    assert high == pytest.approx(0.9272, abs=1e-4)


@pytest.mark.parametrize(
    "table",
    [[[1, 9], [11, 3]], [[0, 5], [5, 0]], [[3, 1], [1, 3]], [[12, 88], [25, 75]], [[0, 0], [4, 6]]],
)
def test_fisher_agrees_with_scipy(table):
    (a, b), (c, d) = table
    assert impact.fisher_exact_two_sided(a, b, c, d) == pytest.approx(
        fisher_exact(table)[1], rel=1e-9
    )


def test_groups_under_two_percent_are_named_and_left_out_of_the_ratios():
    table = impact.selection_table({"A": (30, 100), "B": (20, 98), "C": (2, 2)})
    rows = {row.group: row for row in table.rows}
    assert rows["C"].excluded and rows["C"].ratio is None
    # C's 100 % rate would otherwise have become the reference
    assert table.reference.group == "A"
    assert [row.group for row in table.excluded] == ["C"]


def test_small_groups_carry_a_warning():
    table = impact.selection_table({"A": (30, 100), "B": (5, 19), "C": (20, 80)})
    rows = {row.group: row for row in table.rows}
    assert rows["B"].small
    assert not rows["A"].small and not rows["C"].small


def test_a_group_selecting_nobody_still_gets_a_finite_interval_and_a_zero_ratio():
    table = impact.selection_table({"A": (10, 40), "B": (0, 30)})
    b = next(row for row in table.rows if row.group == "B")
    assert b.ratio == 0
    assert 0 < b.low < b.high < math.inf
    assert b.flagged


def test_nobody_selected_anywhere_compares_nothing():
    table = impact.selection_table({"A": (0, 40), "B": (0, 30)})
    assert all(row.ratio is None for row in table.rows if not row.reference)
    assert table.flagged == []


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError, match="between 0"):
        impact.selection_table({"A": (5, 4)})


def test_scoring_rate_counts_those_strictly_above_everyones_median():
    median, table = impact.scoring_rates({"A": [1, 2, 3, 4, 5, 6], "B": [1, 1, 2, 2, 3, 7]})
    assert median == pytest.approx(2.5)
    rows = {row.group: row for row in table.rows}
    assert (rows["A"].selected, rows["A"].total) == (4, 6)
    assert (rows["B"].selected, rows["B"].total) == (2, 6)
    assert rows["B"].ratio == pytest.approx(0.5)


def test_intersections_read_as_one_label():
    assert impact.intersection_label("Woman", "Asian") == "Woman · Asian"


def test_katz_interval_covers_the_true_ratio_at_about_the_stated_rate():
    """Simulated truth: groups of 120 and 200 with rates 0.30 and 0.45 (true ratio 2/3). Of
    2000 simulated tables, about 95 % of the intervals hold 2/3 (binomial spread ± 1 %)."""
    rng = np.random.default_rng(17)
    true_ratio = 0.30 / 0.45
    covered = 0
    runs = 2000
    for _ in range(runs):
        a = int(rng.binomial(120, 0.30))
        c = int(rng.binomial(200, 0.45))
        low, high = impact.katz_ratio_interval(a, 120, c, 200)
        covered += low <= true_ratio <= high
    assert 0.93 <= covered / runs <= 0.97


def test_fisher_holds_its_size_when_groups_do_not_differ():
    """Under no difference, an exact test rejects at most about as often as its level."""
    rng = np.random.default_rng(5)
    rejections = sum(
        impact.fisher_exact_two_sided(
            a := int(rng.binomial(60, 0.3)), 60 - a, c := int(rng.binomial(90, 0.3)), 90 - c
        )
        < 0.05
        for _ in range(1000)
    )
    assert rejections / 1000 <= 0.06


def test_rater_difference_is_not_read_below_the_minimum_sample():
    reading = impact.rater_group_difference("Woman", [-1, -1, -1], [0] * 10)
    assert not reading.enough
    assert "Too few" in reading.question("Ian")


def test_rater_difference_interval_matches_welch_by_hand():
    x, y = [-1.0, -0.5, -1.5, -1.0, -0.5, -1.5], [0.0, 0.5, -0.5, 0.0, 0.5, -0.5, 0.0]
    reading = impact.rater_group_difference("Woman", x, y, confidence=0.90)
    vx, vy = np.var(x, ddof=1) / 6, np.var(y, ddof=1) / 7
    df = (vx + vy) ** 2 / (vx**2 / 5 + vy**2 / 6)
    from scipy.stats import t

    half = t.ppf(0.95, df) * math.sqrt(vx + vy)
    assert reading.difference == pytest.approx(-1.0)
    assert reading.low == pytest.approx(-1.0 - half)
    assert reading.high == pytest.approx(-1.0 + half)
    assert reading.clear
    question = reading.question("Ian")
    assert question.startswith("Does Ian rate candidates in the group “Woman” lower")
    assert question.endswith("?") or "?" in question


def test_rater_interval_covers_the_true_difference_at_about_the_stated_rate():
    rng = np.random.default_rng(23)
    covered, runs = 0, 2000
    for _ in range(runs):
        x = rng.normal(-0.5, 0.7, 12)
        y = rng.normal(0.0, 0.5, 20)
        reading = impact.rater_group_difference("G", x, y, confidence=0.90)
        covered += reading.low <= -0.5 <= reading.high
    assert 0.88 <= covered / runs <= 0.92


def test_no_clear_difference_is_worded_as_not_ruled_out():
    rng = np.random.default_rng(3)
    reading = impact.rater_group_difference("G", rng.normal(0, 1, 8), rng.normal(0, 1, 8))
    if not reading.clear:
        assert "does not rule a difference out" in reading.question("Ian")


def test_scoring_rate_can_use_the_whole_samples_median():
    median, table = impact.scoring_rates({"A": [1, 2, 3], "B": [3, 4, 5]}, median=3.5)
    rows = {row.group: row for row in table.rows}
    assert median == 3.5
    assert (rows["A"].selected, rows["B"].selected) == (0, 2)


def test_rater_intervals_widen_with_the_number_of_comparisons():
    rng = np.random.default_rng(8)
    x, y = rng.normal(-0.3, 0.5, 12), rng.normal(0, 0.5, 12)
    one = impact.rater_group_difference("G", x, y)
    many = impact.rater_group_difference("G", x, y, comparisons=25)
    from scipy.stats import t

    assert many.difference == one.difference
    assert many.high - many.low > one.high - one.low
    vx, vy = np.var(x, ddof=1) / 12, np.var(y, ddof=1) / 12
    df = (vx + vy) ** 2 / (vx**2 / 11 + vy**2 / 11)
    widening = (many.high - many.difference) / (one.high - one.difference)
    assert widening == pytest.approx(t.ppf(1 - 0.1 / 50, df) / t.ppf(0.95, df))
    assert "widened for 25 comparisons" in many.question("Ian")


def test_a_tiny_group_with_a_perfect_rate_does_not_set_the_bar():
    table = impact.selection_table({"A": (30, 60), "B": (20, 60), "C": (3, 3)})
    rows = {row.group: row for row in table.rows}
    assert table.reference.group == "A"
    assert rows["C"].small and rows["C"].ratio == pytest.approx(2.0)
    assert rows["B"].ratio == pytest.approx(2 / 3)


def test_when_every_group_is_small_the_highest_rate_is_the_reference():
    table = impact.selection_table({"A": (3, 10), "B": (5, 10)})
    assert table.reference.group == "B"
