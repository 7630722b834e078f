"""`panelist demo` creates a walkable process once and keeps it on later runs."""

import io
import itertools

import pytest
from django.core.management import call_command
from django.db import models

from panelist.access.models import User
from panelist.hiring.models import Application
from panelist.interviews.models import Scorecard
from tests.demo_data import demo_data


def _counts():
    return (User.objects.count(), Application.objects.count(), Scorecard.objects.count())


def test_demo_is_idempotent_and_prints_logins(library):
    out = io.StringIO()
    call_command("demo", force=True, stdout=out)
    first = _counts()
    # the live opening, the past one, the past one the adverse-impact report reads, then the
    # cohort whose reviews test the interviews
    assert first == (7, 4 + 18 + 50 + 64, 11 + 18 * 6 + 42 * 3 + 64 * 4)
    assert "password for all: panelist-demo" in out.getvalue()
    Scorecard.objects.filter(assignment__member__username="omar").update(summary="kept")

    again = io.StringIO()
    call_command("demo", force=True, stdout=again)
    assert _counts() == first
    assert "already present" in again.getvalue()
    assert Scorecard.objects.filter(summary="kept").exists()


def test_demo_shows_the_blind_rule(library):
    demo_data()
    from panelist.access.permissions import scorecards_visible_to

    omar = User.objects.get(username="omar")  # draft only: still blind
    ian = User.objects.get(username="ian")  # submitted: sees the others' submitted cards
    assert list(
        scorecards_visible_to(omar)
        .filter(assignment__application__candidate__name="Lena Brandt")
        .values_list("assignment__member__username", flat=True)
    ) == ["omar"]
    assert set(
        scorecards_visible_to(ian)
        .filter(assignment__application__candidate__name="Lena Brandt")
        .values_list("assignment__member__username", flat=True)
    ) == {"ian", "ines"}


def test_demo_refuses_without_debug_unless_forced(library, settings):
    settings.DEBUG = False
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="published password"):
        call_command("demo", stdout=io.StringIO())
    assert not User.objects.filter(username="admin").exists()


def test_demo_shows_each_decision_support_feature(library):
    from panelist.decisions.rules import Band, Coaching
    from panelist.decisions.selectors import decision_support

    demo_data()
    maya = User.objects.get(username="maya")

    def support(name):
        application = Application.objects.get(candidate__name=name)
        return decision_support(maya, application)

    tomas, amara = support("Tomás Reyes"), support("Amara Osei")
    assert tomas.match.band == Band.NO_HEADROOM
    assert [g.shortfall.dimension for g in tomas.gaps if g.willingness == Coaching.WILL_NOT] == [
        "modeling"
    ]
    assert amara.match.band == Band.MAJORITY_PLUS_POTENTIAL
    assert amara.complement.enhancers == ["Mechanistic (ODE) modeling"]
    assert "Probabilistic modeling" in amara.complement.covers_single_points
    assert amara.fit.supported.key == "senior-ds"
    assert "Probabilistic modeling" in amara.coverage.single_points


def test_calibrate_on_the_demo_prints_a_summary_and_finds_the_planted_leniency(library):
    import json

    from panelist.calibration.models import OVERALL, Leniency

    demo_data()
    out = io.StringIO()
    call_command("calibrate", stdout=out)  # every target fitted: no CommandError
    table = out.getvalue()
    assert "Calibration run" in table and "ICC(A,1)" in table
    for label in ("People skills", "Coding", "Modeling", "Overall recommendation"):
        assert label in table
    assert "not fitted" not in table
    readings = {
        item.interviewer.username: item.reading
        for item in Leniency.objects.filter(fit__target=OVERALL).select_related("interviewer")
    }
    assert readings["ian"] == "lenient" and readings["omar"] == "severe"

    as_json = io.StringIO()
    call_command("calibrate", json=True, stdout=as_json)
    fits = json.loads(as_json.getvalue())["fits"]
    assert [f["target"] for f in fits][-1] == OVERALL
    assert all(f["fitted"] and 0 < f["icc_a1"] < 1 for f in fits)


def test_the_manager_reads_leniencies_on_the_interviewers_page_after_the_demo(library, client):
    demo_data()
    client.force_login(User.objects.get(username="maya"))
    page = client.get("/calibration/interviewers/").content.decode()
    assert "No calibration has been run yet" not in page
    assert "lenient" in page and "severe" in page
    assert "Ian Ito" in page and "Omar Okafor" in page


