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


class Tally:
    """Coverage and widths gathered over batches of data sets."""

    def __init__(self):
        self.parts = {name: [] for name in ("score", "score_width", "leniency", "leniency_width")}
        self.refused = 0
        self.tried = 0

    def add(self, **arrays) -> None:
        for name, values in arrays.items():
            self.parts[name].append(np.ravel(values))

    def row(self) -> dict:
        def mean(name):
            parts = self.parts[name]
            return float(np.mean(np.concatenate(parts))) if parts else float("nan")

        row = {name: mean(name) for name in self.parts}
        row["refused"] = self.refused / self.tried if self.tried else 0.0
        return row


def posterior_tally(tally: Tally, sim, design, seed) -> None:
    """The sampler on a batch of data sets, in sub-batches that keep the draws held at once
    to about 20 million numbers."""
    per_set = DRAWS * CHAINS * (design.candidates + design.raters)
    step = max(1, min(len(sim.ratings), 20_000_000 // per_set))
    for start in range(0, len(sim.ratings), step):
        part = slice(start, start + step)
        fit = sample_crossed(
            sim.ci,
            sim.ri,
            sim.ratings[part],
            n_candidates=design.candidates,
            n_raters=design.raters,
            seed=seed + start,
        )
        score, leniency = sim.score[part], sim.leniency[part]
        tally.tried += len(score)
        tally.add(
            score=(score >= fit.score_low) & (score <= fit.score_high),
            score_width=fit.score_high - fit.score_low,
            leniency=(leniency >= fit.leniency_low) & (leniency <= fit.leniency_high),
            leniency_width=fit.leniency_high - fit.leniency_low,
        )


def plugin_tally(tally: Tally, sim, limit: int) -> None:
    for i in range(len(sim.ratings)):
        if tally.tried >= limit:
            return
        tally.tried += 1
        try:
            fit = stats.fit_crossed(sim.ci, sim.ri, sim.ratings[i], scale=None)
        except ValueError:
            tally.refused += 1
            continue
        if fit.components_clipped:
            tally.refused += 1
            continue
        average = fit.leniency.mean()
        score, leniency = fit.candidate_score + average, fit.leniency - average
        tally.add(
            score=np.abs(score - sim.score[i]) <= Z * fit.score_se,
            score_width=2 * Z * fit.score_se,
            leniency=np.abs(leniency - sim.leniency[i]) <= Z * fit.contrast_se,
            leniency_width=2 * Z * fit.contrast_se,
        )


def batches(design: Design, data_sets: int, seed: int):
    """The design's data sets, simulated a batch at a time (the ordinal truth holds a
    candidates x interviewers table per data set); each batch draws its own layout."""
    per_set = design.candidates * design.raters + design.candidates * design.per_candidate
    size = max(1, min(data_sets, 20_000_000 // per_set))
    for number, start in enumerate(range(0, data_sets, size)):
        yield simulate(design, min(size, data_sets - start), seed=seed * 1000 + number)


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
        ratings = design.candidates * design.per_candidate
        methods = ["posterior", "plug-in"] if ratings < SMALL_DATA else ["plug-in"]
        app_method = methods[0]
        tallies = {method: Tally() for method in methods}
        spent = dict.fromkeys(methods, 0.0)
        for sim in batches(design, args.data_sets, seed):
            for method in methods:
                t = time.perf_counter()
                if method == "posterior":
                    posterior_tally(tallies[method], sim, design, seed)
                else:
                    plugin_tally(tallies[method], sim, args.plug_in_limit)
                spent[method] += time.perf_counter() - t
        for method in methods:
            row = tallies[method].row()
            print(
                f"| {design.label} | {ratings:,} | {method} | {row['score']:.1%} | "
                f"{row['score_width']:.2f} | {row['leniency']:.1%} | {row['leniency_width']:.2f} | "
                f"{row['refused']:.0%} | {'yes' if method == app_method else ''} | "
                f"{verdict(row) if method == app_method else ''} |",
                flush=True,
            )
            print(f"  {method}: {spent[method]:.1f} s", file=sys.stderr, flush=True)
    print(f"\nDone in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
