"""A past opening for the demo, with enough interviews to calibrate the interviewers.

Eighteen candidates went through paired interviews: two members at the seminar (rating
communication, science and modeling) and two at the behavioural and code-review interviews,
drawn in rotation from five people so that
every pair meets. The ratings come from a known truth, so the interviewer
page has something real to find: Ian rates about half a point high, Omar half a point low.
Everything goes through the services, as a person would; only the dates are moved back
afterwards, since the services stamp the present.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from panelist.decisions import services as decisions
from panelist.decisions.models import Outcome
from panelist.hiring import services as hiring
from panelist.hiring.models import OpeningStatus, Stage
from panelist.interviews import services as interviews
from panelist.interviews.models import Assignment, Mode, Recommendation, Scorecard
from panelist.library.models import Dimension, InterviewFormat, Level

POOL = ["ian", "ines", "omar", "priya", "maya"]
LENIENCY = {"ian": 0.5, "ines": 0.0, "omar": -0.5, "priya": 0.15, "maya": -0.1}
PAST_CANDIDATES = [
    "Aiko Tanaka", "Bram de Vries", "Chiara Conti", "Dev Malhotra", "Elif Yilmaz",
    "Farid Haddad", "Greta Lind", "Hugo Moreau", "Isla Fraser", "Jonas Berg",
    "Kemi Adeyemi", "Luca Romano", "Mira Novak", "Nils Eriksen", "Olga Petrova",
    "Pablo Ortega", "Qing Li", "Rosa Almeida",
]  # fmt: skip
# (format, dimensions) taken by the first, second, third and fourth member of each committee
ROLES = [
    [("seminar", ["communication", "science", "modeling"])],
    [("seminar", ["communication", "science", "modeling"])],
    [("behavioural-story", ["people"]), ("code-review", ["coding"])],
    [("behavioural-story", ["people"]), ("code-review", ["coding"])],
]


def create_history(users, team, skills) -> None:
    rng = random.Random(20261126)
    opening = hiring.opening_create(
        actor=users["maya"],
        title="Data Scientist, assay analytics",
        team=team,
        hiring_manager=users["maya"],
        target_level=Level.objects.get(key="ds"),
        required_skills={},
        description="Filled last year; its interviews calibrate the committee.",
    )
    dimensions = {d.key: d for d in Dimension.objects.all()}
    formats = {f.key: f for f in InterviewFormat.objects.all()}
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=400)
    outcomes = []
    for number, name in enumerate(PAST_CANDIDATES):
        candidate = hiring.candidate_create(
            actor=users["rita"], name=name, email=f"{name.split()[0].lower()}@example.com"
        )
        application = hiring.application_create(
            actor=users["rita"], candidate=candidate, opening=opening
        )
        hiring.application_move(
            actor=users["rita"], application=application, stage=Stage.INTERVIEWING
        )
        committee = [POOL[(number + k) % len(POOL)] for k in range(len(ROLES))]
        general = rng.gauss(2.7, 0.45)
        ability = {key: general + rng.gauss(0, 0.3) for key in dimensions}
        day = start + timedelta(days=number * 14)
        votes = []
        for member, roles in zip(committee, ROLES, strict=True):
            for hour, (fmt, keys) in enumerate(roles):
                assignment = interviews.assignment_create(
                    actor=users["maya"],
                    application=application,
                    member=users[member],
                    dimensions=[dimensions[k] for k in keys],
                    interview_format=formats[fmt],
                    scheduled_at=day + timedelta(hours=hour),
                    mode=Mode.IN_PERSON,
                    location="Room 4.12",
                    feedback_due=day + timedelta(days=2),
                )
                votes.append(_write(rng, users[member], assignment, ability, LENIENCY[member]))
                late = rng.random() < (0.4 if member == "priya" else 0.1)
                delay = rng.uniform(50, 90) if late else rng.uniform(3, 40)
                _backdate(assignment, day + timedelta(hours=hour), delay)
        go = sum(v in (Recommendation.YES, Recommendation.STRONG_YES) for v in votes)
        verdict = Recommendation.YES if go * 2 > len(votes) else Recommendation.NO
        decisions.committee_recommend(
            actor=users["maya"], application=application, recommendation=verdict
        )
        outcomes.append((sum(ability.values()), application, verdict))
    best = max(outcomes, key=lambda item: item[0])[1]
    for _, application, _verdict in outcomes:
        hire = application == best
        decisions.decision_record(
            actor=users["maya"],
            application=application,
            outcome=Outcome.HIRE if hire else Outcome.REJECT,
            level=Level.objects.get(key="ds") if hire else None,
            rationale="The strongest evidence of the year on every dimension."
            if hire
            else "One hire for one post.",
            confirm_above_supported_level=hire,
        )
    opening.status = OpeningStatus.CLOSED
    opening.save(update_fields=["status"])


def _write(rng, member, assignment, ability, leniency) -> Recommendation:
    ratings = {}
    total = []
    for question in interviews.questions_for(assignment):
        key = question.rubric.dimension.key
        value = min(4, max(1, round(ability[key] + leniency + rng.gauss(0, 0.45))))
        total.append(value)
        ratings[question.pk] = interviews.RatingInput(
            value=value,
            evidence=f"Asked about '{question.key.replace('-', ' ')}'; the answer named the "
            "assay, the sample sizes and what went wrong, and the follow-up was specific.",
        )
    lean = sum(total) / len(total) + rng.gauss(0, 0.3)
    recommendation = (
        Recommendation.STRONG_YES
        if lean >= 3.4
        else Recommendation.YES
        if lean >= 2.6
        else Recommendation.NO
        if lean >= 1.9
        else Recommendation.STRONG_NO
    )
    write_scorecard(
        member,
        assignment,
        ratings,
        recommendation=recommendation,
        summary="Problem, method and finding were each stated in a sentence.",
        submit=True,
    )
    return recommendation


def write_scorecard(member, assignment, ratings, *, recommendation, summary, submit):
    """A demo member writes their scorecard through the services, as on the form; the summary
    is kept only where the assignment assesses communication, whose rubric asks for it."""
    scorecard = interviews.scorecard_start(actor=member, assignment=assignment)
    scorecard = interviews.scorecard_save(
        actor=member,
        scorecard=scorecard,
        expected_version=scorecard.version,
        ratings=ratings,
        recommendation=recommendation,
        summary=summary if assignment.dimensions.filter(key="communication").exists() else "",
    )
    if submit:
        scorecard = interviews.scorecard_submit(
            actor=member, scorecard=scorecard, expected_version=scorecard.version
        )
    return scorecard


def _backdate(assignment: Assignment, interviewed_at, delay_hours: float) -> None:
    submitted = interviewed_at + timedelta(hours=delay_hours)
    Scorecard.objects.filter(assignment=assignment).update(
        submitted_at=submitted, created_at=interviewed_at, updated_at=submitted
    )
