"""Demo data for the adverse-impact report, with a known truth for it to find.

A second past opening ("Data Scientist, lab automation") interviewed 42 of its 50
candidates, each by three of Ian, Ines, Omar and Priya (in rotation, so that every pair
meets): two code reviews and a behavioural interview. Every interviewer keeps the leniency
the calibration story gives them (``demo_history.LENIENCY``), and one thing is planted:
**Priya rates women a full point lower** than the same evidence earns from anyone else. The
report's interviewer questions should ask first about Priya and women. (Her co-interviewers
may show a smaller opposite departure: each is measured against the committee, Priya
included.)

Every demo candidate (this opening's, the first past opening's and the live one's) answers the
voluntary form, drawn at random from a fixed stream: about 45 % women, 45 % men, a few
non-binary people, one "another gender" (under 2 %, so the report leaves that group out of
its ratios and says so), and some who prefer not to say or skip a question.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from panelist.core.demo_evidence import Notebook, no_go_reason, profile_for
from panelist.core.demo_history import (
    LENIENCY,
    Diary,
    at,
    feedback_due,
    varied_start,
    write_scorecard,
)
from panelist.decisions import services as decisions
from panelist.decisions.models import Outcome
from panelist.fairness import services as fairness
from panelist.fairness.models import AnswerOption
from panelist.hiring import services as hiring
from panelist.hiring.models import Candidate, OpeningStatus, Stage
from panelist.interviews import services as interviews
from panelist.interviews.models import GO_RECOMMENDATIONS, Mode, Recommendation
from panelist.library.models import Dimension, InterviewFormat, Level

BIASED_INTERVIEWER = "priya"
BIASED_AGAINST = "Woman"
BIAS = -1.0  # points on the 1-4 scale
POOL = ["ian", "ines", "omar", "priya"]
SLOTS = [("code-review", "coding"), ("behavioural-story", "people"), ("code-review", "coding")]
CANDIDATES = 50
SCREENED_OUT = 8  # rejected at screening, before any interview
HIRES = 4

FIRST_NAMES = [
    "Ana", "Ben", "Chloe", "Dario", "Eva", "Femi", "Gita", "Hamid", "Irene", "Jun",
    "Katya", "Lars", "Maren", "Nikhil", "Oona", "Paulo", "Rhea", "Sami", "Tove", "Umar",
]  # fmt: skip
LAST_NAMES = [
    "Abbott", "Bauer", "Rossi", "Weber", "Engel", "Fontaine", "Garcia", "Holm",
    "Iwata", "Jansen", "Kovac", "Lopez", "Mbeki", "Nagy", "Olsen", "Pereira",
]  # fmt: skip
RACES = ["White", "Asian", "Black or African American", "Hispanic or Latino", "Two or more races"]


def create_fairness_history(users, team, diary: Diary, now: datetime) -> None:
    """The lab-automation opening and every demo candidate's self-identification. Its
    interviews are booked in ``diary``, beside the other openings' (nobody is in two at once)."""
    questions = {q.key: q for q in fairness.default_questions_ensure()}
    options = {
        (option.question.key, option.label): option
        for option in AnswerOption.objects.select_related("question")
    }
    rng = random.Random(1607)  # 29 CFR 1607: the stream fixes the demo's answers and ratings
    gender_of: dict[int, str | None] = {}

    def answer(candidate, *, gender: str | None = None) -> None:
        if gender is None:
            roll = rng.random()
            gender = (
                "Woman"
                if roll < 0.45
                else "Man"
                if roll < 0.9
                else "Non-binary"
                if roll < 0.95
                else fairness.PREFER_NOT_TO_SAY
            )
        race = rng.choice([*RACES, fairness.PREFER_NOT_TO_SAY, None])
        gender_of[candidate.pk] = gender
        fairness.record_self_identification(
            candidate=candidate,
            answers={
                questions["sex-gender"]: options.get(("sex-gender", gender), gender),
                questions["race-ethnicity"]: options.get(("race-ethnicity", race), race),
            },
        )

    for candidate in Candidate.objects.order_by("pk"):
        answer(candidate)
    _lab_automation(users, team, diary, now, rng, answer, gender_of)