def test_no_member_or_candidate_is_in_two_interviews_at_once(library):
    from datetime import timedelta

    from panelist.interviews.models import Assignment

    demo_data()
    busy: dict[str, list] = {}
    starts = set()
    for assignment in Assignment.objects.select_related(
        "member", "interview_format", "application__candidate"
    ):
        start = assignment.scheduled_at
        end = start + timedelta(minutes=assignment.interview_format.duration_minutes)
        starts.add(start.time())
        busy.setdefault(assignment.member.username, []).append((start, end, assignment.pk))
        # a seminar is one session for several members; other formats are one-to-one
        session = (assignment.application.candidate.name, assignment.interview_format.key)
        if assignment.interview_format.key == "seminar":
            session = (*session, "seminar")
        else:
            session = (*session, assignment.member.username)
        busy.setdefault(assignment.application.candidate.name, []).append((start, end, session))
    for person, bookings in busy.items():
        bookings.sort()
        for (_, end, first), (next_start, _, second) in itertools.pairwise(bookings):
            assert first == second or end <= next_start, f"{person} is booked twice at {end}"
    assert len(starts) > 4  # not every interview at the same hour


# The order of an application's steps in the story; a step may repeat (several submissions).
STORY = ["applied", "screening", "interviewing", "assigned", "submitted", "committee", "decided"]


def _step(event):
    if event.kind == "stage":
        moved_to = event.description.rsplit(" to ", 1)[-1].lower()
        return moved_to if moved_to in STORY else None
    return event.kind if event.kind in STORY else None


def test_every_timeline_follows_the_story_in_time(library):
    from datetime import timedelta

    from django.utils import timezone

    from panelist.decisions.models import CommitteeRecommendation, Decision

    demo_data()
    now = timezone.now()
    for application in Application.objects.prefetch_related("events").select_related("candidate"):
        events = sorted(application.events.all(), key=lambda event: event.created_at)
        steps = [step for step in map(_step, events) if step]
        assert steps == sorted(steps, key=STORY.index), application.candidate.name
        assert steps[0] == "applied" and events[0].created_at == application.created_at
        assert all(event.created_at <= now for event in events)
        handed_in = []
        for assignment in application.assignments.select_related("interview_format"):
            card = getattr(assignment, "scorecard", None)
            ends = assignment.scheduled_at + timedelta(
                minutes=assignment.interview_format.duration_minutes
            )
            assert assignment.created_at < assignment.scheduled_at
            if card is not None:
                assert card.created_at >= ends, "a scorecard opened before its interview ended"
            if card is not None and card.submitted_at:
                assert card.submitted_at > ends
                handed_in.append(card.submitted_at)
        committee = CommitteeRecommendation.objects.filter(application=application).first()
        if committee:
            assert committee.recorded_at > max(handed_in)
        decision = Decision.objects.filter(application=application).first()
        if decision and committee:  # some are rejected at screening, before any committee
            assert decision.decided_at > committee.recorded_at
        elif decision:
            assert not application.assignments.exists()


def test_evidence_differs_per_question_and_per_candidate(library):
    from collections import defaultdict

    from panelist.interviews.models import Rating

    demo_data()
    per_card = defaultdict(list)
    candidates = defaultdict(lambda: defaultdict(set))  # question -> text -> candidates
    for scorecard_id, question_id, evidence, candidate in Rating.objects.values_list(
        "scorecard_id", "question_id", "evidence", "scorecard__assignment__application__candidate"
    ):
        per_card[scorecard_id].append(evidence)
        candidates[question_id][evidence].add(candidate)
    for texts in per_card.values():
        assert len(set(texts)) == len(texts), "two questions of one scorecard read alike"
    for question_id, texts in candidates.items():
        shared = [text for text, who in texts.items() if len(who) > 1]
        assert len(shared) <= 0.1 * len(texts), question_id
    thin = settings_thin()
    assert all(len(text) >= thin for texts in per_card.values() for text in texts)


def settings_thin():
    from django.conf import settings

    return settings.PANELIST_THIN_EVIDENCE_CHARS


