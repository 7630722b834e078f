"""Benchmark of ``panelist calibrate`` on a seeded database: prints a table, asserts nothing.

    make bench-calibration                          # also runs this, at 10,000 applications
    python bench/calibrate_app.py --sizes 1000 10000 --repeat 3

Each size gets a fresh SQLite database in a temporary directory (or under --data-dir), seeded
by bulk inserts: N applications in one opening, each with five submitted scorecards (people
skills, a seminar on communication, science and modeling, an experiment walk-through, a code
review, a modeling one-to-one: 35 ratings with evidence per application) from a pool of
interviewers with planted leniencies, and a committee recommendation on half of them.

The command runs with DEBUG off, in a child process as a person would run it (wall time,
Python start-up and imports included) and in-process (call_command) for the split between
reading the scorecards, fitting and writing the run. Times are medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "bench-only-secret-key-" + "0123456789abcdef" * 3
ASSIGNMENTS = [  # (format, dimensions): five scorecards, 35 questions in the shipped rubrics
    ("behavioural-story", ["people"]),
    ("seminar", ["communication", "science", "modeling"]),
    ("experiment-walkthrough", ["science"]),
    ("code-review", ["coding"]),
    ("modeling-one-to-one", ["modeling"]),
]
EVIDENCE = (
    "Walked through the design, named two alternatives they had rejected and why, and pointed "
    "unprompted at the part they would improve next."
)


def configure(data_dir: Path) -> None:
    os.environ.update(
        {
            "PANELIST_DATA_DIR": str(data_dir),
            "DEBUG": "false",
            "SECRET_KEY": SECRET,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "panelist.settings",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def seed(n: int, *, interviewers: int = 200, seed_value: int = 0) -> int:
    """Seed ``n`` applications with five submitted scorecards each; returns the rating count."""
    import numpy as np
    from django.core.management import call_command
    from django.utils import timezone

    from panelist.access.models import Role, User
    from panelist.decisions.models import CommitteeRecommendation
    from panelist.hiring.models import Application, Candidate, Opening, Stage
    from panelist.interviews.models import Assignment, Rating, Recommendation, Scorecard
    from panelist.library.models import Dimension, InterviewFormat, Level, RubricQuestion
    from panelist.library.services import library_load_default
    from panelist.teams.models import Team

    call_command("migrate", verbosity=0)
    version = library_load_default().version
    rng = np.random.default_rng(seed_value)
    now = timezone.now()
    manager = User.objects.create(username="manager", role=Role.HIRING_MANAGER)
    pool = User.objects.bulk_create(
        User(username=f"interviewer{i}", first_name=f"Interviewer {i:03d}")
        for i in range(interviewers)
    )
    pool_ids = np.array([u.pk for u in pool])
    leniency = rng.normal(0, 0.5, interviewers)
    team = Team.objects.create(name="Bench team", slug="bench")
    opening = Opening.objects.create(
        title="Data Scientist (bench)",
        team=team,
        hiring_manager=manager,
        target_level=Level.objects.get(key="ds"),
        library_version=version,
    )
    candidates = Candidate.objects.bulk_create(
        (Candidate(name=f"Candidate {i}", email=f"candidate{i}@example.net") for i in range(n)),
        batch_size=2000,
    )
    applications = Application.objects.bulk_create(
        (Application(candidate=c, opening=opening, stage=Stage.DEBRIEF) for c in candidates),
        batch_size=2000,
    )
    formats = {f.key: f for f in InterviewFormat.objects.all()}
    dimensions = dict(Dimension.objects.values_list("key", "pk"))
    questions = {
        key: list(
            RubricQuestion.objects.filter(
                rubric__version=version,
                rubric__dimension__key__in=keys,
                formats=formats[key],
            ).values_list("pk", flat=True)
        )
        for key, keys in ASSIGNMENTS
    }
    members = np.stack(
        [rng.choice(interviewers, len(ASSIGNMENTS), replace=False) for _ in range(n)]
    )
    truth = rng.normal(2.6, 0.6, n)
    assignments, scorecards, values = [], [], []
    for a, application in enumerate(applications):
        scheduled = now - timedelta(days=30, hours=int(rng.integers(0, 500)))
        for s, (format_key, _) in enumerate(ASSIGNMENTS):
            member = members[a, s]
            assignments.append(
                Assignment(
                    application=application,
                    member_id=int(pool_ids[member]),
                    interview_format=formats[format_key],
                    scheduled_at=scheduled,
                    feedback_due=scheduled + timedelta(hours=48),
                )
            )
            level = truth[a] + leniency[member]
            values.append(
                np.clip(np.rint(level + rng.normal(0, 0.6, len(questions[format_key]))), 1, 4)
            )
    assignments = Assignment.objects.bulk_create(assignments, batch_size=2000)
    through = Assignment.dimensions.through
    through.objects.bulk_create(
        (
            through(assignment_id=assignment.pk, dimension_id=dimensions[key])
            for i, assignment in enumerate(assignments)
            for key in ASSIGNMENTS[i % len(ASSIGNMENTS)][1]
        ),
        batch_size=5000,
    )
    coded = [Recommendation.STRONG_NO, Recommendation.NO, Recommendation.YES]
    coded.append(Recommendation.STRONG_YES)
    for i, assignment in enumerate(assignments):
        hours = float(rng.gamma(2.0, 20.0))
        scorecards.append(
            Scorecard(
                assignment=assignment,
                library_version=version,
                status="submitted",
                recommendation=coded[int(np.clip(np.rint(values[i].mean()), 1, 4)) - 1],
                recommendation_reason="Bench data.",
                submitted_at=assignment.scheduled_at + timedelta(hours=hours),
            )
        )
    scorecards = Scorecard.objects.bulk_create(scorecards, batch_size=2000)
    ratings = 0
    batch = []
    for i, scorecard in enumerate(scorecards):
        format_key = ASSIGNMENTS[i % len(ASSIGNMENTS)][0]
        for question, value in zip(questions[format_key], values[i], strict=True):
            batch.append(
                Rating(
                    scorecard=scorecard, question_id=question, value=int(value), evidence=EVIDENCE
                )
            )
        if len(batch) >= 20_000:
            Rating.objects.bulk_create(batch, batch_size=5000)
            ratings += len(batch)
            batch = []
    Rating.objects.bulk_create(batch, batch_size=5000)
    ratings += len(batch)
    CommitteeRecommendation.objects.bulk_create(
        (
            CommitteeRecommendation(
                application=application,
                recommendation=coded[2 + (truth[a] > 2.6)] if truth[a] > 2.3 else coded[1],
                recorded_by=manager,
            )
            for a, application in enumerate(applications)
            if a % 2 == 0
        ),
        batch_size=2000,
    )
    return ratings


def time_in_process() -> dict[str, float]:
    """One run of the command in this process, split by its progress steps into reading the
    scorecards, fitting and storing; wall and CPU seconds."""
    import io

    from django.core.management import CommandError, call_command

    from panelist.calibration import services

    marks: list[tuple[str, float]] = []

    def progress(message: str) -> None:
        marks.append((message.split()[0], time.perf_counter()))

    start, cpu = time.perf_counter(), time.process_time()
    original = services.calibration_run
    services.calibration_run = lambda **kw: original(**{**kw, "progress": progress})
    try:
        with contextlib.suppress(CommandError):  # some target not fitted: stored all the same
            call_command("calibrate", stdout=io.StringIO())
    finally:
        services.calibration_run = original
    end = time.perf_counter()
    first = {}
    for step, when in marks:
        first.setdefault(step, when)
    return {
        "read": first["Fitting"] - first["Reading"],
        "fit": first["Storing"] - first["Fitting"],
        "store": end - first["Storing"],
        "command": end - start,
        "cpu": time.process_time() - cpu,
    }


def time_child() -> tuple[float, float]:
    """Wall and CPU seconds of ``python -m panelist calibrate`` in a child process."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "panelist", "calibrate"],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--data-dir", type=Path, help="Keep the databases here (default: a temp dir)."
    )
    parser.add_argument(
        "--reuse", action="store_true", help="Reuse a database seeded earlier in --data-dir."
    )
    args = parser.parse_args()
    base = args.data_dir or Path(tempfile.mkdtemp(prefix="panelist-bench-"))
    if len(args.sizes) > 1:
        # Django is set up once per process: run each size in its own child.
        for n in args.sizes:
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--sizes",
                    str(n),
                    "--repeat",
                    str(args.repeat),
                    "--data-dir",
                    str(base),
                    *(["--reuse"] if args.reuse else []),
                ],
                check=True,
            )
        return
    n = args.sizes[0]
    data_dir = base / f"n{n}"
    data_dir.mkdir(parents=True, exist_ok=True)
    database = data_dir / "panelist.sqlite3"
    reuse = args.reuse and database.exists()
    if not reuse:
        database.unlink(missing_ok=True)
    configure(data_dir)
    start = time.perf_counter()
    if reuse:
        from panelist.interviews.models import Rating

        ratings = Rating.objects.count()
    else:
        ratings = seed(n)
    seeded = time.perf_counter() - start
    print(
        f"seeded {n:,} applications, {5 * n:,} scorecards, {ratings:,} ratings in {seeded:.1f} s",
        flush=True,
    )
    runs = [time_in_process() for _ in range(args.repeat)]
    child = [time_child() for _ in range(args.repeat)]

    def med(key: str) -> float:
        return statistics.median(run[key] for run in runs)

    print(
        "| applications | scorecards | ratings | read (s) | fit (s) | store (s) "
        "| call_command wall / CPU (s) | `panelist calibrate` wall / CPU (s) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {n:,} | {5 * n:,} | {ratings:,} | {med('read'):.2f} | {med('fit'):.2f} "
        f"| {med('store'):.2f} | {med('command'):.2f} / {med('cpu'):.2f} "
        f"| {statistics.median(w for w, _ in child):.2f} / "
        f"{statistics.median(c for _, c in child):.2f} |",
        flush=True,
    )
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
