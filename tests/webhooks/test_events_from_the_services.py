"""The whole hiring loop, run through the services, reaches a subscribed receiver as signed
events with the right types and ids, and nothing a person wrote travels in any payload."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from panelist.decisions import services as decisions
from panelist.decisions.models import Outcome
from panelist.hiring import services as hiring
from panelist.hiring.models import Stage
from panelist.interviews import services as interviews
from panelist.interviews.models import Recommendation
from panelist.library.models import Dimension, InterviewFormat
from panelist.webhooks.models import Delivery, DeliveryStatus
from panelist.webhooks.services import subscription_update
from tests import factories

MARKERS = {
    "candidate name": "Quillon Marrowby",
    "candidate e-mail": "quillon.marker@example.net",
    "candidate notes": "NOTES-MARKER-7f3a",
    "evidence": "EVIDENCE-MARKER-91bc",
    "committee notes": "COMMITTEE-MARKER-2d4e",
    "rationale": "RATIONALE-MARKER-5a6f",
    "location": "LOCATION-MARKER-c0de",
}


def _run_the_loop(people, library, capture):
    with capture(execute=True):
        candidate = hiring.candidate_create(
            actor=people.recruiter,
            name=MARKERS["candidate name"],
            email=MARKERS["candidate e-mail"],
            notes=MARKERS["candidate notes"],
        )
    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    with capture(execute=True):
        application = hiring.application_create(
            actor=people.recruiter, candidate=candidate, opening=opening
        )
    with capture(execute=True):
        hiring.application_move(
            actor=people.recruiter, application=application, stage=Stage.INTERVIEWING
        )
    assignments = []
    for member, dimension, format_key in (
        (people.member, "coding", "code-review"),
        (people.other_member, "people", "behavioural-story"),
    ):
        with capture(execute=True):
            assignments.append(
                interviews.assignment_create(
                    actor=people.manager,
                    application=application,
                    member=member,
                    dimensions=[Dimension.objects.get(key=dimension)],
                    interview_format=InterviewFormat.objects.get(key=format_key),
                    scheduled_at=timezone.now() - timedelta(hours=2),
                    location=MARKERS["location"],
                )
            )
    with capture(execute=True):
        interviews.assignment_reschedule(
            actor=people.manager,
            assignment=assignments[0],
            scheduled_at=timezone.now() - timedelta(hours=3),
            mode=assignments[0].mode,
            location=MARKERS["location"],
            feedback_due=None,
        )
    evidence = f"{factories.EVIDENCE} {MARKERS['evidence']}"
    scorecards = []
    for assignment in assignments:
        with capture(execute=True):
            scorecards.append(
                factories.write_scorecard(
                    assignment,
                    evidence=evidence,
                    recommendation=Recommendation.STRONG_NO,
                    submit=True,
                )
            )
    with capture(execute=True):
        decisions.committee_recommend(
            actor=people.manager,
            application=application,
            recommendation=Recommendation.NO,
            notes=MARKERS["committee notes"],
        )
    with capture(execute=True):
        decision = decisions.decision_record(
            actor=people.manager,
            application=application,
            outcome=Outcome.REJECT,
            rationale=MARKERS["rationale"],
        )
    return candidate, opening, application, assignments, scorecards, decision


def test_every_step_of_the_loop_arrives_signed_with_its_type_and_ids(
    people, library, subscribed, receiver, django_capture_on_commit_callbacks
):
    candidate, opening, application, assignments, scorecards, decision = _run_the_loop(
        people, library, django_capture_on_commit_callbacks
    )
    assert receiver.received, "nothing arrived"
    assert receiver.verified() == receiver.received, "a delivery failed the reference verifier"
    events = [(r.payload["type"], r.payload["data"]) for r in receiver.received]
    first, second = assignments
    expected = [
        (
            "application.created",
            {
                "application_id": application.pk,
                "candidate_id": candidate.pk,
                "opening_id": opening.pk,
                "stage": "applied",
            },
        ),
        (
            "application.stage_changed",
            {
                "application_id": application.pk,
                "opening_id": opening.pk,
                "stage": "interviewing",
                "previous_stage": "applied",
            },
        ),
        *[
            (
                "assignment.changed",
                {
                    "change": "created",
                    "assignment_id": a.pk,
                    "application_id": application.pk,
                    "member_id": a.member_id,
                },
            )
            for a in assignments
        ],
        (
            "assignment.changed",
            {
                "change": "rescheduled",
                "assignment_id": first.pk,
                "application_id": application.pk,
                "member_id": first.member_id,
            },
        ),
        (
            "scorecard.submitted",
            {
                "scorecard_id": scorecards[0].pk,
                "assignment_id": first.pk,
                "application_id": application.pk,
                "member_id": first.member_id,
            },
        ),
        (
            "scorecard.submitted",
            {
                "scorecard_id": scorecards[1].pk,
                "assignment_id": second.pk,
                "application_id": application.pk,
                "member_id": second.member_id,
            },
        ),
    ]
    assert events[: len(expected)] == expected
    rest = [kind for kind, _ in events[len(expected) :]]
    # By default a complete committee stays in its stage until the recommendation moves it.
    assert rest == [
        "committee.complete",
        "application.stage_changed",
        "committee.recommended",
        "application.stage_changed",
        "decision.made",
    ]
    assert events[len(expected) + 1][1]["stage"] == "debrief"
    assert events[-1][1] == {"application_id": application.pk, "decision_id": decision.pk}
    assert events[-2][1]["stage"] == "decided"
    for received in receiver.received:
        assert received.headers["webhook-id"].startswith("msg_")
        assert received.headers["content-type"] == "application/json"
        assert set(received.payload) == {"type", "timestamp", "data"}
    ids = [r.headers["webhook-id"] for r in receiver.received]
    assert len(set(ids)) == len(ids), "each event has its own id"
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}


def test_no_payload_carries_what_people_wrote_or_who_the_candidate_is(
    people, library, subscribed, receiver, django_capture_on_commit_callbacks
):
    _run_the_loop(people, library, django_capture_on_commit_callbacks)
    assert len(receiver.received) >= 10
    everything = b"\n".join(r.body for r in receiver.received).decode()
    everything += "\n".join(str(d.payload) for d in Delivery.objects.all())
    for what, marker in MARKERS.items():
        assert marker.lower() not in everything.lower(), f"the {what} travelled in a payload"
    for word in ("strong_no", "reject", "rating", "evidence", "recommendation"):
        assert word not in everything, f"{word!r} travelled in a payload"


def test_a_subscription_gets_only_the_events_it_chose(
    people, library, subscribed, receiver, django_capture_on_commit_callbacks
):
    subscription_update(
        actor=people.admin,
        subscription=subscribed,
        name=subscribed.name,
        url=subscribed.url,
        events=["decision.made", "committee.complete"],
    )
    _run_the_loop(people, library, django_capture_on_commit_callbacks)
    assert [r.payload["type"] for r in receiver.received] == [
        "committee.complete",
        "decision.made",
    ]


def test_a_change_that_rolls_back_sends_nothing(
    people, process, subscribed, receiver, django_capture_on_commit_callbacks
):
    from django.db import transaction

    class Abandon(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                hiring.application_move(
                    actor=people.recruiter, application=process.application, stage=Stage.SCREENING
                )
                raise Abandon
        except Abandon:
            pass
    assert receiver.received == []
    assert not Delivery.objects.exists()
