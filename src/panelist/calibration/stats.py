"""Interviewer calibration: crossed random effects, fitted in time linear in the ratings.

Model, per dimension: ``rating = mu + a[candidate] + b[rater] + e`` with independent
``a ~ N(0, s2_candidate)``, ``b ~ N(0, s2_rater)`` (the rater's leniency) and
``e ~ N(0, s2_residual)``; the framing of generalizability theory.

1. Variance components by the method of moments for crossed random effects (Gao and Owen,
   2017): three U-statistics (squared differences within candidates, within raters, and over
   all pairs) have expectations linear in the three components; solving that 3x3 system gives
   unbiased estimates, each statistic computed with a few ``numpy.bincount`` passes.
2. Effects (BLUPs) at those components by backfitting, updating the intercept jointly with
   each block (Ghosh, Hastie and Owen): each sweep is again a few bincounts.

Only numpy is used (scipy.sparse.csgraph only as a fallback for the connectivity check, which
keeps its second of import out of every command's start-up); no Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "CrossedFit",
    "DisconnectedDesign",
    "design_problems",
    "fit_crossed",
    "icc",
    "krippendorff_alpha",
    "krippendorff_alpha_long",
]


class DisconnectedDesign(ValueError):
    """The candidate-rater graph falls apart: leniencies cannot be compared across pieces."""


@dataclass(frozen=True)
class VarianceComponents:
    candidate: float
    rater: float
    residual: float

    @property
    def total(self) -> float:
        return self.candidate + self.rater + self.residual


@dataclass
class CrossedFit:
    """One fit. Arrays of effects are indexed like ``candidates`` and ``raters``."""

    n_ratings: int
    mean: float
    components: VarianceComponents
    candidates: np.ndarray  # candidate labels, sorted
    candidate_score: np.ndarray  # calibrated score: mean + candidate effect
    candidate_se: np.ndarray
    candidate_n: np.ndarray  # ratings per candidate
    raters: np.ndarray
    leniency: np.ndarray  # rater effect: positive rates higher than the average rater
    leniency_se: np.ndarray
    rater_n: np.ndarray
    sweeps: int
    converged: bool
    components_clipped: list[str] = field(default_factory=list)  # negative estimates set to 0
    # Standard errors of what the app reports, given the variances: the calibrated score
    # mean + a + mean(b) (the average interviewer in the fit) and the leniency b - mean(b).
    # Exact up to ``EXACT_RATERS`` interviewers; the approximations above past that.
    score_se: np.ndarray | None = None
    contrast_se: np.ndarray | None = None
    pieces: int = 1  # connected pieces in the design
    dropped_ratings: int = 0  # ratings outside the largest piece, when fitted there

    @property
    def icc_a1(self) -> float:
        """Absolute agreement of one rating: candidate variance over the total."""
        c = self.components
        return _ratio(c.candidate, c.total)

    def icc_ak(self, k: float | None = None) -> float:
        """Absolute agreement of the mean of ``k`` ratings (default: the mean per candidate)."""
        c = self.components
        k = float(np.mean(self.candidate_n)) if k is None else k
        return _ratio(c.candidate, c.candidate + (c.rater + c.residual) / k)

    @property
    def icc_c1(self) -> float:
        """Consistency of one rating once leniency is removed."""
        c = self.components
        return _ratio(c.candidate, c.candidate + c.residual)


def _ratio(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if denominator > 0 else float("nan")


def _validate(candidate, rater, score, scale):
    candidate = np.asarray(candidate)
    rater = np.asarray(rater)
    try:
        score = np.asarray(score, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("scores must be numbers") from None
    if candidate.ndim != 1 or rater.ndim != 1 or score.ndim != 1:
        raise ValueError("candidate, rater and score must be one-dimensional")
    if not (len(candidate) == len(rater) == len(score)):
        raise ValueError(
            f"candidate, rater and score differ in length ({len(candidate)}, {len(rater)}, "
            f"{len(score)})"
        )
    if len(score) == 0:
        raise ValueError("no ratings to fit")
    if not np.all(np.isfinite(score)):
        raise ValueError(f"{int(np.sum(~np.isfinite(score)))} score(s) are not finite")
    if scale is not None:
        low, high = scale
        off = (score < low) | (score > high)
        if off.any():
            raise ValueError(f"{int(off.sum())} score(s) lie off the scale {low}-{high}")
    return candidate, rater, score


def fit_crossed(
    candidate,
    rater,
    score,
    dimension=None,
    *,
    scale: tuple[float, float] | None = (1, 4),
    on_disconnected: str = "largest",
    tol: float = 1e-10,
    max_sweeps: int = 500,
    components: tuple[float, float, float] | None = None,
):
    """Fit the crossed model; with ``dimension``, one fit per dimension (a dict).

    ``on_disconnected``: "largest" fits within the largest connected piece of the
    candidate-rater graph and reports what it dropped; "raise" refuses with
    ``DisconnectedDesign``. Each candidate-rater pair should appear at most once.
    ``components`` (candidate, rater, residual) skips the moment estimates and computes the
    effects at the given variances, for comparison with another estimator.
    """
    if on_disconnected not in ("largest", "raise"):
        raise ValueError('on_disconnected is "largest" or "raise"')
    candidate, rater, score = _validate(candidate, rater, score, scale)
    if dimension is not None:
        dimension = np.asarray(dimension)
        if dimension.shape != score.shape:
            raise ValueError("dimension must have one entry per rating")
        return {
            value: fit_crossed(
                candidate[dimension == value],
                rater[dimension == value],
                score[dimension == value],
                scale=scale,
                on_disconnected=on_disconnected,
                tol=tol,
                max_sweeps=max_sweeps,
            )
            for value in np.unique(dimension)
        }

    candidates, ci = _codes(candidate)
    raters, ri = _codes(rater)
    pair = np.sort(ci.astype(np.int64) * len(raters) + ri)
    if np.any(pair[1:] == pair[:-1]):
        raise ValueError("a candidate-rater pair appears more than once; average it first")

    pieces, keep = _largest_piece(ci, ri, len(candidates), len(raters), by_candidate=pair)
    dropped = 0
    if pieces > 1:
        if on_disconnected == "raise":
            raise DisconnectedDesign(
                f"the candidate-rater graph has {pieces} separate pieces: raters in different "
                "pieces never rated a common candidate, so their leniencies cannot be compared"
            )
        dropped = int((~keep).sum())
        candidate, rater, score = candidate[keep], rater[keep], score[keep]
        candidates, ci = _codes(candidate)
        raters, ri = _codes(rater)

    n_c = np.bincount(ci, minlength=len(candidates)).astype(float)
    n_r = np.bincount(ri, minlength=len(raters)).astype(float)
    if components is None:
        estimated, clipped = _moments(ci, ri, score, n_c, n_r)
    else:
        if len(components) != 3 or min(components) < 0 or components[2] <= 0:
            raise ValueError("components are three variances, the residual one positive")
        estimated, clipped = VarianceComponents(*map(float, components)), []
    mean, a, b, sweeps, converged = _backfit(ci, ri, score, n_c, n_r, estimated, tol, max_sweeps)
    a_se, b_se = _standard_errors(ci, ri, n_c, n_r, estimated)
    if len(raters) <= EXACT_RATERS and estimated.candidate > 0 and estimated.rater > 0:
        score_se, contrast_se = _exact_standard_errors(ci, ri, n_c, n_r, estimated)
    else:
        score_se, contrast_se = a_se, b_se
    return CrossedFit(
        n_ratings=len(score),
        mean=mean,
        components=estimated,
        candidates=candidates,
        candidate_score=mean + a,
        candidate_se=a_se,
        candidate_n=n_c.astype(int),
        raters=raters,
        leniency=b,
        leniency_se=b_se,
        rater_n=n_r.astype(int),
        sweeps=sweeps,
        converged=converged,
        components_clipped=clipped,
        score_se=score_se,
        contrast_se=contrast_se,
        pieces=pieces,
        dropped_ratings=dropped,
    )


def _codes(labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(labels, return_inverse=True)``: the sorted distinct labels and each entry's
    index among them. Integer labels in a range not much wider than their count (database ids)
    are coded by a presence table in two linear passes instead of a sort, which at 10^6
    ratings took longer than the whole backfitting."""
    if labels.dtype.kind in "iu" and len(labels):
        low, high = int(labels.min()), int(labels.max())
        if high - low <= 4 * len(labels) + 1024:
            present = np.zeros(high - low + 1, dtype=bool)
            present[labels - low] = True
            index = np.cumsum(present) - 1
            return np.flatnonzero(present) + low, index[labels - low]
    return np.unique(labels, return_inverse=True)


