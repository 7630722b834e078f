"""A past opening for the demo, with enough interviews to calibrate the interviewers, and the
tools both demo openings are told with: a story clock, a diary and the scorecard writer.

Eighteen candidates went through paired interviews: two members at the seminar (rating
communication, science and modeling) and two at the behavioural and code-review interviews,
drawn in rotation from five people so that every pair meets. The ratings come from a known
truth, so the interviewer page has something real to find: Ian rates about half a point high,
Omar half a point low.

Everything goes through the services, as a person would, each step run at its time in the
story (see ``at``), so that every record and timeline event carries the time it would have had.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from unittest import mock

from django.utils import timezone

from panelist.core.demo_evidence import Notebook, no_go_reason, profile_for
from panelist.decisions import services as decisions
from panelist.decisions.models import Outcome
from panelist.hiring import services as hiring
from panelist.hiring.models import OpeningStatus, Stage
from panelist.interviews import services as interviews
from panelist.interviews.models import GO_RECOMMENDATIONS, Mode, Recommendation
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

DAY_STARTS, DAY_ENDS = 9, 18  # interviews are booked between these hours, local time
BREAK = timedelta(minutes=15)  # the least time between two interviews of one person


@contextmanager
def at(moment: datetime):
    """Run the services as if it were ``moment``.

    The services stamp the present (timeline events, stage changes, submissions, decisions,
    and every ``auto_now`` field). The demo tells a story that happened over weeks, so each
    step runs with Django's clock set to its time in the story; records added later by any
    service then carry consistent times too, with no list of fields to move back by hand.
    The demo runs alone in its process (a command, or a test before its server starts), so
    nothing else reads the clock meanwhile.
    """
    with mock.patch.object(timezone, "now", lambda: moment):
        yield


@dataclass
class Diary:
    """Who is busy when: books interviews so that no person is in two at once.

    A seminar is one session that several members attend, so it is booked once for all of
    them and the candidate.
    """

    busy: dict[str, list[tuple[datetime, datetime]]] = field(default_factory=dict)

    def book(self, people: list[str], minutes: int, earliest: datetime) -> datetime:
        length = timedelta(minutes=min(minutes, (DAY_ENDS - DAY_STARTS) * 60))  # fits a day
        start = self._working(earliest, length)
        while clash := self._clash(people, start, start + length):
            start = self._working(clash + BREAK, length)
        for person in people:
            self.busy.setdefault(person, []).append((start, start + length))
        return start

    def _clash(self, people, start, end) -> datetime | None:
        """The end of a booking that overlaps [start, end) with breaks around it, if any."""
        ends = [
            taken_end
            for person in people
            for taken_start, taken_end in self.busy.get(person, [])
            if taken_start < end + BREAK and start < taken_end + BREAK
        ]
        return max(ends) if ends else None

    @staticmethod
    def _working(moment: datetime, length: timedelta) -> datetime:
        """The first quarter hour from ``moment`` on a weekday that leaves room for the
        interview before the day ends."""
        moment = timezone.localtime(moment)
        extra = (-moment.minute) % 15
        moment = moment.replace(second=0, microsecond=0) + timedelta(minutes=extra)
        while True:
            opens = moment.replace(hour=DAY_STARTS, minute=0)
            closes = moment.replace(hour=DAY_ENDS, minute=0)
            if moment.weekday() < 5 and opens <= moment and moment + length <= closes:
                return moment
            if moment < opens and moment.weekday() < 5:
                moment = opens
            else:
                moment = (moment + timedelta(days=1)).replace(hour=DAY_STARTS, minute=0)


def feedback_due(interview: datetime) -> datetime:
    """Two working days after the interview."""
    due = interview
    for _ in range(2):
        due += timedelta(days=1)
        while timezone.localtime(due).weekday() >= 5:
            due += timedelta(days=1)
    return due


def varied_start(day: datetime, rng: random.Random) -> datetime:
    """A time on ``day`` to look for a slot from: not every interview starts at nine."""
    opens = timezone.localtime(day).replace(hour=DAY_STARTS, minute=0, second=0, microsecond=0)
    return opens + timedelta(minutes=rng.choice([0, 30, 45, 60, 90, 120, 150, 240, 300]))


def create_history(users, team, diary: Diary, now: datetime) -> None:
    rng = random.Random(20261126)  # the ratings: their stream must not change
    plan = random.Random(7)  # schedules and the notes' wording
    start = timezone.localtime(now).replace(hour=9, minute=0, second=0, microsecond=0)
    start -= timedelta(days=400)
    with at(start - timedelta(days=30)):
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
    outcomes = []
    last = start
    for number, name in enumerate(PAST_CANDIDATES):
        day = start + timedelta(days=number * 14)
        applied = day - timedelta(days=12) + timedelta(hours=plan.randint(0, 6))
        with at(applied):
            candidate = hiring.candidate_create(
                actor=users["rita"], name=name, email=f"{name.split()[0].lower()}@example.com"
            )
            application = hiring.application_create(
                actor=users["rita"], candidate=candidate, opening=opening
            )
        with at(applied + timedelta(days=3)):
            hiring.application_move(
                actor=users["rita"], application=application, stage=Stage.SCREENING
            )
        invited = applied + timedelta(days=6)
        with at(invited):
            hiring.application_move(
                actor=users["rita"], application=application, stage=Stage.INTERVIEWING
            )
        committee = [POOL[(number + k) % len(POOL)] for k in range(len(ROLES))]
        slots = _book_committee(diary, name, committee, formats, varied_start(day, plan))
        general = rng.gauss(2.7, 0.45)
        ability = {key: general + rng.gauss(0, 0.3) for key in dimensions}
        profile = profile_for(plan)
        votes, submitted = [], []
        for member, roles in zip(committee, ROLES, strict=True):
            for fmt, keys in roles:
                scheduled = slots[(member, fmt)]
                with at(invited + timedelta(hours=1)):
                    assignment = interviews.assignment_create(
                        actor=users["maya"],
                        application=application,
                        member=users[member],
                        dimensions=[dimensions[k] for k in keys],
                        interview_format=formats[fmt],
                        scheduled_at=scheduled,
                        mode=Mode.IN_PERSON,
                        location="Room 4.12",
                        feedback_due=feedback_due(scheduled),
                    )
                ends = scheduled + timedelta(minutes=formats[fmt].duration_minutes)
                ratings, notes = _ratings(rng, plan, assignment, ability, LENIENCY[member], profile)
                recommendation = _lean(rng, ratings)
                late = rng.random() < (0.4 if member == "priya" else 0.1)
                delay = rng.uniform(50, 90) if late else rng.uniform(3, 40)
                handed_in = ends + timedelta(hours=delay)
                write_scorecard(
                    users[member],
                    assignment,
                    ratings,
                    recommendation=recommendation,
                    reason="" if recommendation in GO_RECOMMENDATIONS else no_go_reason(notes),
                    summary="Problem, method and finding were each stated in a sentence.",
                    started=ends,
                    submitted=handed_in,
                )
                votes.append(recommendation)
                submitted.append(handed_in)
        go = sum(v in GO_RECOMMENDATIONS for v in votes)
        verdict = Recommendation.YES if go * 2 > len(votes) else Recommendation.NO
        debrief = max(submitted) + timedelta(hours=20)
        with at(debrief):
            decisions.committee_recommend(
                actor=users["maya"], application=application, recommendation=verdict
            )
        last = max(last, debrief)
        outcomes.append((sum(ability.values()), application))
    best = max(outcomes, key=lambda item: item[0])[1]
    with at(last + timedelta(days=2)):
        _final_evaluation(users["maya"], best)
        for _, application in outcomes:
            hire = application == best
            decisions.decision_record(
                actor=users["maya"],
                application=application,
                outcome=Outcome.HIRE if hire else Outcome.REJECT,
                level=Level.objects.get(key="ds") if hire else None,
                rationale=(
                    "The strongest across every dimension the committee assessed; hired at "
                    "the target level."
                    if hire
                    else "One hire for one post; another candidate was stronger overall."
                ),
                confirm_above_supported_level=hire,
            )
        opening.status = OpeningStatus.CLOSED
        opening.save(update_fields=["status"])


def _final_evaluation(manager, application) -> None:
    """The manager's final evaluation of the hire, before the decision: questions 1 and 2 as
    decision support prefills them, 3 and 4 citing the people-skills and communication
    passages of the scorecards."""
    from panelist.decisions import evaluation, selectors

    support = selectors.decision_support(manager, application)
    passages = evaluation.evaluation_passages(selectors.debrief(manager, application))
    ratings = [p for p in passages if p.kind == "rating"]
    decisions.final_evaluation_record(
        actor=manager,
        application=application,
        coaching=evaluation.prefill_coaching(support),
        complement=evaluation.prefill_complement(support),
        collaboration="Told the story of a hard disagreement with concrete details and owned "
        "their part; the seminar audience came away clearer, not more confused.",
        confidence="Defended the choice of model against two pointed questions and named the "
        "past project where the same argument carried the team.",
        citations={
            3: [p.ref for p in ratings[:2]],
            4: [p.ref for p in ratings[2:3] or ratings[:1]],
        },
    )


def _book_committee(diary, candidate, committee, formats, earliest):
    """Book a past candidate's interviews: the seminar once for its two members, then each
    behavioural and code-review interview, all without the candidate or a member in two."""
    slots = {}
    seminar_members = committee[:2]
    start = diary.book([candidate, *seminar_members], formats["seminar"].duration_minutes, earliest)
    for member in seminar_members:
        slots[(member, "seminar")] = start
    for member, roles in zip(committee[2:], ROLES[2:], strict=True):
        for fmt, _ in roles:
            slots[(member, fmt)] = diary.book(
                [candidate, member], formats[fmt].duration_minutes, earliest
            )
    return slots


def _ratings(rng, plan, assignment, ability, leniency, profile):
    ratings, notes = {}, {}
    notebook = Notebook(profile, plan)
    for question in interviews.questions_for(assignment):
        key = question.rubric.dimension.key
        value = min(4, max(1, round(ability[key] + leniency + rng.gauss(0, 0.45))))
        evidence = notebook.note(question.key, value)
        ratings[question.pk] = interviews.RatingInput(value=value, evidence=evidence)
        notes[question.prompt] = (value, evidence)
    return ratings, notes


def _lean(rng, ratings) -> Recommendation:
    """The member's go/no-go: their mean rating, swayed by what the numbers do not hold."""
    values = [rating.value for rating in ratings.values()]
    lean = sum(values) / len(values) + rng.gauss(0, 0.3)
    return (
        Recommendation.STRONG_YES
        if lean >= 3.4
        else Recommendation.YES
        if lean >= 2.6
        else Recommendation.NO
        if lean >= 1.9
        else Recommendation.STRONG_NO
    )


