"""The hiring manager nudges a committee member who has not submitted, once a day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from panelist.notifications.models import Kind, Notification
from tests import factories
from tests.notifications.mailbox import text_of

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
MARKER = "MARKER-NUDGE-EVIDENCE-7e21"


def test_the_manager_sees_a_nudge_button_for_each_member_still_writing(
    interviews_held, process, people, client
):
    factories.write_scorecard(process.other_assignment, submit=True)
    client.force_login(people.manager)
    page = client.get(reverse("debrief", args=[process.application.pk])).content.decode()
    assert reverse("scorecard-nudge", args=[process.assignment.pk]) in page
    assert reverse("scorecard-nudge", args=[process.other_assignment.pk]) not in page

    client.force_login(people.member)
    page = client.get(reverse("debrief", args=[process.application.pk])).content.decode()
    assert "Nudge" not in page


def test_a_nudge_mails_the_member_once_a_day_and_a_second_press_says_when(
    process, people, client, mail_to_smtp, django_capture_on_commit_callbacks
):
    factories.write_scorecard(
        process.other_assignment, evidence=f"{MARKER} {factories.EVIDENCE}", submit=True
    )
    url = reverse("scorecard-nudge", args=[process.assignment.pk])
    with time_machine.travel(NOW, tick=False) as traveller:
        client.force_login(people.manager)  # in the travelled time: sessions expire when idle
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, follow=True)
        assert "has been sent a reminder" in response.content.decode()
        [message] = mail_to_smtp.messages
        assert people.member.email in message["To"]
        assert "waiting for your scorecard" in text_of(message)
        assert f"/interviews/assignments/{process.assignment.pk}/scorecard/" in text_of(message)
        assert MARKER not in message.as_string()

        traveller.shift(timedelta(hours=3))
        client.force_login(people.manager)  # the idle timeout has passed
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, follow=True)
        assert "You nudged" in response.content.decode()
        assert "today at" in response.content.decode()
        assert len(mail_to_smtp.messages) == 1

        traveller.shift(timedelta(days=1))
        client.force_login(people.manager)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url)
        assert len(mail_to_smtp.messages) == 2
    assert Notification.objects.filter(kind=Kind.NUDGE).count() == 2


def test_only_the_hiring_manager_nudges_and_not_a_member_who_submitted(
    process, people, client, mail_to_smtp
):
    url = reverse("scorecard-nudge", args=[process.assignment.pk])
    client.force_login(people.other_member)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 404
    client.force_login(people.admin)
    response = client.post(url, follow=True)
    assert "Only the opening" in response.content.decode()
    client.force_login(people.other_manager)
    assert client.post(url).status_code == 404

    factories.write_scorecard(process.assignment, submit=True)
    client.force_login(people.manager)
    response = client.post(url, follow=True)
    assert "already submitted" in response.content.decode()
    assert not Notification.objects.filter(kind=Kind.NUDGE).exists()


def test_no_nudge_before_the_interview_is_over(process, people, client):
    """Unscheduled, still to come, or under way: no button, and a forged press is refused."""
    from panelist.interviews.models import Assignment

    url = reverse("scorecard-nudge", args=[process.assignment.pk])
    debrief = reverse("debrief", args=[process.application.pk])
    client.force_login(people.manager)
    for scheduled_at in (None, NOW + timedelta(days=1), NOW - timedelta(minutes=10)):
        Assignment.objects.filter(pk=process.assignment.pk).update(scheduled_at=scheduled_at)
        with time_machine.travel(NOW, tick=False):
            client.force_login(people.manager)
            assert url not in client.get(debrief).content.decode()
            response = client.post(url, follow=True)
        assert "has not been held yet" in response.content.decode()
    assert not Notification.objects.filter(kind=Kind.NUDGE).exists()

    Assignment.objects.filter(pk=process.assignment.pk).update(
        scheduled_at=NOW - timedelta(hours=2)
    )
    with time_machine.travel(NOW, tick=False):
        client.force_login(people.manager)
        assert url in client.get(debrief).content.decode()
