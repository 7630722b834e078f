"""From the committee page the hiring manager changes or removes a member's interview: POST
with CSRF, the same permission as assigning, and a form opened before someone else's change is
refused rather than applied."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from panelist.interviews.models import Assignment
from panelist.library.models import Dimension, InterviewFormat
from panelist.notifications.models import Kind, Notification
from tests import factories
from tests.notifications.mailbox import loopback_smtp, text_of


@pytest.fixture
def mail_to_smtp(settings):
    with loopback_smtp(settings) as inbox:
        yield inbox


@pytest.fixture
def upcoming(process):
    """The member's interview on science, three days ahead, remote."""
    assignment = process.assignment
    assignment.dimensions.set(Dimension.objects.filter(key="science"))
    assignment.interview_format = InterviewFormat.objects.get(key="experiment-walkthrough")
    assignment.scheduled_at = timezone.now() + timedelta(days=3)
    assignment.mode = "remote"
    assignment.location = "https://meet.example.org/old"
    assignment.save()
    return assignment


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _change(assignment, **changes) -> dict:
    return {
        "version": assignment.version,
        "interview_format": assignment.interview_format_id,
        "scheduled_at": _local(assignment.scheduled_at),
        "mode": assignment.mode,
        "location": assignment.location,
        "feedback_due": "",
    } | changes


def test_the_committee_page_offers_change_and_remove_to_the_manager(process, people, client):
    factories.write_scorecard(process.other_assignment)
    client.force_login(people.manager)
    page = client.get(reverse("committee", args=[process.application.pk])).content.decode()
    assert reverse("assignment-change", args=[process.assignment.pk]) in page
    assert reverse("assignment-remove", args=[process.assignment.pk]) in page
    assert reverse("assignment-change", args=[process.other_assignment.pk]) in page
    assert reverse("assignment-remove", args=[process.other_assignment.pk]) not in page, (
        "a started scorecard keeps its assignment"
    )


def test_the_manager_reschedules_and_the_member_is_mailed_the_change(
    upcoming, people, client, mail_to_smtp, django_capture_on_commit_callbacks
):
    client.force_login(people.manager)
    form = client.get(reverse("assignment-change", args=[upcoming.pk])).content.decode()
    assert f'value="{_local(upcoming.scheduled_at)}"' in form
    assert 'name="version" value="1"' in form
    later = upcoming.scheduled_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("assignment-change", args=[upcoming.pk]),
            _change(
                upcoming,
                scheduled_at=_local(later),
                mode="in_person",
                location="Room 4.12",
                feedback_due=_local(later + timedelta(days=2)),
                interview_format=InterviewFormat.objects.get(key="teach-me").pk,
            ),
        )
    assert answer.status_code == 302
    assert answer["Location"] == reverse("committee", args=[upcoming.application_id])
    upcoming.refresh_from_db()
    assert upcoming.version == 2
    assert upcoming.location == "Room 4.12"
    assert upcoming.interview_format.key == "teach-me"
    assert _local(upcoming.scheduled_at) == _local(later)
    [changed] = mail_to_smtp.to(people.member.email)
    assert changed["Subject"].startswith("[Northwind Research] Interview changed:")
    assert "Place: Room 4.12" in text_of(changed)


def test_a_stale_change_is_refused_and_shows_the_interview_as_it_stands(
    upcoming, people, client, mail_to_smtp, django_capture_on_commit_callbacks
):
    client.force_login(people.manager)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(
            reverse("assignment-change", args=[upcoming.pk]), _change(upcoming, location="Room A")
        )
        assert first.status_code == 302
        stale = client.post(
            reverse("assignment-change", args=[upcoming.pk]),
            _change(upcoming, location="Room B"),  # still version 1
        )
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Someone changed" in page
    assert 'value="Room A"' in page and 'name="version" value="2"' in page
    upcoming.refresh_from_db()
    assert upcoming.location == "Room A"
    assert len(mail_to_smtp.to(people.member.email)) == 1
    no_version = _change(upcoming, location="Room C")
    del no_version["version"]
    assert (
        client.post(reverse("assignment-change", args=[upcoming.pk]), no_version).status_code == 409
    )


