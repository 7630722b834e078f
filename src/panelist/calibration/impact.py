"""Adverse impact: do groups of candidates pass each step of the process at similar rates?

Pure statistics (numpy, the standard library, and scipy's t distribution loaded only when a
rater comparison needs it); no Django. The report's Django side counts candidates per group
and hands the counts here.

What is computed, for groups given as ``{label: (selected, total)}``:

- the selection rate of each group, and its **impact ratio**: its rate divided by the rate of
  the group with the highest rate (the reference; chosen among the groups large enough to
  read, when there are any). A ratio under 0.8 is flagged, as the
  four-fifths rule of the US Uniform Guidelines (29 CFR 1607.4(D)) suggests;
- **Fisher's exact test** of each group against the reference group (the 2x2 table of
  selected and not selected), two-sided: the sum of the hypergeometric probabilities of every
  table with the same margins that is no more likely than the one observed (the convention of
  R's ``fisher.test`` and scipy's ``fisher_exact``);
- a **confidence interval for each ratio** by the Katz log method: the log of a ratio of two
  independent proportions is close to normal with variance ``1/a - 1/n1 + 1/c - 1/n2``. When a
  group selected nobody or everybody, 0.5 is added to its selected and not-selected counts
  (so that the interval exists); the ratio shown stays the plain one. The interval is
  approximate: in small groups it can be too wide or too narrow, which is why those groups
  carry a warning;
- **small-group warnings**: fewer than ``SMALL_GROUP`` candidates, or fewer than 5 expected to
  be selected at the overall rate, is too few for a ratio to mean much;
- **exclusions**: NYC Local Law 144's rules let a bias audit leave out of the ratios a category
  holding under 2 % of the candidates; the excluded groups are named, never silently dropped;
- the **scoring rate** of LL144 for scores instead of pass/fail: the share of each group above
  the median of everyone's scores, and its impact ratio, computed the same way.

For one interviewer's ratings (``rater_group_difference``): the mean difference between their
ratings of one group and of everyone else, after removing what the rest of the committee
thought of the same candidate, with a Welch t interval, read only above a minimum sample and
worded as a question for review, never as a verdict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

__all__ = [
    "EXCLUDE_BELOW_SHARE",
    "FOUR_FIFTHS",
    "SMALL_GROUP",
    "GroupRate",
    "RaterDifference",
    "SelectionTable",
    "fisher_exact_two_sided",
    "intersection_label",
    "katz_ratio_interval",
    "rater_group_difference",
    "scoring_rates",
    "selection_table",
]

FOUR_FIFTHS = 0.8
EXCLUDE_BELOW_SHARE = 0.02  # LL144: a category under 2 % of the data may be left out
SMALL_GROUP = 20  # below this many candidates, a group's rate moves a lot with one person
MIN_EXPECTED_SELECTED = 5  # nor read a group expected to have fewer selected than this
INTERSECTION_SEPARATOR = " · "


def intersection_label(*parts: str) -> str:
    """One label for an intersection of groups, e.g. ``Woman · Hispanic or Latino``."""
    return INTERSECTION_SEPARATOR.join(parts)


@dataclass(frozen=True)
class GroupRate:
    """One group's row: counts, rate, and its comparison with the reference group."""

    group: str
    selected: int
    total: int
    share: float  # of all candidates counted (excluded groups included)
    rate: float | None
    ratio: float | None = None  # rate / the reference's rate; None for excluded groups
    low: float | None = None  # confidence interval of the ratio
    high: float | None = None
    p_value: float | None = None  # Fisher, against the reference group
    reference: bool = False
    excluded: bool = False
    small: bool = False

    @property
    def flagged(self) -> bool:
        """Below four fifths of the reference group's rate."""
        return self.ratio is not None and self.ratio < FOUR_FIFTHS


@dataclass(frozen=True)
class SelectionTable:
    rows: list[GroupRate]
    confidence: float
    total: int
    selected: int

    @property
    def reference(self) -> GroupRate | None:
        return next((row for row in self.rows if row.reference), None)

    @property
    def excluded(self) -> list[GroupRate]:
        return [row for row in self.rows if row.excluded]

    @property
    def compared(self) -> list[GroupRate]:
        return [row for row in self.rows if not row.excluded]

    @property
    def flagged(self) -> list[GroupRate]:
        return [row for row in self.rows if row.flagged]