MIN_RATINGS = 10


def design_problems(candidate, rater, *, min_ratings: int = MIN_RATINGS) -> list[str]:
    """Why these ratings cannot support a fit, in words; empty when they can.

    A fit needs enough ratings, two raters or more, and candidates seen by two raters or more:
    when every candidate has one rater, a candidate's level and the rater's leniency are the
    same number. A design in pieces is fitted in its largest piece, so it is a problem only
    when that piece itself fails these checks.
    """
    candidate, rater = np.asarray(candidate), np.asarray(rater)
    if len(candidate) != len(rater):
        raise ValueError("candidate and rater differ in length")
    if len(candidate) == 0:
        return ["no submitted ratings yet"]
    candidates, ci = np.unique(candidate, return_inverse=True)
    raters, ri = np.unique(rater, return_inverse=True)
    problems = _separation_problems(ci, ri, min_ratings, "")
    if problems:
        return problems
    pieces, keep = _largest_piece(ci, ri, len(candidates), len(raters))
    if pieces == 1:
        return []
    ci = np.unique(ci[keep], return_inverse=True)[1]
    ri = np.unique(ri[keep], return_inverse=True)[1]
    return _separation_problems(
        ci, ri, min_ratings, f" in the largest of {pieces} unconnected groups"
    )