def test_a_second_run_prints_the_state_as_it_is_now(library):
    from panelist.interviews import services as interviews
    from panelist.interviews.models import Recommendation

    first = io.StringIO()
    call_command("demo", force=True, stdout=first)
    lena = "Lena Brandt        Interviewing; 2 of 4 scorecards submitted; not decided"
    assert lena in first.getvalue()

    omar = User.objects.get(username="omar")
    draft = Scorecard.objects.get(
        assignment__member=omar, assignment__application__candidate__name="Lena Brandt"
    )
    draft = interviews.scorecard_save(
        actor=omar, scorecard=draft, expected_version=draft.version, recommendation="yes"
    )
    assert draft.recommendation == Recommendation.YES
    interviews.scorecard_submit(actor=omar, scorecard=draft, expected_version=draft.version)

    again = io.StringIO()
    call_command("demo", force=True, stdout=again)
    printed = again.getvalue()
    assert "Lena Brandt        Interviewing; 3 of 4 scorecards submitted" in printed
    omar_line = next(line for line in printed.splitlines() if line.startswith("  omar "))
    assert "3 submitted, 0 drafts, 0 not started" in omar_line


def test_the_demo_password_can_come_from_the_environment(library, monkeypatch, client):
    monkeypatch.setenv("PANELIST_DEMO_PASSWORD", "correct horse battery")
    out = io.StringIO()
    call_command("demo", force=True, stdout=out)
    printed = out.getvalue()
    assert "password for all: the password from PANELIST_DEMO_PASSWORD" in printed
    assert "correct horse battery" not in printed and "panelist-demo" not in printed
    assert client.login(username="maya", password="correct horse battery")
    assert not client.login(username="maya", password="panelist-demo")

    monkeypatch.delenv("PANELIST_DEMO_PASSWORD")
    again = io.StringIO()
    call_command("demo", force=True, stdout=again)  # kept: the default does not apply here
    assert "maya's is not panelist-demo" in again.getvalue()


@pytest.mark.parametrize(
    ("value", "problem"), [("", "set but empty"), ("   ", "set but empty"), ("x" * 129, "at most")]
)
def test_a_bad_demo_password_is_refused_naming_the_variable(library, monkeypatch, value, problem):
    from django.core.management.base import CommandError

    monkeypatch.setenv("PANELIST_DEMO_PASSWORD", value)
    with pytest.raises(CommandError, match=f"PANELIST_DEMO_PASSWORD.*{problem}"):
        call_command("demo", force=True, stdout=io.StringIO())
    assert not User.objects.exists()


def test_every_no_go_in_the_demo_data_carries_a_reason_tied_to_its_evidence():
    from panelist.core.demo_evidence import no_go_reason

    reason = no_go_reason(
        {
            "Did the candidate raise limitations?": (2, "Offered none. Asked directly, shrugged."),
            "How deep was the science?": (3, "Went deep into the assay. Knew the debates."),
        }
    )
    assert reason == (
        'Weakest answer, rated 2 of 4, on "Did the candidate raise limitations?": Offered none.'
    )


def test_the_demo_story_sends_no_mail(library, django_capture_on_commit_callbacks, mailoutbox):
    from panelist.notifications.models import Notification, Status
    from panelist.notifications.services import notification_send, notifications_due

    with django_capture_on_commit_callbacks(execute=True) as queued:
        call_command("demo", force=True, stdout=io.StringIO())

    assert queued  # the story's steps did queue their mail, as of their time
    assert not Notification.objects.exclude(status=Status.SENT).exists()
    assert not Notification.objects.exclude(sent_at=models.F("due_at")).exists()
    assert notifications_due() == []
    # What a worker would do with each queued task sends nothing.
    sent = [
        notification_send(notification_id=pk)
        for pk in Notification.objects.values_list("pk", flat=True)
    ]
    assert not any(sent)
    assert mailoutbox == []


def test_demo_shows_a_final_evaluation_on_a_decided_candidate(library):
    from panelist.decisions.models import FinalEvaluation

    demo_data()
    evaluation = FinalEvaluation.objects.select_related("application__decision").get()
    assert evaluation.application.decision.outcome == "hire"
    assert {c.question for c in evaluation.citations.all()} == {3, 4}
    assert evaluation.application.events.filter(description__startswith="Final evaluation").exists()
