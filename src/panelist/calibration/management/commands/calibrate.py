"""``panelist calibrate``: fit interviewer leniency on every target and store the run."""

from __future__ import annotations

import json

from django.core import checks
from django.core.management.base import BaseCommand, CommandError, CommandParser

from panelist.calibration import services
from panelist.calibration.models import CalibrationRun

EXIT_NOTHING_FITTED = 1
EXIT_PARTLY_FITTED = 3


class Command(BaseCommand):
    help = (
        "Fit each interviewer's leniency and each candidate's calibrated score, per dimension "
        "and for the overall recommendation, on all submitted scorecards; store the run for "
        "the interviewer, debrief and comparison pages. Exit status: 0 every target fitted, "
        f"{EXIT_PARTLY_FITTED} some could not be fitted (the summary says why), "
        f"{EXIT_NOTHING_FITTED} none could."
    )

    # The model checks only: the full set imports every view through the URLs (the charts'
    # matplotlib among them), which would cost a second of start-up before any work.
    requires_system_checks = [checks.Tags.models]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--json", action="store_true", help="Print the run as JSON instead of a table."
        )

    def handle(self, *args, **options) -> None:
        progress = None
        if not options["json"] and self.stdout.isatty():
            progress = self._progress
        run = services.calibration_run(progress=progress)
        if progress is not None:
            self.stdout.write("\r\x1b[K", ending="")  # clear the progress line
        run = CalibrationRun.objects.prefetch_related("fits").get(pk=run.pk)
        fits = list(run.fits.all())
        if options["json"]:
            self.stdout.write(json.dumps(summary_json(run, fits), indent=2))
        else:
            self._print_table(run, fits)
        fitted = sum(fit.fitted for fit in fits)
        if fitted == 0:
            raise CommandError(
                "No target could be fitted; the reasons are listed above.",
                returncode=EXIT_NOTHING_FITTED,
            )
        if fitted < len(fits):
            raise CommandError(
                f"{len(fits) - fitted} of {len(fits)} targets could not be fitted; the reasons "
                "are listed above. The others are stored.",
                returncode=EXIT_PARTLY_FITTED,
            )

    def _progress(self, message: str) -> None:
        """One line, rewritten in place: where a long run is."""
        self.stdout.write(f"\r\x1b[K{message}…", ending="")
        self.stdout.flush()

    def _print_table(self, run, fits) -> None:
        self.stdout.write(
            f"Calibration run {run.pk}: {run.scorecards} submitted scorecards, "
            f"{run.seconds:.2f} s\n"
        )
        header = (
            f"{'target':<24} {'ratings':>7} {'cands':>5} {'raters':>6} "
            f"{'cand var':>8} {'rater var':>9} {'resid var':>9} "
            f"{'ICC(A,1)':>8} {'ICC(A,k)':>8} {'ICC(C,1)':>8} {'alpha':>6}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for fit in fits:
            counts = f"{fit.label:<24} {fit.n_ratings:>7} {fit.n_candidates:>5} {fit.n_raters:>6}"
            if fit.fitted:
                self.stdout.write(
                    f"{counts} {fit.var_candidate:>8.3f} {fit.var_rater:>9.3f} "
                    f"{fit.var_residual:>9.3f} {_num(fit.icc_a1):>8} {_num(fit.icc_ak):>8} "
                    f"{_num(fit.icc_c1):>8} {_num(fit.alpha):>6}"
                )
                if fit.reason:
                    self.stdout.write(f"{'':<24} note: {fit.reason}")
            else:
                self.stdout.write(f"{counts} not fitted: {fit.reason}")
        self.stdout.write(
            "\nVariances are on the 1-4 rating scale. ICC(A,1): agreement of one rating with "
            "the candidate's true level; ICC(A,k): of the mean of k ratings (k = ratings per "
            "candidate); ICC(C,1): of one rating once leniency is removed. Interviewer "
            "leniencies are on the interviewer page."
        )


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def summary_json(run, fits) -> dict:
    return {
        "run": run.pk,
        "created_at": run.created_at.isoformat(),
        "scorecards": run.scorecards,
        "seconds": round(run.seconds, 4),
        "fits": [
            {
                "target": fit.target,
                "label": fit.label,
                "fitted": fit.fitted,
                "reason": fit.reason,
                "intervals": fit.method if fit.fitted else None,
                "ratings": fit.n_ratings,
                "candidates": fit.n_candidates,
                "interviewers": fit.n_raters,
                "mean": fit.mean,
                "variance": {
                    "candidate": fit.var_candidate,
                    "interviewer": fit.var_rater,
                    "residual": fit.var_residual,
                },
                "icc_a1": fit.icc_a1,
                "icc_ak": fit.icc_ak,
                "ratings_per_candidate": fit.mean_ratings_per_candidate,
                "icc_c1": fit.icc_c1,
                "krippendorff_alpha_interval": fit.alpha,
                "pieces": fit.pieces,
                "dropped_ratings": fit.dropped_ratings,
            }
            for fit in fits
        ],
    }