def _separation_problems(ci, ri, min_ratings: int, where: str) -> list[str]:
    problems = _too_few(len(ci), min_ratings, where)
    if ri.max() < 1:
        problems.append(f"one interviewer{where}: leniency is measured against other interviewers")
    elif np.bincount(ci).max() < 2:
        problems.append(
            f"no candidate{where} was rated by two interviewers: a candidate's level and an "
            "interviewer's leniency cannot be told apart"
        )
    elif np.bincount(ri).max() < 2:
        problems.append(
            f"no interviewer{where} rated two candidates: their leniency has nothing to be "
            "measured against"
        )
    return problems


def _too_few(n: int, min_ratings: int, where: str) -> list[str]:
    if n >= min_ratings:
        return []
    return [f"{n} rating{'s' if n != 1 else ''}{where}; a fit needs {min_ratings} or more"]


MAX_HOOKING_ROUNDS = 64


def _components(ci, ri, n_candidates, n_raters, by_candidate=None) -> tuple[int, np.ndarray]:
    """Connected components of the candidate-rater graph: their number, and each node's label
    (candidates first, then raters). Every code below ``n_candidates`` and ``n_raters`` must
    have a rating (as ``_codes`` gives them).

    The work is done on the interviewers alone: two interviewers are joined when they rated a
    common candidate (consecutive ratings of a candidate once the pairs are sorted by
    candidate: ``by_candidate``, the sorted ``ci * n_raters + ri``, if the caller has it), and
    each candidate then takes its first interviewer's piece. Interviewers are few, so their
    table stays in cache; hooking over candidates and interviewers together took half the fit
    at 10^6 ratings. Each round hooks every root onto the smallest root across its edges, then
    follows the pointers to the roots; a root only ever points lower, so no cycle forms. A few
    rounds settle any real design; a pathological one goes to scipy's search instead.
    """
    ci = np.asarray(ci, dtype=np.int64)
    ri = np.asarray(ri, dtype=np.int64)
    if by_candidate is None:
        by_candidate = np.sort(ci * n_raters + ri)
    c_sorted = by_candidate // n_raters
    r_sorted = by_candidate - c_sorted * n_raters
    same = c_sorted[1:] == c_sorted[:-1]
    u, v = r_sorted[:-1][same], r_sorted[1:][same]
    parent = np.arange(n_raters)
    for _ in range(MAX_HOOKING_ROUNDS):
        pu, pv = parent[u], parent[v]
        differ = pu != pv
        if not differ.any():
            break
        np.minimum.at(parent, np.maximum(pu, pv)[differ], np.minimum(pu, pv)[differ])
        while not np.array_equal(jumped := parent[parent], parent):
            parent = jumped
    else:
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        graph = coo_matrix((np.ones(len(u)), (u, v)), shape=(n_raters, n_raters)).tocsr()
        _, parent = connected_components(graph, directed=False)
    first = np.concatenate([[True], ~same])  # each candidate's first rating, in candidate order
    candidate_root = parent[r_sorted[first]]
    roots, labels = np.unique(np.concatenate([candidate_root, parent]), return_inverse=True)
    return len(roots), labels.reshape(-1)