def _lab_automation(users, team, diary, now, rng, answer, gender_of) -> None:
    start = timezone.localtime(now).replace(hour=9, minute=0, second=0, microsecond=0)
    start -= timedelta(days=300)
    maya, rita = users["maya"], users["rita"]
    with at(start - timedelta(days=20)):
        opening = hiring.opening_create(
            actor=maya,
            title="Data Scientist, lab automation",
            team=team,
            hiring_manager=maya,
            target_level=Level.objects.get(key="ds"),
            required_skills={},
            description="Filled last year; the adverse-impact report's demo reads it.",
        )
    formats = {f.key: f for f in InterviewFormat.objects.all()}
    dimensions = {d.key: d for d in Dimension.objects.all()}
    outcomes = []
    last = start
    for number in range(CANDIDATES):
        name = f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {LAST_NAMES[number % len(LAST_NAMES)]}"
        day = start + timedelta(days=number * 3)
        gender = "Another gender" if number == 17 else None
        with at(day):
            candidate = hiring.candidate_create(
                actor=rita, name=name, email=f"lab-{number}@example.com"
            )
            application = hiring.application_create(
                actor=rita, candidate=candidate, opening=opening
            )
        answer(candidate, gender=gender)
        with at(day + timedelta(days=2)):
            hiring.application_move(actor=rita, application=application, stage=Stage.SCREENING)
        ability = rng.gauss(2.7, 0.5)
        if number % 5 == 2 and number < SCREENED_OUT * 5:  # rejected before any committee
            with at(day + timedelta(days=4)):
                decisions.decision_record(
                    actor=maya,
                    application=application,
                    outcome=Outcome.REJECT,
                    rationale="Screened out: the CV showed no work with laboratory data.",
                )
            continue
        invited = day + timedelta(days=5)
        with at(invited):
            hiring.application_move(actor=rita, application=application, stage=Stage.INTERVIEWING)
        profile = profile_for(rng)
        votes, handed_in = [], []
        for slot, (fmt, key) in enumerate(SLOTS):
            member = POOL[(number + slot) % len(POOL)]
            scheduled = diary.book(
                [name, member],
                formats[fmt].duration_minutes,
                varied_start(invited + timedelta(days=3), rng),
            )
            with at(invited + timedelta(hours=1)):
                assignment = interviews.assignment_create(
                    actor=maya,
                    application=application,
                    member=users[member],
                    dimensions=[dimensions[key]],
                    interview_format=formats[fmt],
                    scheduled_at=scheduled,
                    mode=Mode.REMOTE,
                    location="https://meet.example.org/lab-automation",
                    feedback_due=feedback_due(scheduled),
                )
            lean = LENIENCY[member]
            if member == BIASED_INTERVIEWER and gender_of.get(candidate.pk) == BIASED_AGAINST:
                lean += BIAS
            ratings, notes = {}, {}
            notebook = Notebook(profile, rng)
            for question in interviews.questions_for(assignment):
                value = min(4, max(1, round(ability + lean + rng.gauss(0, 0.35))))
                # The candidate's name keeps two candidates' notes from reading alike.
                evidence = f"{notebook.note(question.key, value)} ({name}.)"
                ratings[question.pk] = interviews.RatingInput(value=value, evidence=evidence)
                notes[question.prompt] = (value, evidence)
            mean = sum(r.value for r in ratings.values()) / len(ratings)
            recommendation = Recommendation.YES if mean >= 2.5 else Recommendation.NO
            ends = scheduled + timedelta(minutes=formats[fmt].duration_minutes)
            submitted = ends + timedelta(hours=rng.uniform(2, 30))
            write_scorecard(
                users[member],
                assignment,
                ratings,
                recommendation=recommendation,
                reason="" if recommendation in GO_RECOMMENDATIONS else no_go_reason(notes),
                summary="",
                started=ends,
                submitted=submitted,
            )
            votes.append(recommendation in GO_RECOMMENDATIONS)
            handed_in.append(submitted)
        debrief = max(handed_in) + timedelta(hours=20)
        verdict = Recommendation.YES if sum(votes) * 2 > len(votes) else Recommendation.NO
        with at(debrief):
            decisions.committee_recommend(
                actor=maya, application=application, recommendation=verdict
            )
        last = max(last, debrief)
        outcomes.append((verdict == Recommendation.YES, ability, application))
    ranked = sorted(outcomes, key=lambda item: (item[0], item[1]), reverse=True)
    hired = {application.pk for _, _, application in ranked[:HIRES]}
    with at(last + timedelta(days=2)):
        for _, _, application in outcomes:
            hire = application.pk in hired
            decisions.decision_record(
                actor=maya,
                application=application,
                outcome=Outcome.HIRE if hire else Outcome.REJECT,
                level=Level.objects.get(key="ds") if hire else None,
                rationale=(
                    "Among the strongest the committee recommended; hired at the target level."
                    if hire
                    else "Four posts, and other candidates were stronger."
                ),
                confirm_above_supported_level=hire,
            )
        opening.status = OpeningStatus.CLOSED
        opening.save(update_fields=["status"])
