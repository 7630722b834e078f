"""Benchmark of panelist.calibration.fit_crossed: prints a table, asserts nothing.

    make bench-calibration            # 10^4 .. 10^7 ratings, statsmodels at 2,000 and 5,000
    python bench/calibration.py --sizes 10000 100000 --no-statsmodels

Peak memory is what Python allocated during the fit (tracemalloc; numpy reports its arrays),
not counting the simulated input. One backfitting sweep is timed alone as the floor (the best
of three), and the whole fit is given in sweeps of the same data (target: 40 or fewer at 10^6
ratings).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np

from panelist.calibration import fit_crossed
from panelist.calibration.stats import _backfit, _moments


def simulate(n_ratings: int, seed: int = 0):
    """Five raters per candidate; 200,000 candidates and 5,000 raters at 10^6 ratings."""
    rng = np.random.default_rng(seed)
    per = 5
    n_candidates = n_ratings // per
    n_raters = max(40, n_ratings // 200)
    chosen = rng.integers(n_raters, size=(n_candidates, per))
    ordered = np.sort(chosen, axis=1)
    for row in np.flatnonzero((ordered[:, 1:] == ordered[:, :-1]).any(axis=1)):
        chosen[row] = rng.choice(n_raters, per, replace=False)  # no rater twice per candidate
    c = np.repeat(np.arange(n_candidates), per)
    r = chosen.ravel()
    y = 2.5 + rng.normal(0, 0.77, n_candidates)[c] + rng.normal(0, 0.55, n_raters)[r]
    y += rng.normal(0, 0.7, len(c))
    return c, r, y, n_candidates, n_raters


def time_fit(c, r, y):
    tracemalloc.start()
    start = time.perf_counter()
    fit = fit_crossed(c, r, y, scale=None)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return fit, seconds, peak / 2**20


def time_sweep(c, r, y):
    _, ci = np.unique(c, return_inverse=True)
    _, ri = np.unique(r, return_inverse=True)
    n_c = np.bincount(ci).astype(float)
    n_r = np.bincount(ri).astype(float)
    components, _ = _moments(ci, ri, y, n_c, n_r)
    start = time.perf_counter()
    _backfit(ci, ri, y, n_c, n_r, components, tol=0.0, max_sweeps=1)
    return time.perf_counter() - start


def time_statsmodels(c, r, y):
    import pandas as pd
    import statsmodels.api as sm

    frame = pd.DataFrame({"y": y, "c": c, "r": r, "g": 1})
    start = time.perf_counter()
    sm.MixedLM.from_formula(
        "y ~ 1", groups="g", vc_formula={"c": "0+C(c)", "r": "0+C(r)"}, data=frame
    ).fit(reml=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000, 10_000_000]
    )
    parser.add_argument("--statsmodels-sizes", type=int, nargs="*", default=[2_000, 5_000])
    parser.add_argument("--no-statsmodels", action="store_true")
    args = parser.parse_args()

    print(
        "| ratings | candidates | raters | fit (s) | peak memory (MB) | sweeps | one sweep (s) "
        "| fit / one sweep |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        c, r, y, n_c, n_r = simulate(n)
        fit, seconds, peak = time_fit(c, r, y)
        sweep = min(time_sweep(c, r, y) for _ in range(3))
        print(
            f"| {n:,} | {n_c:,} | {n_r:,} | {seconds:.3f} | {peak:.0f} | {fit.sweeps} "
            f"| {sweep:.4f} | {seconds / sweep:.0f} |",
            flush=True,
        )
    if args.no_statsmodels:
        return
    print()
    print("| ratings | statsmodels MixedLM REML (s) | fit_crossed (s) | speed-up |")
    print("|---:|---:|---:|---:|")
    for n in args.statsmodels_sizes:
        c, r, y, _, _ = simulate(n, seed=1)
        _, ours, _ = time_fit(c, r, y)
        theirs = time_statsmodels(c, r, y)
        print(f"| {n:,} | {theirs:.2f} | {ours:.4f} | {theirs / ours:,.0f}x |", flush=True)


if __name__ == "__main__":
    main()