def _largest_piece(ci, ri, n_candidates, n_raters, by_candidate=None):
    pieces, labels = _components(ci, ri, n_candidates, n_raters, by_candidate)
    if pieces == 1:
        return 1, np.ones(len(ci), dtype=bool)
    sizes = np.bincount(labels[ci])  # ratings per piece
    return pieces, labels[ci] == np.argmax(sizes)


def _moments(ci, ri, y, n_c, n_r):
    """Method-of-moments components from within-candidate, within-rater and all pairs."""
    n = float(len(y))
    y2 = y * y
    sum_c, sum2_c = np.bincount(ci, y), np.bincount(ci, y2)
    sum_r, sum2_r = np.bincount(ri, y), np.bincount(ri, y2)
    u_a = float(np.sum(n_c * sum2_c - sum_c**2))  # pairs sharing a candidate
    u_b = float(np.sum(n_r * sum2_r - sum_r**2))  # pairs sharing a rater
    u_e = float(n * y2.sum() - y.sum() ** 2)  # all pairs
    sc, sr = float(np.sum(n_c**2)), float(np.sum(n_r**2))
    # E[u_a] = (s2_b + s2_e)(sc - n); E[u_b] = (s2_a + s2_e)(sr - n);
    # E[u_e] = s2_a (n^2 - sc) + s2_b (n^2 - sr) + s2_e (n^2 - n)
    system = np.array(
        [
            [0.0, sc - n, sc - n],
            [sr - n, 0.0, sr - n],
            [n * n - sc, n * n - sr, n * n - n],
        ]
    )
    if abs(np.linalg.det(system)) < 1e-12 * max(1.0, n) ** 6:
        raise ValueError(
            "the design cannot separate candidates from raters: each candidate needs two or "
            "more raters and each rater two or more candidates"
        )
    s2_a, s2_b, s2_e = np.linalg.solve(system, np.array([u_a, u_b, u_e]))
    clipped = [
        name for name, v in (("candidate", s2_a), ("rater", s2_b), ("residual", s2_e)) if v < 0
    ]
    s2_e = max(float(s2_e), 1e-12)
    return VarianceComponents(max(float(s2_a), 0.0), max(float(s2_b), 0.0), s2_e), clipped


