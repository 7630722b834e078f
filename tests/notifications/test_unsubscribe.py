"""Optional mail carries a signed link that turns that kind off, without signing in."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from panelist.notifications import services
from panelist.notifications.models import Kind, MailOptOut, Notification
from panelist.notifications.services import unsubscribe_token
from tests import factories
from tests.notifications.mailbox import text_of


def _submit_all(process, capture):
    with capture(execute=True):
        factories.write_scorecard(process.assignment, submit=True)
        factories.write_scorecard(process.other_assignment, submit=True)


def test_the_link_in_a_ready_mail_turns_that_mail_off_and_says_what_it_turned_off(
    process, people, client, mail_to_smtp, django_capture_on_commit_callbacks
):
    _submit_all(process, django_capture_on_commit_callbacks)
    [message] = mail_to_smtp.messages
    [link] = re.findall(r"To stop this kind of mail: (\S+)", text_of(message))
    assert message["List-Unsubscribe"].strip() == f"<{link}>"
    path = link.removeprefix("https://panelist.example.org")

    page = client.get(path)
    assert page.status_code == 200
    assert "Ready for debrief" in page.content.decode()
    assert not MailOptOut.objects.exists()

    done = client.post(path).content.decode()
    assert "Turned off: <strong>Ready for debrief" in done
    assert people.manager.email in done
    assert MailOptOut.objects.filter(user=people.manager, kind=Kind.READY).exists()


def test_after_unsubscribing_the_manager_gets_no_ready_mail(
    process, people, client, mail_to_smtp, django_capture_on_commit_callbacks
):
    token = unsubscribe_token(user_id=people.manager.pk, kind=Kind.READY)
    client.post(f"/notifications/unsubscribe/{token}/")
    _submit_all(process, django_capture_on_commit_callbacks)
    assert mail_to_smtp.messages == []
    assert not Notification.objects.filter(kind=Kind.READY).exists()


def test_a_forged_or_essential_link_answers_404(people, client):
    forged = unsubscribe_token(user_id=people.manager.pk, kind=Kind.READY)[:-2] + "xx"
    essential = unsubscribe_token(user_id=people.member.pk, kind=Kind.ASSIGNED)
    for token in (forged, essential, "nonsense"):
        assert client.get(f"/notifications/unsubscribe/{token}/").status_code == 404
        assert client.post(f"/notifications/unsubscribe/{token}/").status_code == 404
    assert not MailOptOut.objects.exists()


def test_one_click_unsubscribe_needs_no_session_or_csrf_token_and_get_changes_nothing(
    process, people, mail_to_smtp, django_capture_on_commit_callbacks
):
    _submit_all(process, django_capture_on_commit_callbacks)
    [message] = mail_to_smtp.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message["List-Unsubscribe"].strip().strip("<>")
    assert link.startswith("https://panelist.example.org/")
    path = link.removeprefix("https://panelist.example.org")
    mail_program = Client(enforce_csrf_checks=True)

    for _ in range(2):
        assert mail_program.get(path).status_code == 200
    assert not MailOptOut.objects.exists()

    answer = mail_program.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 200
    assert MailOptOut.objects.filter(user=people.manager, kind=Kind.READY).count() == 1


def test_only_the_unsubscribe_view_is_exempt_from_csrf(people):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.manager)
    assert browser.post(reverse("mail-settings"), {"delivery": "daily"}).status_code == 403
    people.manager.refresh_from_db()
    assert people.manager.mail_delivery != "daily"


def test_essential_mail_carries_no_unsubscribe_header(
    interviews_held, process, people, mail_to_smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.scorecard_nudge(actor=people.manager, assignment=process.assignment)
    [message] = mail_to_smtp.messages
    assert message["List-Unsubscribe"] is None
    assert message["List-Unsubscribe-Post"] is None


def test_the_settings_page_lists_what_was_turned_off_and_turns_it_on_again(
    process, people, client, mail_to_smtp, django_capture_on_commit_callbacks
):
    services.mail_opt_out(user=people.manager, kind=Kind.READY)
    services.mail_opt_out(user=people.other_manager, kind=Kind.DECIDED)
    client.force_login(people.manager)
    page = client.get(reverse("mail-settings")).content.decode()
    assert "Mail you turned off" in page
    assert Kind.READY.label in page and Kind.DECIDED.label not in page
    assert reverse("mail-opt-in") in page

    assert client.get(reverse("mail-opt-in")).status_code == 405  # no change on GET
    response = client.post(reverse("mail-opt-in"), {"kind": "ready"}, follow=True)
    assert "again" in response.content.decode()
    assert "Mail you turned off" not in response.content.decode()
    assert not MailOptOut.objects.filter(user=people.manager).exists()
    assert MailOptOut.objects.filter(user=people.other_manager).exists()  # theirs stays

    _submit_all(process, django_capture_on_commit_callbacks)
    assert len(mail_to_smtp.to(people.manager.email)) == 1


def test_turning_on_again_refuses_a_kind_that_is_never_off(people, client):
    client.force_login(people.manager)
    for kind in ("reminder", "no-such-kind", "x" * 5000):
        response = client.post(reverse("mail-opt-in"), {"kind": kind}, follow=True)
        assert response.status_code == 200
        assert "Only news mail" in response.content.decode()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.manager)
    assert browser.post(reverse("mail-opt-in"), {"kind": "ready"}).status_code == 403
