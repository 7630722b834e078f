"""Simulated calibration data with known truth, for coverage checks of the intervals.

A design fixes who interviews whom (the layout) and how ratings arise (the truth); many data
sets are then drawn on the same layout, so the batched sampler of ``posterior`` fits them
together. The truth is what the app claims to estimate:

- a candidate's score: the rating the average interviewer among those in the fit would give
  them, in expectation over the interview's noise;
- an interviewer's leniency: their expected rating minus that average interviewer's,
  averaged over the candidates in the fit.

Layouts: ``rotating`` (each candidate meets ``per_candidate`` consecutive interviewers of a
rota, as the demo pairs them), ``specialists`` (the pool is split into ``per_candidate``
groups, one per dimension, and each candidate meets one interviewer drawn from each group),
``unequal`` (panels drawn with a few interviewers doing most of the interviews). Truths:
``continuous`` (the model as written) and ``ordinal`` (latent scores cut into ratings 1-4 at
thresholds of each interviewer's own). Only numpy; no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

__all__ = ["Design", "Simulated", "simulate"]

LAYOUTS = ("rotating", "specialists", "unequal")
TRUTHS = ("continuous", "ordinal")


@dataclass(frozen=True)
class Design:
    candidates: int
    raters: int
    per_candidate: int
    layout: str = "rotating"
    truth: str = "continuous"
    # Standard deviations on the 1-4 scale: candidates, interviewers' leniency, noise.
    sd_candidate: float = 0.6
    sd_rater: float = 0.3
    sd_noise: float = 0.5

    def __post_init__(self):
        if self.layout not in LAYOUTS or self.truth not in TRUTHS:
            raise ValueError(f"layout is one of {LAYOUTS}, truth one of {TRUTHS}")
        if not 2 <= self.per_candidate <= self.raters:
            raise ValueError("each candidate needs two or more interviewers from the pool")

    @property
    def label(self) -> str:
        return (
            f"{self.candidates:,} candidates, {self.raters} interviewers, "
            f"{self.per_candidate} each, {self.layout}, {self.truth}"
        )


@dataclass
class Simulated:
    ci: np.ndarray  # (n,) candidate code of each rating
    ri: np.ndarray  # (n,) interviewer code of each rating
    ratings: np.ndarray  # (data sets, n)
    score: np.ndarray  # (data sets, candidates): the true calibrated score
    leniency: np.ndarray  # (data sets, raters): the true leniency


def layout(design: Design, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Who interviews whom: (candidate code, interviewer code) per rating, every interviewer
    used and the graph connected (redrawn until it is)."""
    c, r, k = design.candidates, design.raters, design.per_candidate
    for _ in range(100):
        if design.layout == "rotating":
            start = np.arange(c) % r
            panels = (start[:, None] + np.arange(k)[None, :]) % r
        elif design.layout == "specialists":
            groups = np.array_split(rng.permutation(r), k)
            panels = np.column_stack([rng.choice(g, size=c) for g in groups])
        else:
            weight = 1.0 / np.arange(1, r + 1) ** 1.2  # a few do most interviews
            weight = weight[rng.permutation(r)]
            panels = np.array(
                [rng.choice(r, size=k, replace=False, p=weight / weight.sum()) for _ in range(c)]
            )
        ci = np.repeat(np.arange(c), k)
        ri = panels.ravel()
        if len(np.unique(ri)) == r and _connected(ci, ri, c, r):
            return ci, ri
    raise ValueError(f"could not draw a connected layout for {design.label}")


def _connected(ci, ri, c, r) -> bool:
    from panelist.calibration.stats import _components

    pieces, _ = _components(ci, ri, c, r)
    return pieces == 1


def simulate(design: Design, data_sets: int, seed: int = 0) -> Simulated:
    rng = np.random.default_rng(seed)
    ci, ri = layout(design, rng)
    c, r, s = design.candidates, design.raters, data_sets
    a = rng.normal(0, design.sd_candidate, size=(s, c))
    b = rng.normal(0, design.sd_rater, size=(s, r))
    noise = rng.normal(0, design.sd_noise, size=(s, len(ci)))
    latent_mean = 2.5 + a[:, ci] + b[:, ri]
    if design.truth == "continuous":
        ratings = latent_mean + noise
        expected = 2.5 + a[:, :, None] + b[:, None, :]  # (sets, candidates, raters)
    else:
        # Each interviewer's own cut points: the common ones (1.75, 2.5, 3.25) moved together
        # by a little and spread a little wider or narrower.
        base = np.array([1.75, 2.5, 3.25])
        stretch = rng.uniform(0.8, 1.25, size=(s, r, 1))
        cuts = 2.5 + (base - 2.5) * stretch + rng.normal(0, 0.1, size=(s, r, 1))
        ratings = 1.0 + np.sum(
            (latent_mean + noise)[:, :, None] > cuts[np.arange(s)[:, None], ri[None, :]], axis=2
        )
        # Expected rating of candidate c by interviewer j: 1 + sum over cuts of P(latent > cut).
        centre = 2.5 + a[:, :, None] + b[:, None, :]  # (sets, candidates, raters)
        expected = 1.0 + np.sum(
            norm.sf((cuts[:, None, :, :] - centre[..., None]) / design.sd_noise), axis=3
        )
    score = expected.mean(axis=2)
    leniency = (expected - score[:, :, None]).mean(axis=1)
    return Simulated(ci=ci, ri=ri, ratings=ratings, score=score, leniency=leniency)