def _backfit(ci, ri, y, n_c, n_r, comp, tol, max_sweeps):
    """BLUPs of the effects: alternate the candidate block and the rater block, each time
    solving for its effects and the intercept jointly (closed form below)."""
    a = np.zeros(len(n_c))
    b = np.zeros(len(n_r))
    mean = float(y.mean())
    lam_a = comp.residual / comp.candidate if comp.candidate > 0 else np.inf
    lam_b = comp.residual / comp.rater if comp.rater > 0 else np.inf
    converged = False
    sweeps = 0
    while sweeps < max_sweeps:
        sweeps += 1
        previous = mean
        mean, a_new = _block(ci, y - b[ri], n_c, lam_a)
        mean, b_new = _block(ri, y - a_new[ci], n_r, lam_b)
        change = max(
            np.max(np.abs(a_new - a), initial=0),
            np.max(np.abs(b_new - b), initial=0),
            abs(mean - previous),
        )
        a, b = a_new, b_new
        if change < tol * max(1.0, np.abs(y).max()):
            converged = True
            break
    return mean, a, b, sweeps, converged


def _block(index, residual, counts, lam):
    """Minimise sum (r - mu - u[index])^2 + lam * sum u^2 over mu and u together.

    For fixed mu, u_k = (R_k - n_k mu) / (n_k + lam); setting the mu-derivative to zero gives
    mu = sum_k w_k R_k / sum_k w_k n_k with w_k = 1 / (n_k + lam).
    """
    totals = np.bincount(index, residual, minlength=len(counts))
    if np.isinf(lam):  # no variance in this block: effects are zero
        return float(residual.mean()), np.zeros(len(counts))
    w = 1.0 / (counts + lam)
    mean = float(np.sum(w * totals) / np.sum(w * counts))
    return mean, (totals - counts * mean) * w


def _standard_errors(ci, ri, n_c, n_r, comp):
    """Approximate posterior standard errors of the effects.

    The conditional variance of a candidate effect given the raters' effects,
    s2_e / (n_i + lam_a), plus the part carried over from the estimated leniencies of the
    raters who saw that candidate (each about s2_e / (m_j + lam_b)); symmetrically for raters.
    """
    s2e = comp.residual
    lam_a = s2e / comp.candidate if comp.candidate > 0 else np.inf
    lam_b = s2e / comp.rater if comp.rater > 0 else np.inf
    var_a = np.where(np.isinf(lam_a), 0.0, s2e / (n_c + lam_a))
    var_b = np.where(np.isinf(lam_b), 0.0, s2e / (n_r + lam_b))
    shrink_a = np.where(np.isinf(lam_a), 0.0, n_c / (n_c + lam_a))
    shrink_b = np.where(np.isinf(lam_b), 0.0, n_r / (n_r + lam_b))
    carried_a = shrink_a**2 * np.bincount(ci, var_b[ri], minlength=len(n_c)) / n_c**2
    carried_b = shrink_b**2 * np.bincount(ri, var_a[ci], minlength=len(n_r)) / n_r**2
    return np.sqrt(var_a + carried_a), np.sqrt(var_b + carried_b)


EXACT_RATERS = 500  # the exact errors invert a matrix of this side


