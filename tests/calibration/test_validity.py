"""Predictive validity statistics against published worked examples and simulated truth."""

import math

import numpy as np
import pytest

from panelist.calibration.validity import (
    MIN_HIRES,
    bootstrap_interval,
    correct_for_range_restriction,
    pearson,
    reading,
    restriction_ratio,
    validity,
)


def test_case_two_matches_the_psych_package_worked_example():
    """Revelle's worked example, shipped with the R package psych as
    ``rangeCorrection(.33, 100.32, 48.19)`` ("example from Revelle (in prep) Chapter 4",
    https://personality-project.org/r/psych/help/range.correction.html): an observed r of .33
    with an unrestricted SD of 100.32 and a restricted SD of 48.19. By the Case II formula the
    package documents, R = (r S/s) / sqrt(1 - r^2 + r^2 S^2/s^2) = 0.5884."""
    u = 100.32 / 48.19
    assert correct_for_range_restriction(0.33, u) == pytest.approx(0.5884, abs=5e-5)


def test_case_two_matches_the_selection_package_worked_example():
    """Fife's R package selection, ``caseII(rxy=.5, sx=1.5, sxs=.9)``
    (https://rdrr.io/cran/selection/man/caseII.html), Thorndike (1949): r = .5 on a group
    whose SD is .9 against 1.5 unrestricted gives .6934 (by hand: .8333 / sqrt(1.4444))."""
    assert correct_for_range_restriction(0.5, 1.5 / 0.9) == pytest.approx(0.6934, abs=5e-5)


def test_no_restriction_changes_nothing_and_the_sign_is_kept():
    assert correct_for_range_restriction(0.3, 1.0) == pytest.approx(0.3)
    assert correct_for_range_restriction(-0.3, 1.8) == pytest.approx(
        -correct_for_range_restriction(0.3, 1.8)
    )
    assert math.isnan(correct_for_range_restriction(0.3, math.nan))


def test_correction_recovers_the_pool_correlation_after_selecting_the_top():
    """Select the top fifth of a large pool on the predictor: the correlation among those
    selected shrinks, and Case II brings it back to the pool's."""
    rng = np.random.default_rng(3)
    rho, n = 0.5, 200_000
    x = rng.normal(size=n)
    y = rho * x + math.sqrt(1 - rho**2) * rng.normal(size=n)
    hired = x > np.quantile(x, 0.8)
    restricted = pearson(x[hired], y[hired])
    assert restricted < 0.35
    corrected = correct_for_range_restriction(restricted, restriction_ratio(x, x[hired]))
    assert corrected == pytest.approx(rho, abs=0.01)


@pytest.mark.parametrize(("n", "rho"), [(15, 0.0), (15, 0.4), (40, 0.4)])
def test_interval_covers_the_truth_at_about_the_stated_rate(n, rho):
    """1,000 simulated groups of hires: the 90 % interval holds the true correlation in
    about 90 % of them. With 1,000 draws a true 90 % lands within 0.87-0.93 in all but about
    one run in 1,000; the plain percentile bootstrap gave about 0.86 here."""
    rng = np.random.default_rng(11)
    covered = 0
    runs = 1000
    for run in range(runs):
        x = rng.normal(size=n)
        y = rho * x + math.sqrt(1 - rho**2) * rng.normal(size=n)
        low, high = bootstrap_interval(x, y, resamples=1000, seed=run)
        covered += low <= rho <= high
    assert 0.87 <= covered / runs <= 0.93


def test_interval_is_the_same_for_the_same_data():
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=20), rng.normal(size=20)
    assert bootstrap_interval(x, y) == bootstrap_interval(x, y)


def _hires(rng, n_pool, n_hires, weights):
    """A pool interviewed on two dimensions; later performance follows the true ability on
    each dimension. The interview score predicts performance with ``weights[d]`` (0: the
    interview measures nothing of what matters later). The top ``n_hires`` on the sum of both
    scores are hired."""
    ability = rng.normal(size=(n_pool, 2))
    scores = np.empty_like(ability)
    for d, weight in enumerate(weights):
        scores[:, d] = weight * ability[:, d] + math.sqrt(1 - weight**2) * rng.normal(size=n_pool)
    performance = ability + 0.6 * rng.normal(size=(n_pool, 2))
    hired = np.argsort(-scores.sum(axis=1))[:n_hires]
    return scores, performance, hired


def test_finds_the_dimension_that_predicts_and_not_the_one_that_does_not():
    rng = np.random.default_rng(2026)
    scores, performance, hired = _hires(rng, n_pool=400, n_hires=80, weights=(0.8, 0.0))
    predicts = validity(
        scores[hired, 0], performance[hired, 0], pool_scores=scores[:, 0], resamples=1000
    )
    does_not = validity(
        scores[hired, 1], performance[hired, 1], pool_scores=scores[:, 1], resamples=1000
    )
    assert predicts.low > 0
    assert does_not.low <= 0 <= does_not.high
    assert predicts.u > 1.1  # hiring on the sum narrowed each score
    assert predicts.corrected > predicts.r
    assert predicts.corrected_low <= predicts.corrected <= predicts.corrected_high
    assert "positive link" in reading(
        predicts, predictor="the coding interview", criterion="later coding performance"
    )
    assert "interval" in reading(does_not, predictor="x", criterion="y")


def test_too_few_hires_are_not_computed_and_say_so():
    result = validity([1, 2, 3, 4], [2, 1, 4, 3])
    assert result.n == 4 < MIN_HIRES
    assert not result.computed
    assert math.isnan(result.r)
    assert reading(result, predictor="the coding interview", criterion="later coding") == (
        f"Only 4 hires with a review so far: at least {MIN_HIRES} are needed before the "
        "coding interview's link to later coding is worth computing."
    )


def test_reading_of_a_small_wide_interval_says_too_few_hires():
    rng = np.random.default_rng(14)
    x = rng.normal(size=14)
    y = 0.4 * x + rng.normal(size=14)
    result = validity(x, y)
    text = reading(result, predictor="the coding interview", criterion="later coding performance")
    assert text.startswith("With 14 hires, the coding interview's link to later coding ")
    assert "90\u00a0% interval" in text
    if result.low <= 0 <= result.high:
        assert text.endswith("too few hires to be sure.")


def test_scores_that_do_not_vary_give_no_correlation():
    result = validity([3, 3, 3, 3, 3, 3], [1, 2, 3, 4, 2, 1])
    assert not result.computed
    assert "cannot be computed" in reading(result, predictor="x", criterion="y")
