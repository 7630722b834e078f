"""Coverage of the calibration's 90 % intervals on simulated data: prints a table, asserts nothing.

    make bench-coverage                        # every design, 500 data sets each
    python bench/coverage.py --sizes 20,50 --data-sets 200

For each design (candidates x interviewers x layout x truth, see
``panelist.calibration.simulation``) it draws the data sets on one layout and reports, for
candidate scores and for leniencies, the share of 90 % intervals that hold the truth, their
mean width, and the share of fits that refuse. Two methods:

- ``posterior``: the Gibbs sampler of ``panelist.calibration.posterior`` (the app's method for
  targets with fewer than ``SMALL_DATA`` ratings); every data set of a design in one batch;
- ``plug-in``: ``stats.fit_crossed`` with its standard errors (the app's fast path for larger
  data); a fit whose variance components come out at or below zero counts as refused, since
  the app does not publish its intervals.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from panelist.calibration import stats  # noqa: E402
from panelist.calibration.posterior import CHAINS, DRAWS, LEVEL, sample_crossed  # noqa: E402
from panelist.calibration.simulation import Design, simulate  # noqa: E402

SMALL_DATA = 5_000  # the app's threshold (panelist.calibration.services), restated here
Z = 1.6448536269514722  # two-sided 90 %

# (candidates, interviewers, per candidate) per layout and size.
PANELS = {
    20: {"rotating": (5, 2), "specialists": (6, 3), "unequal": (8, 3)},
    50: {"rotating": (6, 2), "specialists": (8, 4), "unequal": (10, 3)},
    200: {"rotating": (10, 3), "specialists": (12, 4), "unequal": (15, 5)},
    2_000: {"rotating": (20, 3), "specialists": (25, 5), "unequal": (30, 4)},
    20_000: {"rotating": (40, 3), "specialists": (50, 5), "unequal": (60, 4)},
}


def designs(sizes):
    for size in sizes:
        for layout, (raters, each) in PANELS[size].items():
            for truth in ("continuous", "ordinal"):
                yield Design(size, raters, each, layout, truth)


def posterior_row(sim, design, seed):
    """The sampler on every data set of the design, in batches that keep the draws held at
    once to about 20 million numbers."""
    per_set = DRAWS * CHAINS * (design.candidates + design.raters)
    batch = max(1, min(len(sim.ratings), 20_000_000 // per_set))
    covered_s, covered_l, width_s, width_l = [], [], [], []
    for start in range(0, len(sim.ratings), batch):
        part = slice(start, start + batch)
        fit = sample_crossed(
            sim.ci,
            sim.ri,
            sim.ratings[part],
            n_candidates=design.candidates,
            n_raters=design.raters,
            seed=seed + start,
        )
        score, leniency = sim.score[part], sim.leniency[part]
        covered_s.append((score >= fit.score_low) & (score <= fit.score_high))
        covered_l.append((leniency >= fit.leniency_low) & (leniency <= fit.leniency_high))
        width_s.append(fit.score_high - fit.score_low)
        width_l.append(fit.leniency_high - fit.leniency_low)
    return {
        "score": np.mean(np.concatenate(covered_s)),
        "score_width": np.mean(np.concatenate(width_s)),
        "leniency": np.mean(np.concatenate(covered_l)),
        "leniency_width": np.mean(np.concatenate(width_l)),
        "refused": 0.0,
    }


def plugin_row(sim, limit):
    covered_s, covered_l, width_s, width_l, refused, tried = [], [], [], [], 0, 0
    for i in range(min(limit, len(sim.ratings))):
        tried += 1
        try:
            fit = stats.fit_crossed(sim.ci, sim.ri, sim.ratings[i], scale=None)
        except ValueError:
            refused += 1
            continue
        if fit.components_clipped:
            refused += 1
            continue
        average = fit.leniency.mean()
        score, leniency = fit.candidate_score + average, fit.leniency - average
        covered_s.append(np.mean(np.abs(score - sim.score[i]) <= Z * fit.candidate_se))
        covered_l.append(np.mean(np.abs(leniency - sim.leniency[i]) <= Z * fit.leniency_se))
        width_s.append(2 * Z * np.mean(fit.candidate_se))
        width_l.append(2 * Z * np.mean(fit.leniency_se))
    nan = float("nan")
    return {
        "score": np.mean(covered_s) if covered_s else nan,
        "score_width": np.mean(width_s) if width_s else nan,
        "leniency": np.mean(covered_l) if covered_l else nan,
        "leniency_width": np.mean(width_l) if width_l else nan,
        "refused": refused / tried,
    }


def verdict(row) -> str:
    ok = all(0.85 <= row[k] <= 0.95 for k in ("score", "leniency"))
    return "met" if ok else "NOT MET"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,50,200,2000,20000")
    parser.add_argument("--data-sets", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--plug-in-limit",
        type=int,
        default=500,
        help="plug-in fits per design (each is a Python call; the posterior runs batched)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    unknown = set(sizes) - set(PANELS)
    if unknown:
        parser.error(f"--sizes takes some of {', '.join(map(str, PANELS))}")
    if args.data_sets < 10:
        parser.error("--data-sets must be at least 10")
    print(
        f"Coverage of {LEVEL:.0%} intervals, {args.data_sets} data sets per design "
        f"(seed {args.seed}); target 85-95 % for the app's method\n"
    )
    head = (
        "| design | ratings | method | scores covered | score width | leniencies covered "
        "| leniency width | fits refused | app's method | 85-95 % |"
    )
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    started = time.perf_counter()
    for number, design in enumerate(designs(sizes)):
        seed = args.seed + number
        sim = simulate(design, args.data_sets, seed=seed)
        ratings = len(sim.ci)
        methods = ["posterior", "plug-in"] if ratings < SMALL_DATA else ["plug-in"]
        app_method = methods[0]
        for method in methods:
            t = time.perf_counter()
            if method == "posterior":
                row = posterior_row(sim, design, seed)
            else:
                row = plugin_row(sim, args.plug_in_limit)
            print(
                f"| {design.label} | {ratings:,} | {method} | {row['score']:.1%} | "
                f"{row['score_width']:.2f} | {row['leniency']:.1%} | {row['leniency_width']:.2f} | "
                f"{row['refused']:.0%} | {'yes' if method == app_method else ''} | "
                f"{verdict(row) if method == app_method else ''} |",
                flush=True,
            )
            print(f"  {method}: {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)
    print(f"\nDone in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