def _exact_standard_errors(ci, ri, n_c, n_r, comp):
    """Prediction standard errors of the calibrated scores (mean + a_c + mean(b)) and of the
    leniencies (b_r - mean(b)) given the variance components, without approximation.

    The candidate effects are integrated out (their precision is diagonal), which leaves the
    precision of (mean, b), a square of side 1 + raters, to invert. Each candidate adds to it
    through the pairs of interviewers who saw them, so building it costs the sum over
    candidates of their interviewers squared. The approximations of ``_standard_errors`` miss
    the correlation between leniencies linked through shared candidates: in a rota where each
    interviewer shares candidates only with their neighbours, 90 % intervals from them held
    the leniency 84 % of the time at 20,000 candidates.
    """
    s2e, s2a, s2b = comp.residual, comp.candidate, comp.rater
    raters = len(n_r)
    d = n_c / s2e + 1.0 / s2a  # precision of each candidate effect given the rest
    weight = 1.0 / (d * s2e * s2e)  # per candidate, in the Schur complement
    precision = np.zeros((raters + 1, raters + 1))
    precision[0, 0] = len(ci) / s2e - np.sum(n_c * n_c * weight)
    cross = n_r / s2e - np.bincount(ri, (n_c * weight)[ci], minlength=raters)
    precision[0, 1:] = precision[1:, 0] = cross
    first, second = _pairs_within_candidates(ci)
    shared = np.bincount(
        ri[first] * raters + ri[second], weight[ci[first]], minlength=raters * raters
    ).reshape(raters, raters)
    precision[1:, 1:] = np.diag(n_r / s2e + 1.0 / s2b) - shared
    covariance = np.linalg.inv(precision)

    block = covariance[1:, 1:]
    contrast = np.diag(block) - 2 * block.mean(axis=1) + block.mean()

    # score_c = mean + a_c + mean(b); its error given y is a_c's own (1 / d_c) plus what it
    # inherits from (mean, b) through g_c = u - C_c / d_c, with u picking mean + mean(b) and
    # C_c the candidate's column of the cross precision (n_c / s2e on the mean, 1 / s2e on
    # each of its interviewers).
    u = np.concatenate([[1.0], np.full(raters, 1.0 / raters)])
    cu = covariance @ u
    ucu = float(u @ cu)
    column_dot_cu = (n_c * cu[0] + np.bincount(ci, cu[1 + ri], minlength=len(n_c))) / s2e
    quadratic = (
        (n_c / s2e) ** 2 * covariance[0, 0]
        + 2 * (n_c / s2e) / s2e * np.bincount(ci, covariance[0, 1 + ri], minlength=len(n_c))
        + np.bincount(ci[first], block[ri[first], ri[second]], minlength=len(n_c)) / s2e**2
    )
    score = 1.0 / d + ucu - 2 * column_dot_cu / d + quadratic / d**2
    return np.sqrt(np.maximum(score, 0.0)), np.sqrt(np.maximum(contrast, 0.0))


def _pairs_within_candidates(ci):
    """Every ordered pair (i, j) of ratings of the same candidate, i = j included."""
    order = np.argsort(ci, kind="stable")
    counts = np.bincount(ci)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    per_rating = counts[ci[order]]
    first_sorted = np.repeat(np.arange(len(ci)), per_rating)
    within = np.arange(len(first_sorted)) - np.repeat(
        np.cumsum(per_rating) - per_rating, per_rating
    )
    second_sorted = starts[ci[order][first_sorted]] + within
    return order[first_sorted], order[second_sorted]


# --- agreement on complete tables -------------------------------------------------------