def write_scorecard(
    member, assignment, ratings, *, recommendation, reason, summary, started, submitted=None
):
    """A demo member writes their scorecard through the services, as on the form: opened at
    ``started``, submitted at ``submitted`` (None keeps it a draft).

    The summary is kept only where the assignment assesses communication, whose rubric asks
    for it. ``reason`` is the member's reason for a no-go recommendation, tied to their
    evidence; every no-go the demo writes has one (``_reason_fields`` says where it goes).
    """
    with at(started):
        scorecard = interviews.scorecard_start(actor=member, assignment=assignment)
        scorecard = interviews.scorecard_save(
            actor=member,
            scorecard=scorecard,
            expected_version=scorecard.version,
            ratings=ratings,
            recommendation=recommendation,
            summary=summary if assignment.dimensions.filter(key="communication").exists() else "",
            **_reason_fields(recommendation, reason, ratings),
        )
    if submitted is not None:
        with at(submitted):
            scorecard = interviews.scorecard_submit(
                actor=member, scorecard=scorecard, expected_version=scorecard.version
            )
    return scorecard


def _reason_fields(recommendation: Recommendation, reason: str, ratings) -> dict:
    """The one place where the demo hands a no-go's reason to the scorecard service, tied to
    the weakest rated question (the one ``no_go_reason`` quotes)."""
    if recommendation in GO_RECOMMENDATIONS:
        return {}
    if not reason.strip():
        raise ValueError("Every no-go in the demo gives its reason.")
    rated = {pk: r for pk, r in ratings.items() if r.value is not None}
    weakest = min(rated, key=lambda pk: rated[pk].value) if rated else None
    return {"reason": interviews.ReasonInput(text=reason, question_id=weakest)}