def selection_table(
    counts: Mapping[str, tuple[int, int]],
    *,
    confidence: float = 0.95,
    exclude_below_share: float = EXCLUDE_BELOW_SHARE,
) -> SelectionTable:
    """Rates, impact ratios against the highest-rate group, Fisher p and Katz intervals.

    ``counts`` maps a group to ``(selected, total)``. Groups holding under
    ``exclude_below_share`` of all candidates are kept in the table with their counts but left
    out of the comparison (``excluded``). The reference is the included group with the highest
    rate among those not too small to read (``small``), or among all included groups when
    every one is small (ties: the larger group, then the first in ``counts``). A small group
    may then show a ratio above 1.
    """
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
    for group, (selected, total) in counts.items():
        if total < 0 or selected < 0 or selected > total:
            raise ValueError(f"{group}: selected must lie between 0 and the group's total")
    total_all = sum(total for _, total in counts.values())
    selected_all = sum(selected for selected, _ in counts.values())
    overall_rate = selected_all / total_all if total_all else 0.0

    def share(total: int) -> float:
        return total / total_all if total_all else 0.0

    included = [
        group
        for group, (_, total) in counts.items()
        if total > 0 and share(total) >= exclude_below_share
    ]

    def small_group(total: int) -> bool:
        return total < SMALL_GROUP or total * overall_rate < MIN_EXPECTED_SELECTED

    # The reference is the highest rate among the groups large enough to read, when there are
    # any: three of three selected in a tiny group would otherwise set the bar for everyone.
    readable = [g for g in included if not small_group(counts[g][1])] or included
    reference = None
    if readable:
        reference = max(
            readable,
            key=lambda g: (counts[g][0] / counts[g][1], counts[g][1], -list(counts).index(g)),
        )
    rows = []
    for group, (selected, total) in counts.items():
        rate = selected / total if total else None
        small = small_group(total)
        if group not in included or reference is None:
            rows.append(
                GroupRate(group, selected, total, share(total), rate, excluded=True, small=small)
            )
            continue
        ref_selected, ref_total = counts[reference]
        ref_rate = ref_selected / ref_total
        if group == reference:
            rows.append(
                GroupRate(
                    group,
                    selected,
                    total,
                    share(total),
                    rate,
                    1.0 if ref_rate else None,
                    reference=True,
                    small=small,
                )
            )
            continue
        ratio = rate / ref_rate if ref_rate else None
        low, high = (
            katz_ratio_interval(selected, total, ref_selected, ref_total, confidence=confidence)
            if ref_rate
            else (None, None)
        )
        p_value = fisher_exact_two_sided(
            selected, total - selected, ref_selected, ref_total - ref_selected
        )
        rows.append(
            GroupRate(
                group, selected, total, share(total), rate, ratio, low, high, p_value, small=small
            )
        )
    return SelectionTable(rows, confidence, total_all, selected_all)


def katz_ratio_interval(
    selected: int, total: int, ref_selected: int, ref_total: int, *, confidence: float = 0.95
) -> tuple[float, float]:
    """Katz log interval for ``(selected/total) / (ref_selected/ref_total)``.

    A group with nobody or everybody selected gets 0.5 added to both its cells (a continuity
    correction), so that the interval is finite.
    """
    if total <= 0 or ref_total <= 0:
        raise ValueError("both groups need candidates")
    a, n1 = _corrected(selected, total)
    c, n2 = _corrected(ref_selected, ref_total)
    log_ratio = math.log((a / n1) / (c / n2))
    se = math.sqrt(max(1 / a - 1 / n1 + 1 / c - 1 / n2, 0.0))
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    return math.exp(log_ratio - z * se), math.exp(log_ratio + z * se)


def _corrected(selected: int, total: int) -> tuple[float, float]:
    if selected == 0 or selected == total:
        return selected + 0.5, total + 1.0
    return float(selected), float(total)