def icc(table) -> dict[str, float]:
    """The six Shrout-Fleiss intraclass correlations of a complete targets x raters table:
    ICC(1,1), ICC(2,1), ICC(3,1) for one rating, and ICC(1,k), ICC(2,k), ICC(3,k) for the
    mean of the k raters."""
    try:
        x = np.asarray(table, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("the table must hold numbers") from None
    if x.ndim != 2:
        raise ValueError("the table must be two-dimensional: targets by raters")
    n, k = x.shape
    if n < 2 or k < 2:
        raise ValueError("the table needs at least two targets and two raters")
    if not np.all(np.isfinite(x)):
        raise ValueError("the table must be complete: no missing or infinite values")
    grand = x.mean()
    ss_targets = k * np.sum((x.mean(axis=1) - grand) ** 2)
    ss_raters = n * np.sum((x.mean(axis=0) - grand) ** 2)
    ss_total = np.sum((x - grand) ** 2)
    ss_error = ss_total - ss_targets - ss_raters
    bms = ss_targets / (n - 1)
    jms = ss_raters / (k - 1)
    ems = ss_error / ((n - 1) * (k - 1))
    wms = (ss_raters + ss_error) / (n * (k - 1))
    return {
        "ICC(1,1)": float((bms - wms) / (bms + (k - 1) * wms)),
        "ICC(2,1)": float((bms - ems) / (bms + (k - 1) * ems + k * (jms - ems) / n)),
        "ICC(3,1)": float((bms - ems) / (bms + (k - 1) * ems)),
        "ICC(1,k)": float((bms - wms) / bms),
        "ICC(2,k)": float((bms - ems) / (bms + (jms - ems) / n)),
        "ICC(3,k)": float((bms - ems) / bms),
    }


_LEVELS = ("nominal", "ordinal", "interval")
MAX_CODED_VALUES = 50


def krippendorff_alpha(data, level: str = "interval") -> float:
    """Krippendorff's alpha for a raters x units array with NaN where a rater did not rate.

    The interval level is computed here in closed form, in time and memory linear in the
    ratings. Coded data (at most 50 distinct values, such as 1-4 ratings) at the nominal and
    ordinal levels goes to the ``krippendorff`` package as value counts per unit, which keeps
    memory at units x values.
    """
    if level not in _LEVELS:
        raise ValueError(f"level must be one of {', '.join(_LEVELS)}")
    try:
        x = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("ratings must be numbers or NaN for missing") from None
    if x.ndim != 2:
        raise ValueError("data must be two-dimensional: raters by units")
    if np.isinf(x).any():
        raise ValueError("ratings must be finite (NaN marks a missing rating)")
    raters, units = np.nonzero(~np.isnan(x))
    return krippendorff_alpha_long(units, x[raters, units], level)


def krippendorff_alpha_long(unit, value, level: str = "interval") -> float:
    """Krippendorff's alpha from one row per rating: the unit rated and the value given.

    Alpha does not depend on who rated, so this long form needs memory linear in the ratings,
    where a raters x units table would not fit at organisation scale.
    """
    if level not in _LEVELS:
        raise ValueError(f"level must be one of {', '.join(_LEVELS)}")
    unit = np.asarray(unit)
    try:
        value = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("ratings must be numbers") from None
    if unit.ndim != 1 or value.ndim != 1 or len(unit) != len(value):
        raise ValueError("unit and value must be one-dimensional and of equal length")
    if not np.all(np.isfinite(value)):
        raise ValueError("ratings must be finite")
    units, ui = np.unique(unit, return_inverse=True)
    per_unit = np.bincount(ui, minlength=len(units))
    pairable = per_unit[ui] >= 2
    if not pairable.any():
        raise ValueError("no unit has two or more ratings: agreement cannot be measured")
    ui, value = np.unique(ui[pairable], return_inverse=True)[1], value[pairable]
    n_units = int(ui.max()) + 1
    values, vi = np.unique(value, return_inverse=True)
    if len(values) < 2:
        raise ValueError("every rating is the same value: agreement is undefined")
    if level == "interval":
        # the package's coincidence matrix gives the same number (the tests compare them),
        # but took a tenth of a second per dimension at 10,000 candidates
        return _interval_alpha(ui, value, n_units)
    if len(values) <= MAX_CODED_VALUES:
        import krippendorff

        counts = np.bincount(ui * len(values) + vi, minlength=n_units * len(values))
        counts = counts.reshape(n_units, len(values)).astype(float)
        return float(
            krippendorff.alpha(value_counts=counts, value_domain=values, level_of_measurement=level)
        )
    raise ValueError(f"{len(values)} distinct values: nominal and ordinal alpha need coded data")


def _interval_alpha(ui, value, n_units) -> float:
    """Interval alpha = 1 - D_o / D_e with squared differences, in O(ratings)."""
    m_u = np.bincount(ui, minlength=n_units).astype(float)
    sums = np.bincount(ui, value, minlength=n_units)
    squares = np.bincount(ui, value * value, minlength=n_units)
    # within-unit pairs: sum over ordered pairs (c - k)^2 = 2 (m S2 - S1^2), weighted 1/(m-1)
    observed = np.sum(2 * (m_u * squares - sums**2) / (m_u - 1))
    n = m_u.sum()
    total, total2 = sums.sum(), squares.sum()
    expected = 2 * (n * total2 - total**2) / (n - 1)
    return float(1 - observed / expected) if expected > 0 else float("nan")
