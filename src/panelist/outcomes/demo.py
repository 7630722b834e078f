"""Demo data for the validity page: a past cohort whose later performance has a known truth.

Each candidate has a true ability per dimension. On coding, modeling, scientific knowledge
and communication the interview sees that ability through noise (and each interviewer's
leniency, as in ``core.demo_history``); on people skills it sees something unrelated, so
people-skills interviews predict nothing of later people-skills performance. The committee
hires on the mean interview rating (direct range restriction), the hires start a month
later, and the hiring manager's 6- and 12-month reviews rate the true ability. The two most
recent 6-month reviews are left for the manager to write.

For speed the cohort is written with the ORM, not the services, under ``demo_history.at`` so
that every timestamp reads as the story's own; the timeline events the services would write
are written alongside.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from panelist.core.demo_evidence import Notebook, no_go_reason, profile_for
from panelist.core.demo_history import LENIENCY, Diary, at, feedback_due
from panelist.decisions.models import (
    CommitteeRecommendation,
    CommitteeRecommendationRecord,
    Decision,
    Outcome,
)
from panelist.hiring.models import (
    Application,
    ApplicationEvent,
    Candidate,
    EventKind,
    Opening,
    OpeningStatus,
    Stage,
)
from panelist.interviews.models import (
    GO_RECOMMENDATIONS,
    Assignment,
    Mode,
    Rating,
    Recommendation,
    Scorecard,
    ScorecardStatus,
)
from panelist.interviews.services import questions_for, refresh_committee_complete
from panelist.library.models import Dimension, InterviewFormat, Level
from panelist.library.services import latest_version
from panelist.outcomes.models import DimensionReview, HireStart, Review
from panelist.outcomes.services import add_months

# How strongly the interview sees each dimension's true ability (0: not at all).
TRUTH = {"coding": 0.85, "modeling": 0.85, "science": 0.8, "communication": 0.75, "people": 0.0}
COHORT = 64
FIRST_NAMES = [
    "Ana", "Ben", "Cleo", "Dario", "Eun", "Femi", "Gil", "Hana", "Ivo", "Jade", "Kai", "Lea",
    "Milo", "Nia", "Oren", "Pia", "Rui", "Sara", "Tao", "Uma", "Vik", "Wen", "Yara", "Zeno",
    "Alba", "Bo", "Cyrus", "Dana", "Emil", "Fay", "Gus", "Hedy",
]  # fmt: skip
LAST_NAMES = ["Aalto", "Brennan", "Castro", "Dubois", "Endo", "Fischer", "Gupta", "Horvat"]
# (format, dimensions) of the four members of each committee
ROLES = [
    ("seminar", ["communication", "science", "modeling"]),
    ("seminar", ["communication", "science", "modeling"]),
    ("behavioural-story", ["people"]),
    ("code-review", ["coding"]),
]
POOL = ["ian", "ines", "omar", "priya"]
HIRE_ABOVE = 2.75  # the committee recommends those whose mean rating reaches this
REVIEW_EVIDENCE = {
    "people": "Handled {situation} by talking it through with everyone involved.",
    "communication": "Presented {topic} results at the group meeting; questions were answered.",
    "science": "Designed the controls for the {topic} experiment with the bench team.",
    "coding": "Owns the {tool} code; reviews of it are {quality}.",
    "modeling": "Built {method} for {topic}; the choice of model was {quality}.",
}
QUALITY = {1: "a concern", 2: "uneven", 3: "solid", 4: "excellent"}


def _clamp(value: float) -> int:
    return min(4, max(1, round(value)))


def create_validity_cohort(users, team, diary: Diary, now: datetime) -> Opening:
    """A closed opening of ``COHORT`` interviewed candidates, its hires and their reviews."""
    rng = random.Random(1717)  # the truth and the ratings: their stream must not change
    plan = random.Random(17)  # the notes' wording
    maya = users["maya"]
    version = latest_version()
    level = Level.objects.get(key="ra")
    dimensions = {d.key: d for d in Dimension.objects.filter(key__in=TRUTH)}
    formats = {f.key: f for f in InterviewFormat.objects.all()}
    first_day = timezone.localtime(now).replace(hour=9, minute=0, second=0, microsecond=0)
    first_day -= timedelta(days=COHORT * 7 + 240)
    with at(first_day - timedelta(days=20)):
        opening = Opening.objects.create(
            title="Research Associate, lab automation",
            team=team,
            hiring_manager=maya,
            target_level=level,
            library_version=version,
            description="A cohort hired over a year; their reviews test the interviews.",
            status=OpeningStatus.CLOSED,
        )
    hires: list[tuple[Decision, dict[str, float], object]] = []
    for number in range(COHORT):
        day = first_day + timedelta(days=number * 7)
        name = (
            f"{FIRST_NAMES[number % len(FIRST_NAMES)]} "
            f"{LAST_NAMES[(number + number // len(FIRST_NAMES)) % len(LAST_NAMES)]}"
        )
        ability = {key: rng.gauss(0, 1) for key in TRUTH}
        seen = {
            key: weight * ability[key] + math.sqrt(1 - weight**2) * rng.gauss(0, 1)
            for key, weight in TRUTH.items()
        }
        application, ratings = _interview(
            users, opening, name, number, day, seen, rng, plan, diary, dimensions, formats
        )
        decision = _decide(maya, application, ratings, level)
        if decision.outcome == Outcome.HIRE:
            hires.append((decision, ability, profile_for(plan)))
    _reviews(maya, hires, now, rng)
    return opening


def _interview(users, opening, name, number, day, seen, rng, plan, diary, dimensions, formats):
    applied = day - timedelta(days=12)
    with at(applied):
        candidate = Candidate.objects.create(
            name=name, email=f"cohort{number}@example.net", created_by=users["rita"]
        )
        application = Application.objects.create(candidate=candidate, opening=opening)
        _event(application, users["rita"], EventKind.APPLIED, f"{name} added to {opening.title}")
    for offset, previous, stage in (
        (3, "Applied", Stage.SCREENING),
        (6, "Screening", Stage.INTERVIEWING),
    ):
        with at(applied + timedelta(days=offset)):
            _move(application, users["rita"], previous, stage)
    committee = [POOL[(number + k) % len(POOL)] for k in range(len(ROLES))]
    earliest = day.replace(hour=9)
    seminar_start = diary.book(
        [name, *committee[:2]], formats["seminar"].duration_minutes, earliest
    )
    profile = profile_for(plan)
    all_ratings: list[int] = []
    handed_in = []
    for member, (fmt, keys) in zip(committee, ROLES, strict=True):
        interview_format = formats[fmt]
        scheduled = (
            seminar_start
            if fmt == "seminar"
            else diary.book([name, member], interview_format.duration_minutes, earliest)
        )
        with at(applied + timedelta(days=6, hours=1)):
            assignment = Assignment.objects.create(
                application=application,
                member=users[member],
                interview_format=interview_format,
                scheduled_at=scheduled,
                mode=Mode.IN_PERSON,
                location="Room 2.04",
                feedback_due=feedback_due(scheduled),
                assigned_by=users["maya"],
            )
            assignment.dimensions.set([dimensions[key] for key in keys])
            _event(
                application,
                users["maya"],
                EventKind.ASSIGNED,
                f"{users[member]} assigned to the {interview_format.name}",
            )
        ends = scheduled + timedelta(minutes=interview_format.duration_minutes)
        notebook = Notebook(profile, plan)
        rows, notes = [], {}
        for question in questions_for(assignment):
            key = question.rubric.dimension.key
            value = _clamp(2.6 + 0.8 * seen[key] + LENIENCY[member] + rng.gauss(0, 0.4))
            # The date keeps one candidate's notes apart from another's with the same profile.
            evidence = f"{notebook.note(question.key, value)} Noted on {scheduled:%d %B %Y}."
            rows.append((question, value, evidence))
            notes[question.prompt] = (value, evidence)
        values = [value for _, value, _ in rows]
        lean = sum(values) / len(values) + rng.gauss(0, 0.3)
        recommendation = (
            Recommendation.STRONG_YES
            if lean >= 3.4
            else Recommendation.YES
            if lean >= 2.6
            else Recommendation.NO
            if lean >= 1.9
            else Recommendation.STRONG_NO
        )
        submitted = ends + timedelta(hours=rng.uniform(2, 30))
        weakest = min(rows, key=lambda row: row[1])[0]
        with at(ends + timedelta(minutes=5)):
            scorecard = Scorecard.objects.create(
                assignment=assignment,
                library_version_id=opening.library_version_id,
                status=ScorecardStatus.SUBMITTED,
                recommendation=recommendation,
                recommendation_reason=""
                if recommendation in GO_RECOMMENDATIONS
                else no_go_reason(notes),
                reason_question=None if recommendation in GO_RECOMMENDATIONS else weakest,
                summary="Problem, method and finding each came across in a sentence."
                if fmt == "seminar"
                else "",
                submitted_at=submitted,
            )
            Rating.objects.bulk_create(
                Rating(scorecard=scorecard, question=question, value=value, evidence=evidence)
                for question, value, evidence in rows
            )
        Assignment.objects.filter(pk=assignment.pk).update(submitted=True)
        refresh_committee_complete(application.pk)
        with at(submitted):
            _event(
                application,
                users[member],
                EventKind.SUBMITTED,
                f"{users[member]} submitted the {interview_format.name} scorecard",
            )
        all_ratings.extend(values)
        handed_in.append(submitted)
    with at(max(handed_in) + timedelta(minutes=1)):
        _move(application, None, "Interviewing", Stage.DEBRIEF)
    return application, (all_ratings, max(handed_in))


def _decide(maya, application, ratings, level) -> Decision:
    values, last_submitted = ratings
    hire = sum(values) / len(values) >= HIRE_ABOVE
    verdict = Recommendation.YES if hire else Recommendation.NO
    debrief = last_submitted + timedelta(hours=20)
    with at(debrief):
        CommitteeRecommendationRecord.objects.create(
            application=application, recommendation=verdict, recorded_by=maya
        )
        CommitteeRecommendation.objects.create(
            application=application, recommendation=verdict, recorded_by=maya
        )
        _event(
            application,
            maya,
            EventKind.COMMITTEE,
            f"Committee recommends: {verdict.label}",
        )
    with at(debrief + timedelta(days=1)):
        decision = Decision.objects.create(
            application=application,
            outcome=Outcome.HIRE if hire else Outcome.REJECT,
            level=level if hire else None,
            rationale="Strong across the dimensions assessed; hired at the target level."
            if hire
            else "Below the bar the committee set for this cohort.",
            supported_level=level if hire else None,
            decided_by=maya,
        )
        _move(application, maya, "Debrief", Stage.DECIDED)
        _event(
            application,
            maya,
            EventKind.DECIDED,
            f"Decision: {decision.get_outcome_display()}" + (f" as {level}" if hire else ""),
        )
    return decision


def _reviews(maya, hires, now, rng) -> None:
    """Start dates a month after each hire, and every review due by now except the two most
    recent 6-month ones (the manager's work waiting on the home page)."""
    today = timezone.localdate(now)
    due_six = []
    for decision, ability, profile in hires:
        start_date = timezone.localdate(decision.decided_at) + timedelta(days=28)
        with at(decision.decided_at + timedelta(days=2)):
            hire = HireStart.objects.create(
                decision=decision, start_date=start_date, recorded_by=maya
            )
        for period in (6, 12):
            due = add_months(start_date, period)
            if due > today:
                continue
            if period == 6:
                due_six.append((due, hire, ability, profile))
                continue
            _review(maya, hire, period, due, ability, profile, rng)
    due_six.sort(key=lambda item: item[0])
    for due, hire, ability, profile in due_six[:-2]:
        _review(maya, hire, 6, due, ability, profile, rng)


def _review(maya, hire, period, due, ability, profile, rng) -> None:
    moment = timezone.make_aware(datetime.combine(due + timedelta(days=3), time(16)))
    with at(moment):
        review = Review.objects.create(
            hire=hire,
            period=period,
            would_hire_again=sum(ability.values()) > -1,
            still_in_role=rng.random() > 0.08,
            reviewer=maya,
        )
        rows = []
        for dimension in Dimension.objects.filter(assessed=True).order_by("order"):
            rating = _clamp(2.6 + 0.85 * ability.get(dimension.key, 0) + rng.gauss(0, 0.35))
            text = REVIEW_EVIDENCE.get(dimension.key, "Seen over the {topic} project.")
            rows.append(
                DimensionReview(
                    review=review,
                    dimension=dimension,
                    rating=rating,
                    evidence=text.format(**profile.__dict__, quality=QUALITY[rating]),
                )
            )
        DimensionReview.objects.bulk_create(rows)


def _event(application, actor, kind, description) -> None:
    ApplicationEvent.objects.create(
        application=application, actor=actor, kind=kind, description=description
    )


def _move(application, actor, previous: str, stage: Stage) -> None:
    application.stage = stage
    application.stage_changed_at = timezone.now()
    application.version += 1
    application.save(update_fields=["stage", "stage_changed_at", "version"])
    _event(application, actor, EventKind.STAGE, f"Moved from {previous} to {stage.label}")
