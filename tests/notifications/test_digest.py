"""Whoever chose the daily digest gets optional mail once a day, in one message; mail about
their own interviews still comes at once."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.urls import reverse

from panelist.access.models import MailDelivery
from panelist.notifications import services
from panelist.notifications.models import Kind, Notification, Status
from tests import factories
from tests.notifications.mailbox import html_of, text_of

SUBMITTED = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
MARKER = "MARKER-DIGEST-EVIDENCE-5b9f"


def test_a_digest_reader_gets_ready_mail_once_at_the_digest_hour(
    settings, process, people, mail_to_smtp, django_capture_on_commit_callbacks
):
    settings.TIME_ZONE = "UTC"
    people.manager.mail_delivery = MailDelivery.DAILY
    people.manager.save()
    with time_machine.travel(SUBMITTED, tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            factories.write_scorecard(
                process.assignment, evidence=f"{MARKER} {factories.EVIDENCE}", submit=True
            )
            factories.write_scorecard(process.other_assignment, submit=True)
        assert mail_to_smtp.messages == []
        assert Notification.objects.get(kind=Kind.READY).status == Status.HELD
        assert services.digests_send() == 0

        traveller.move_to(datetime(2026, 12, 8, 8, 0, tzinfo=UTC))
        assert services.digests_send() == 1
        assert services.digests_send() == 0

    [digest] = mail_to_smtp.messages
    assert people.manager.email in digest["To"]
    assert digest["Subject"] == "[Northwind Research] Daily digest: 1 update"
    text = text_of(digest)
    assert f"Ready for debrief: {process.application.candidate.name}" in text
    assert "To stop this kind of mail:" in text
    assert MARKER not in digest.as_string()
    assert Notification.objects.get(kind=Kind.READY).status == Status.SENT


def test_an_immediate_reader_is_not_held_and_nudges_are_never_held(
    interviews_held, process, people, client, mail_to_smtp, django_capture_on_commit_callbacks
):
    people.member.mail_delivery = MailDelivery.DAILY
    people.member.save()
    client.force_login(people.manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("scorecard-nudge", args=[process.assignment.pk]))
    assert len(mail_to_smtp.to(people.member.email)) == 1
    assert not Notification.objects.filter(status=Status.HELD).exists()


def test_the_settings_page_saves_the_choice(people, client):
    client.force_login(people.member)
    assert client.get(reverse("mail-settings")).status_code == 200
    response = client.post(reverse("mail-settings"), {"delivery": "daily"})
    assert response.status_code == 302
    people.member.refresh_from_db()
    assert people.member.mail_delivery == MailDelivery.DAILY
    assert client.post(reverse("mail-settings"), {"delivery": "hourly"}).status_code == 422
    assert client.get(reverse("mail-settings"), {"delivery": "immediate"}).status_code == 200
    people.member.refresh_from_db()
    assert people.member.mail_delivery == MailDelivery.DAILY


def test_a_digest_of_several_updates_greets_once_and_lists_each(
    settings, process, people, mail_to_smtp, django_capture_on_commit_callbacks
):
    settings.TIME_ZONE = "UTC"
    people.manager.mail_delivery = MailDelivery.DAILY
    people.manager.save()
    second = factories.ApplicationFactory(opening=process.opening)
    third = factories.AssignmentFactory(
        application=second, member=people.member, dimensions=["coding"], format_key="code-review"
    )
    with time_machine.travel(SUBMITTED, tick=False) as traveller:
        with django_capture_on_commit_callbacks(execute=True):
            factories.write_scorecard(process.assignment, submit=True)
            factories.write_scorecard(process.other_assignment, submit=True)
            factories.write_scorecard(third, submit=True)
        traveller.move_to(datetime(2026, 12, 8, 8, 0, tzinfo=UTC))
        assert services.digests_send() == 1

    [digest] = mail_to_smtp.messages
    assert digest["Subject"] == "[Northwind Research] Daily digest: 2 updates"
    for body in (text_of(digest), html_of(digest)):
        assert body.count("Hello") == 1
        assert body.count(f"Hello {people.manager}") == 1
        assert body.count("through Panelist") == 1
        for candidate in (process.application.candidate.name, second.candidate.name):
            assert f"Ready for debrief: {candidate}" in body
    assert text_of(digest).count("To stop this kind of mail:") == 2
