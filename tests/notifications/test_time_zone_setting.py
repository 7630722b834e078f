"""Each person chooses their own time zone on the mail settings page; mail then reads in it."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.urls import reverse

from panelist.interviews import services as interviews
from panelist.library.models import Dimension, InterviewFormat
from tests import factories
from tests.notifications.mailbox import text_of


def test_a_person_sets_their_time_zone_and_their_invite_mail_reads_in_it(
    library, people, client, mail_to_smtp, django_capture_on_commit_callbacks
):
    client.force_login(people.member)
    page = client.get(reverse("mail-settings")).content.decode()
    assert '<option value="Europe/Paris">Europe/Paris</option>' in page
    assert '<option value="America/New_York">America/New York</option>' in page

    saved = client.post(
        reverse("mail-settings"), {"delivery": "immediate", "time_zone": "Asia/Tokyo"}
    )
    assert saved.status_code == 302
    people.member.refresh_from_db()
    assert people.member.time_zone == "Asia/Tokyo"
    assert (
        '<option value="Asia/Tokyo" selected>'
        in client.get(reverse("mail-settings")).content.decode()
    )

    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    with (
        time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        interviews.assignment_create(
            actor=people.manager,
            application=factories.ApplicationFactory(opening=opening),
            member=people.member,
            dimensions=[Dimension.objects.get(key="coding")],
            interview_format=InterviewFormat.objects.get(key="code-review"),
            scheduled_at=datetime(2026, 12, 8, 5, 0, tzinfo=UTC),
        )
    [message] = mail_to_smtp.to(people.member.email)
    assert "Tuesday 8 December 2026, 14:00 (Asia/Tokyo, JST)" in text_of(message)


def test_an_unknown_or_overlong_time_zone_is_refused_and_nothing_changes(people, client):
    client.force_login(people.member)
    for value in ("Mars/Olympus_Mons", "Europe/" + "x" * 5000, "../../etc/passwd"):
        refused = client.post(reverse("mail-settings"), {"delivery": "daily", "time_zone": value})
        assert refused.status_code == 422
        assert "Select a valid choice" in refused.content.decode()
    people.member.refresh_from_db()
    assert people.member.time_zone == ""
    assert people.member.mail_delivery == "immediate"


def test_empty_means_the_organisations_time_zone(people, client, settings):
    people.member.time_zone = "Europe/Paris"
    people.member.save()
    client.force_login(people.member)
    page = client.get(reverse("mail-settings")).content.decode()
    assert f"The organisation&#x27;s ({settings.TIME_ZONE})" in page
    client.post(reverse("mail-settings"), {"delivery": "immediate", "time_zone": ""})
    people.member.refresh_from_db()
    assert people.member.time_zone == ""


def test_the_page_is_only_for_the_signed_in_person(people, client):
    answer = client.post(reverse("mail-settings"), {"delivery": "daily", "time_zone": "UTC"})
    assert answer.status_code == 302 and "/login" in answer["Location"]
    people.member.refresh_from_db()
    assert people.member.time_zone == ""
