"""When the whole committee has submitted, the application is ready for debrief, and moves to
the debrief stage when the organisation chooses so."""

import pytest
from django.urls import reverse

from panelist.access.models import OrganisationSettings
from panelist.hiring.models import ApplicationEvent, EventKind, Stage
from panelist.hiring.services import application_move, committee_completed
from tests import factories


def _move_when_complete(on: bool) -> None:
    settings = OrganisationSettings.current()
    settings.move_to_debrief_when_complete = on
    settings.save()


@pytest.fixture
def interviewing(process, people):
    application_move(
        actor=people.manager, application=process.application, stage=Stage.INTERVIEWING
    )
    return process


def _stage_events(application):
    return list(
        ApplicationEvent.objects.filter(application=application, kind=EventKind.STAGE)
        .order_by("id")
        .values_list("description", flat=True)
    )


def test_the_last_submission_moves_the_application_to_debrief_when_the_setting_is_on(
    interviewing,
):
    _move_when_complete(True)
    application = interviewing.application
    factories.write_scorecard(interviewing.assignment, submit=True)
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEWING, "an earlier submission moves nothing"

    factories.write_scorecard(interviewing.other_assignment, submit=True)
    application.refresh_from_db()
    assert application.stage == Stage.DEBRIEF
    moved = ApplicationEvent.objects.filter(application=application, kind=EventKind.STAGE).last()
    assert moved.description == (
        "Moved from Interviewing to Debrief: every committee member has submitted"
    )
    assert moved.actor is None


def test_moving_is_idempotent(interviewing):
    _move_when_complete(True)
    factories.write_scorecard(interviewing.assignment, submit=True)
    factories.write_scorecard(interviewing.other_assignment, submit=True)
    application = interviewing.application
    application.refresh_from_db()
    events = _stage_events(application)
    assert committee_completed(application=application) is False
    application.refresh_from_db()
    assert application.stage == Stage.DEBRIEF
    assert _stage_events(application) == events


def test_with_the_setting_off_the_application_stays_but_shows_ready_for_debrief(
    client, interviewing, people
):
    application = interviewing.application
    factories.write_scorecard(interviewing.assignment, submit=True)
    client.force_login(people.manager)
    pages = {
        "application": reverse("application-detail", args=[application.pk]),
        "opening": reverse("opening-detail", args=[interviewing.opening.pk]),
        "home": reverse("home"),
    }
    for name, url in pages.items():
        assert "ready for debrief" not in client.get(url).content.decode(), name

    factories.write_scorecard(interviewing.other_assignment, submit=True)
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEWING
    for name, url in pages.items():
        assert "ready for debrief" in client.get(url).content.decode(), name
    client.force_login(people.recruiter)
    assert "ready for debrief" in client.get(pages["application"]).content.decode()


def test_a_moved_application_is_in_debrief_not_ready_for_it(client, interviewing, people):
    _move_when_complete(True)
    factories.write_scorecard(interviewing.assignment, submit=True)
    factories.write_scorecard(interviewing.other_assignment, submit=True)
    client.force_login(people.manager)
    page = client.get(reverse("application-detail", args=[interviewing.application.pk]))
    assert "ready for debrief" not in page.content.decode()
    assert "Debrief" in page.content.decode()


def test_an_application_without_a_committee_is_never_complete(process):
    _move_when_complete(True)
    application = process.foreign_application
    before = application.stage
    assert committee_completed(application=application) is False
    application.refresh_from_db()
    assert application.stage == before


# --- the stored marker the lists read (issue 11) --------------------------------------------


def _marker(application) -> bool:
    application.refresh_from_db(fields=["committee_complete"])
    return application.committee_complete


def _truth(application) -> bool:
    from panelist.access.permissions import applications_with_committee_complete

    return applications_with_committee_complete().filter(pk=application.pk).exists()


def test_the_stored_marker_follows_the_committee_through_every_change(interviewing, people):
    from panelist.interviews import services as interviews
    from panelist.library.models import Dimension, InterviewFormat

    application = interviewing.application
    bare = factories.ApplicationFactory(opening=interviewing.opening)
    assert _marker(bare) is False, "no committee is not a complete committee"
    factories.write_scorecard(interviewing.assignment, submit=True)
    assert _marker(application) is False
    factories.write_scorecard(interviewing.other_assignment, submit=True)
    assert _marker(application) is True

    third = interviews.assignment_create(
        actor=people.manager,
        application=application,
        member=factories.UserFactory(),
        dimensions=Dimension.objects.filter(key="science"),
        interview_format=InterviewFormat.objects.get(key="seminar"),
    )
    assert _marker(application) is False, "a new member's scorecard is still to write"
    interviews.assignment_remove(actor=people.manager, assignment=third)
    assert _marker(application) is True
    assert _marker(application) == _truth(application)


def test_lists_read_ready_for_debrief_from_the_marker(interviewing, client, people):
    from panelist.hiring.selectors import ready_for_debrief

    factories.write_scorecard(interviewing.assignment, submit=True)
    factories.write_scorecard(interviewing.other_assignment, submit=True)
    application = interviewing.application
    assert ready_for_debrief([application.pk]) == {application.pk}
    client.force_login(people.manager)
    listed = client.get(reverse("application-list"), {"needs": "ready"})
    assert application.candidate.name in listed.content.decode()

    type(application).objects.filter(pk=application.pk).update(committee_complete=False)
    assert ready_for_debrief([application.pk]) == set()
    listed = client.get(reverse("application-list"), {"needs": "ready"})
    assert application.candidate.name not in listed.content.decode()