def fisher_exact_two_sided(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p of Fisher's exact test on the table ``[[a, b], [c, d]]``.

    The tables with the observed margins follow the hypergeometric law; p sums the
    probability of every table no more likely than the observed one (with a relative
    tolerance of 1e-7, so that tables tied in exact arithmetic count as tied).
    """
    if min(a, b, c, d) < 0:
        raise ValueError("a table of counts has no negative cells")
    row1, col1, n = a + b, a + c, a + b + c + d
    if n == 0:
        return 1.0
    lowest, highest = max(0, row1 + col1 - n), min(row1, col1)
    cells = np.arange(lowest, highest + 1)
    log_p = np.array([_log_hypergeometric(int(x), row1, col1, n) for x in cells])
    observed = _log_hypergeometric(a, row1, col1, n)
    as_likely = log_p <= observed + math.log1p(1e-7)
    p = float(np.exp(log_p[as_likely]).sum())
    return min(1.0, p)


def _log_hypergeometric(x: int, row1: int, col1: int, n: int) -> float:
    """log P(top-left cell = x) for a 2x2 table with first row total ``row1``, first column
    total ``col1`` and ``n`` in all."""
    return _log_comb(col1, x) + _log_comb(n - col1, row1 - x) - _log_comb(n, row1)


def _log_comb(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def scoring_rates(
    scores: Mapping[str, Sequence[float]],
    *,
    median: float | None = None,
    confidence: float = 0.95,
    exclude_below_share: float = EXCLUDE_BELOW_SHARE,
) -> tuple[float | None, SelectionTable]:
    """LL144's scoring rate: per group, the share of its candidates scoring above the median
    of all candidates' scores, compared as selection rates are. Returns the median and the
    table (with "selected" meaning "scored above the median").

    ``median``: of the whole sample, when it holds candidates outside ``scores`` (those whose
    group is unknown); by default the median of the scores given.
    """
    values = [float(v) for group in scores.values() for v in group]
    if not values:
        return median, selection_table({}, confidence=confidence)
    if median is None:
        median = float(np.median(values))
    counts = {
        group: (sum(1 for v in group_scores if v > median), len(group_scores))
        for group, group_scores in scores.items()
    }
    return median, selection_table(
        counts, confidence=confidence, exclude_below_share=exclude_below_share
    )


MIN_RATER_SAMPLE = 5  # candidates per side before a rater's difference is read at all


@dataclass(frozen=True)
class RaterDifference:
    """How one interviewer's ratings of a group differ from their ratings of everyone else,
    each rating measured against the rest of the committee on the same candidate.

    ``difference`` < 0: they rate the group lower, relative to their co-interviewers, than
    they rate the others. Without ``enough`` candidates on both sides nothing is estimated.
    """

    group: str
    n_group: int
    n_rest: int
    confidence: float
    difference: float | None = None
    low: float | None = None
    high: float | None = None
    min_sample: int = MIN_RATER_SAMPLE
    comparisons: int = 1  # the interval is simultaneous over this many (Bonferroni)

    @property
    def enough(self) -> bool:
        return self.difference is not None

    @property
    def clear(self) -> bool:
        """The interval lies wholly on one side of zero."""
        return self.enough and (self.low > 0 or self.high < 0)

    def question(self, rater: str) -> str:
        """The reading, as a question for the people who review interviews."""
        if not self.enough:
            return (
                f"Too few candidates to ask about {rater} and “{self.group}” ({self.n_group} in "
                f"the group, {self.n_rest} others; {self.min_sample} of each are needed)."
            )
        side = "lower" if self.difference < 0 else "higher"
        level = f"{100 * self.confidence:.0f}\u00a0%"
        if self.comparisons > 1:
            level += f" (widened for {self.comparisons} comparisons)"
        interval = f"{level} interval {self.low:+.2f} to {self.high:+.2f}"
        counts = f"{self.n_group} candidates in the group, {self.n_rest} others"
        if self.clear:
            return (
                f"Does {rater} rate candidates in the group “{self.group}” {side} than the "
                f"rest of the committee does? Relative to their co-interviewers, their "
                f"ratings of this group are {abs(self.difference):.2f} points {side} than of "
                f"the others "
                f"({interval}; {counts}). Worth a look at their scorecards' evidence; the "
                f"data cannot say why."
            )
        return (
            f"No clear difference in how {rater} rates candidates in the group "
            f"“{self.group}”, relative to the committee: {self.difference:+.2f} points "
            f"({interval}; {counts}). An interval this wide does not rule a difference out."
        )


def rater_group_difference(
    group: str,
    in_group: Sequence[float],
    rest: Sequence[float],
    *,
    confidence: float = 0.90,
    min_sample: int = MIN_RATER_SAMPLE,
    comparisons: int = 1,
) -> RaterDifference:
    """Welch's t interval for ``mean(in_group) - mean(rest)``.

    ``comparisons``: how many such intervals the reader looks at together. Each is then made
    at level ``1 - (1 - confidence) / comparisons`` (Bonferroni), so that all of them hold
    together with at least ``confidence``: among 25 interviewer-group pairs, a plain 90 %
    interval would miss somewhere most of the time, and raise a question about someone who
    rates everyone alike.

    Each value is one candidate: the interviewer's mean rating of them minus the mean rating
    the other committee members gave the same candidate. Measured that way, a group that
    happens to be stronger or weaker does not count against the interviewer; what is left is
    how the interviewer departs from their colleagues, group by group.
    """
    x, y = np.asarray(in_group, dtype=float), np.asarray(rest, dtype=float)
    result = RaterDifference(
        group, len(x), len(y), confidence, min_sample=min_sample, comparisons=comparisons
    )
    if len(x) < min_sample or len(y) < min_sample:
        return result
    vx, vy = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    difference = float(x.mean() - y.mean())
    se = math.sqrt(vx + vy)
    if se == 0:
        return RaterDifference(
            group,
            len(x),
            len(y),
            confidence,
            difference,
            difference,
            difference,
            min_sample,
            comparisons,
        )
    df = (vx + vy) ** 2 / (vx**2 / (len(x) - 1) + vy**2 / (len(y) - 1))
    from scipy.stats import t  # loaded here: its import costs every command a second

    each = 1 - (1 - confidence) / max(1, comparisons)
    half = float(t.ppf(0.5 + each / 2, df)) * se
    return RaterDifference(
        group,
        len(x),
        len(y),
        confidence,
        difference,
        difference - half,
        difference + half,
        min_sample,
        comparisons,
    )
