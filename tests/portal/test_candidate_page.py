"""The candidate's page: opened by a link alone, it shows the process and the interviews, and
nothing the committee wrote."""

from datetime import timedelta

import icalendar
from django.test import Client
from django.utils import timezone

from panelist.audit.models import AuditEvent, EventKind
from panelist.portal import links
from panelist.portal.models import CandidateLink
from tests.notifications.mailbox import loopback_smtp, text_of
from tests.privacy.planting import plant_committee_work, plant_decision


def test_the_link_opens_the_process_without_an_account(client, process, token):
    response = client.get(f"/c/{token}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert process.application.candidate.name in page
    assert "you are here" in page
    assert "Code review of the candidate&#x27;s own code" in page
    assert process.assignment.interview_format.description.split()[0] in page
    assert "Coding" in page
    assert str(process.assignment.member) in page
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"


def test_only_a_digest_of_the_token_is_stored(process, token):
    link = CandidateLink.objects.get()
    assert link.digest == links.token_digest(token)
    assert token not in link.digest


def test_each_interview_has_a_calendar_file(client, process, token):
    response = client.get(f"/c/{token}/interviews/{process.assignment.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert "Code review" in str(event["summary"])
    assert str(process.assignment.member) in str(event["description"])


def test_an_interview_of_another_application_has_no_calendar_file(client, process, token):
    other = process.foreign_application
    from tests import factories

    foreign = factories.AssignmentFactory(application=other)
    assert client.get(f"/c/{token}/interviews/{foreign.pk}.ics").status_code == 404


def test_nothing_from_the_committee_reaches_the_candidate(client, process, people, token):
    markers = plant_committee_work(process.application, people.manager)
    plant_decision(process.application, people.manager)
    pages = [
        client.get(f"/c/{token}/").content,
        client.get(f"/c/{token}/interviews/{process.assignment.pk}.ics").content,
    ]
    for body in pages:
        for marker in markers:
            assert marker.encode() not in body, marker
    assert b"Strong yes" not in pages[0] and b"Yes" not in pages[0]


def test_an_expired_link_says_so_and_names_the_contact(client, process, people):
    past = timezone.now() - timedelta(days=40)
    _, token = links.link_create(
        actor=people.recruiter, application=process.application, days=30, now=past
    )
    response = client.get(f"/c/{token}/")
    assert response.status_code == 410
    assert b"has expired" in response.content
    assert people.recruiter.email.encode() in response.content


def test_a_revoked_link_says_so_and_names_the_contact(client, process, people, token):
    links.link_revoke(actor=people.recruiter, link=CandidateLink.objects.get())
    response = client.get(f"/c/{token}/")
    assert response.status_code == 410
    assert b"withdrawn" in response.content
    assert people.recruiter.email.encode() in response.content


def test_an_unknown_token_is_404_and_guessing_is_throttled(settings, process, token):
    settings.PANELIST_PORTAL_BAD_LINKS_PER_HOUR = 3
    guesser = Client()
    for _ in range(3):
        assert guesser.get(f"/c/{'x' * 43}/").status_code == 404
    assert guesser.get(f"/c/{'y' * 43}/").status_code == 429
    assert guesser.get(f"/c/{token}/").status_code == 429


def test_one_link_is_rate_limited(client, settings, process, token):
    settings.PANELIST_PORTAL_REQUESTS_PER_HOUR = 2
    assert client.get(f"/c/{token}/").status_code == 200
    assert client.get(f"/c/{token}/").status_code == 200
    response = client.get(f"/c/{token}/")
    assert response.status_code == 429
    assert b"Too many attempts" in response.content


def test_the_recruiter_makes_and_revokes_a_link_from_the_application(
    client, settings, process, people
):
    client.force_login(people.recruiter)
    with loopback_smtp(settings) as inbox:
        response = client.post(
            f"/candidates/applications/{process.application.pk}/link/", {"email_candidate": "on"}
        )
    assert response.status_code == 200
    link = CandidateLink.objects.get()
    url = response.context["url"]
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert link.digest == links.token_digest(token)
    [mail] = inbox.to(process.application.candidate.email)
    assert url in text_of(mail)
    assert mail["Reply-To"] == people.recruiter.email
    page = client.get(f"/hiring/applications/{process.application.pk}/").content.decode()
    assert "open until" in page
    client.post(f"/candidates/links/{link.pk}/revoke/")
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Client().get(f"/c/{token}/").status_code == 410
    client.post(f"/candidates/links/{link.pk}/revoke/")  # already closed: nothing more to record

    events = AuditEvent.objects.filter(kind__startswith="candidate_link").order_by("pk")
    assert [e.kind for e in events] == [
        EventKind.CANDIDATE_LINK_CREATED,
        EventKind.CANDIDATE_LINK_EMAILED,
        EventKind.CANDIDATE_LINK_REVOKED,
    ]
    assert {e.actor_id for e in events} == {people.recruiter.pk}
    assert all(e.details["application"] == process.application.pk for e in events)
    assert not any(token in str(e.details) + e.target_label for e in events)


def test_a_link_not_asked_to_go_by_mail_is_recorded_as_made_only(client, settings, process, people):
    client.force_login(people.recruiter)
    with loopback_smtp(settings) as inbox:
        response = client.post(f"/candidates/applications/{process.application.pk}/link/")
    assert response.status_code == 200
    assert not inbox.to(process.application.candidate.email)
    kinds = list(AuditEvent.objects.values_list("kind", flat=True))
    assert EventKind.CANDIDATE_LINK_CREATED in kinds
    assert EventKind.CANDIDATE_LINK_EMAILED not in kinds


def test_committee_members_do_not_send_links(client, process, people):
    client.force_login(people.member)
    response = client.post(f"/candidates/applications/{process.application.pk}/link/")
    assert response.status_code == 404
    assert not CandidateLink.objects.exists()


def test_the_link_needs_a_post_to_be_made(client, process, people):
    client.force_login(people.recruiter)
    response = client.get(f"/candidates/applications/{process.application.pk}/link/")
    assert response.status_code == 405
