"""Honest intervals for small calibration data: a Gibbs sampler for the crossed model.

The model is the one of ``stats``: ``rating = mu + a[candidate] + b[rater] + e``. At a
team's real size (tens of candidates, a handful of interviewers) the plug-in standard errors
of ``stats.fit_crossed`` treat the grand mean and the three variances as known, and a
variance estimated at zero gives zero-width intervals. Here the variances are drawn with the
effects, so every interval carries their uncertainty:

- ``mu`` flat; ``a ~ N(0, s2_a)``, ``b ~ N(0, s2_b)``, ``e ~ N(0, s2_e)``;
- ``s_a`` and ``s_b`` half-Cauchy with scale ``prior_scale`` (one rating point on a 1-4
  scale: weakly informative, it rules out only spreads larger than the scale itself), drawn
  through the inverse-gamma mixture of Makalic and Schmidt (2016) so that every step is a
  conjugate draw; ``s2_e`` with the Jeffreys prior ``1 / s2_e``.

What is estimated (and what the intervals are for):
- a candidate's calibrated score, ``mu + a[c] + mean(b)``: the score the average interviewer
  among those in the fit would give the candidate;
- an interviewer's leniency, ``b[r] - mean(b)``: their offset from that average interviewer.
Both are invariant to the directions the sampler mixes slowly in (``mu`` against the means of
``a`` and ``b``), which is why they, and not ``mu``, ``a`` or ``b``, are reported.

Everything runs batched: ``Y`` holds many data sets (or many chains) on one design, and every
step is a single ``bincount`` over all of them, so simulations of hundreds of data sets cost
about what one fit costs in a Python loop. Only numpy; no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Posterior", "sample_crossed"]

# Defaults chosen from the coverage simulations (bench/coverage.py): more draws did not move
# coverage; fewer made the interval ends noisy.
WARMUP = 300
DRAWS = 700
CHAINS = 2
LEVEL = 0.90
# Ratings that the model fits exactly (a test's tidy table, a panel that always agrees) would
# drive the noise variance to zero and every precision to infinity: the residual sum of
# squares is taken as at least this much per rating, far below any real interview's noise.
NOISE_FLOOR = 1e-6
BLOCK_NUMBERS = 4_000_000  # random numbers drawn ahead at once


@dataclass
class Posterior:
    """Draws summarised per data set. Arrays are (data sets, candidates) or (data sets,
    raters); with one data set, index ``[0]``."""

    score: np.ndarray  # posterior mean of the calibrated score
    score_sd: np.ndarray
    score_low: np.ndarray
    score_high: np.ndarray
    leniency: np.ndarray
    leniency_sd: np.ndarray
    leniency_low: np.ndarray
    leniency_high: np.ndarray
    components: np.ndarray  # (data sets, 3): posterior medians of s2_a, s2_b, s2_e
    components_low: np.ndarray  # (data sets, 3): lower ends of their intervals
    level: float


def sample_crossed(
    ci,
    ri,
    Y,
    *,
    n_candidates: int | None = None,
    n_raters: int | None = None,
    prior_scale: float = 1.0,
    warmup: int = WARMUP,
    draws: int = DRAWS,
    chains: int = CHAINS,
    level: float = LEVEL,
    seed: int | np.random.Generator = 0,
) -> Posterior:
    """Sample the crossed model for one or many data sets sharing one design.

    ``ci``, ``ri``: integer codes (0..n-1) of each rating's candidate and rater; ``Y``: the
    ratings, shape (n,) for one data set or (data sets, n). Each data set runs ``chains``
    chains from dispersed starts; the summaries pool their draws after ``warmup``.
    """
    ci = np.asarray(ci, dtype=np.int64)
    ri = np.asarray(ri, dtype=np.int64)
    Y = np.atleast_2d(np.asarray(Y, dtype=float))
    if Y.shape[1] != len(ci) or len(ci) != len(ri):
        raise ValueError("ratings, candidates and raters differ in length")
    if not 0 < level < 1:
        raise ValueError("level lies between 0 and 1")
    if warmup < 1 or draws < 10 or chains < 1:
        raise ValueError("at least one warm-up step, ten draws and one chain")
    n_c = int(n_candidates if n_candidates is not None else ci.max() + 1)
    n_r = int(n_raters if n_raters is not None else ri.max() + 1)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)

    sets, n = Y.shape
    k = sets * chains  # independent chains, data set-major
    y = np.repeat(Y, chains, axis=0)  # (k, n)
    count_c = np.bincount(ci, minlength=n_c).astype(float)
    count_r = np.bincount(ri, minlength=n_r).astype(float)
    # Flattened codes: chain j's candidate c is bin j * n_c + c, so one bincount serves all.
    offset = np.arange(k)[:, None]
    flat_c = (offset * n_c + ci[None, :]).ravel()
    flat_r = (offset * n_r + ri[None, :]).ravel()

    def by_candidate(values: np.ndarray) -> np.ndarray:
        return np.bincount(flat_c, values.ravel(), minlength=k * n_c).reshape(k, n_c)

    def by_rater(values: np.ndarray) -> np.ndarray:
        return np.bincount(flat_r, values.ravel(), minlength=k * n_r).reshape(k, n_r)

    spread = np.var(Y, axis=1).repeat(chains) + 1e-6
    # Dispersed starts: each chain's variances from a different share of the observed spread.
    share = rng.uniform(0.1, 0.9, size=(k, 3))
    s2 = share * spread[:, None]
    nu = np.ones((k, 2))
    mu = y.mean(axis=1) + rng.normal(0, 1, size=k) * np.sqrt(spread / n)
    a = np.zeros((k, n_c))
    b = rng.normal(0, 1, size=(k, n_r)) * np.sqrt(s2[:, 1:2])
    A2 = prior_scale**2

    kept_score = np.empty((draws, k, n_c))
    kept_len = np.empty((draws, k, n_r))
    kept_s2 = np.empty((draws, k, 3))
    # Random numbers are drawn a block of steps at a time: one generator call per block
    # instead of eight per step, which on a team's data (a few dozen ratings) is most of the
    # cost. The inverse gammas use fixed shapes, so their gamma draws come ahead too:
    # InvGamma(shape, rate) = rate / Gamma(shape, 1).
    shapes = (n / 2.0, (n_c + 1) / 2.0, (n_r + 1) / 2.0, 1.0)
    steps = warmup + draws
    block = max(1, min(steps, BLOCK_NUMBERS // (k * (n_c + n_r + 8))))
    for first in range(0, steps, block):
        size = min(block, steps - first)
        normal_a = rng.standard_normal((size, k, n_c))
        normal_b = rng.standard_normal((size, k, n_r))
        normal_mu = rng.standard_normal((size, k))
        gamma_e, gamma_a, gamma_b = (rng.standard_gamma(shape, (size, k)) for shape in shapes[:3])
        gamma_nu = rng.standard_gamma(shapes[3], (size, k, 2))
        for i in range(size):
            # Candidate effects given everything else: independent normals.
            precision = count_c / s2[:, 2:3] + 1.0 / s2[:, 0:1]
            total = by_candidate(y - mu[:, None] - b[:, ri])
            a = (total / s2[:, 2:3] + normal_a[i] * np.sqrt(precision)) / precision
            # Rater effects.
            precision = count_r / s2[:, 2:3] + 1.0 / s2[:, 1:2]
            total = by_rater(y - mu[:, None] - a[:, ci])
            b = (total / s2[:, 2:3] + normal_b[i] * np.sqrt(precision)) / precision
            # Grand mean (flat prior).
            fitted = a[:, ci] + b[:, ri]
            residual = y - fitted
            mu = residual.mean(axis=1) + normal_mu[i] * np.sqrt(s2[:, 2] / n)
            # Residual variance (Jeffreys prior): inverse gamma.
            residual -= mu[:, None]
            ss = np.einsum("ij,ij->i", residual, residual)
            s2[:, 2] = np.maximum(ss, NOISE_FLOOR * n) / 2.0 / gamma_e[i]
            # Effect variances, half-Cauchy through an auxiliary inverse gamma each.
            s2[:, 0] = (1.0 / nu[:, 0] + np.einsum("ij,ij->i", a, a) / 2.0) / gamma_a[i]
            s2[:, 1] = (1.0 / nu[:, 1] + np.einsum("ij,ij->i", b, b) / 2.0) / gamma_b[i]
            nu[:] = (1.0 / A2 + 1.0 / s2[:, :2]) / gamma_nu[i]
            step = first + i
            if step >= warmup:
                average_rater = b.mean(axis=1, keepdims=True)
                kept_score[step - warmup] = mu[:, None] + a + average_rater
                kept_len[step - warmup] = b - average_rater
                kept_s2[step - warmup] = s2

    def pooled(draws_: np.ndarray) -> np.ndarray:
        # (draws, k, m) -> (sets, draws * chains, m): each data set's chains pooled.
        d, _, m = draws_.shape
        return draws_.reshape(d, sets, chains, m).transpose(1, 0, 2, 3).reshape(sets, -1, m)

    tail = (1.0 - level) / 2.0
    quantiles = (tail, 1.0 - tail)
    score, lenient, variances = pooled(kept_score), pooled(kept_len), pooled(kept_s2)
    score_q = np.quantile(score, quantiles, axis=1)
    len_q = np.quantile(lenient, quantiles, axis=1)
    return Posterior(
        score=score.mean(axis=1),
        score_sd=score.std(axis=1),
        score_low=score_q[0],
        score_high=score_q[1],
        leniency=lenient.mean(axis=1),
        leniency_sd=lenient.std(axis=1),
        leniency_low=len_q[0],
        leniency_high=len_q[1],
        components=np.median(variances, axis=1),
        components_low=np.quantile(variances, tail, axis=1),
        level=level,
    )