def test_bad_input_is_refused_with_a_message(upcoming, people, client):
    client.force_login(people.manager)
    url = reverse("assignment-change", args=[upcoming.pk])
    early = _change(upcoming, feedback_due=_local(upcoming.scheduled_at - timedelta(days=1)))
    refused = client.post(url, early)
    assert refused.status_code == 422
    assert "Feedback cannot be due before the interview" in refused.content.decode()
    assert client.post(url, _change(upcoming, location="x" * 501)).status_code == 422
    assert client.post(url, _change(upcoming, interview_format="nope")).status_code == 422
    people_format = InterviewFormat.objects.get(key="behavioural-story")
    unserved = client.post(url, _change(upcoming, interview_format=people_format.pk))
    assert unserved.status_code == 422
    assert "does not assess" in unserved.content.decode()
    upcoming.refresh_from_db()
    assert upcoming.version == 1


def test_removal_asks_first_then_cancels_the_invite(
    upcoming, people, client, mail_to_smtp, django_capture_on_commit_callbacks
):
    client.force_login(people.manager)
    url = reverse("assignment-remove", args=[upcoming.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert f"Remove {people.member.display_name} from the committee?" in confirm.content.decode()
    assert Assignment.objects.filter(pk=upcoming.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(url, {"version": upcoming.version})
    assert answer.status_code == 302
    assert not Assignment.objects.filter(pk=upcoming.pk).exists()
    [removed] = mail_to_smtp.to(people.member.email)
    assert removed["Subject"].startswith("[Northwind Research] Interview cancelled:")
    assert client.post(url, {"version": upcoming.version}).status_code == 404


def test_a_removal_confirmed_before_a_change_is_refused(upcoming, people, client):
    client.force_login(people.manager)
    client.post(
        reverse("assignment-change", args=[upcoming.pk]), _change(upcoming, location="Moved")
    )
    stale = client.post(reverse("assignment-remove", args=[upcoming.pk]), {"version": 1})
    assert stale.status_code == 409
    assert "Moved" in stale.content.decode()
    assert Assignment.objects.filter(pk=upcoming.pk).exists()


def test_a_started_scorecard_keeps_its_assignment(upcoming, people, client):
    factories.write_scorecard(upcoming)
    client.force_login(people.manager)
    url = reverse("assignment-remove", args=[upcoming.pk])
    assert "cannot be removed" in client.get(url).content.decode()
    assert client.post(url, {"version": upcoming.version}).status_code == 409
    assert Assignment.objects.filter(pk=upcoming.pk).exists()


@pytest.mark.parametrize("who", ["member", "other_member", "recruiter"])
def test_others_who_see_the_assignment_are_refused_403(upcoming, people, client, who):
    client.force_login(getattr(people, who))
    for name in ("assignment-change", "assignment-remove"):
        url = reverse(name, args=[upcoming.pk])
        got = client.get(url).status_code
        posted = client.post(url, _change(upcoming, location="Hijacked")).status_code
        assert (got, posted) in {(403, 403), (404, 404)}
    upcoming.refresh_from_db()
    assert upcoming.location == "https://meet.example.org/old"
    assert Assignment.objects.filter(pk=upcoming.pk).exists()
    assert not Notification.objects.filter(kind__in=[Kind.CHANGED, Kind.REMOVED]).exists()


def test_the_panel_member_gets_403_and_an_outsider_404(upcoming, people, client):
    client.force_login(people.member)
    assert client.get(reverse("assignment-change", args=[upcoming.pk])).status_code == 403
    for who in (people.outsider, people.other_manager):
        client.force_login(who)
        for name in ("assignment-change", "assignment-remove"):
            assert client.get(reverse(name, args=[upcoming.pk])).status_code == 404
            assert client.post(reverse(name, args=[upcoming.pk]), {"version": 1}).status_code == 404
    assert Assignment.objects.filter(pk=upcoming.pk).exists()


def test_changes_need_a_csrf_token(upcoming, people):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.manager)
    url = reverse("assignment-change", args=[upcoming.pk])
    assert browser.post(url, _change(upcoming, location="Forged")).status_code == 403
    remove = reverse("assignment-remove", args=[upcoming.pk])
    assert browser.post(remove, {"version": upcoming.version}).status_code == 403
    upcoming.refresh_from_db()
    assert upcoming.version == 1
