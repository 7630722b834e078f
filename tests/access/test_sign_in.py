"""Signing in through django-allauth: by username or e-mail, throttled per account and per
address, signup closed, the session id rotated, the session's lifetime bounded, and a
password reset sent through a real SMTP server on loopback."""

from __future__ import annotations

import re
import socket
import time
import types

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from panelist.access.middleware import SIGNED_IN_AT
from tests import factories

THROTTLED = "Too many failed sign-ins"


def _sign_in(client, login, password="test-password", **extra):
    return client.post(reverse("account_login"), {"login": login, "password": password}, **extra)


def _signed_in(client) -> bool:
    return client.get(reverse("home")).status_code == 200


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved forward by ``clock.advance(seconds)``."""
    from allauth.core.internal import ratelimit

    offset = [0.0]
    fake = types.SimpleNamespace(
        time=lambda: time.time() + offset[0],
        monotonic=time.monotonic,
        sleep=time.sleep,
    )
    monkeypatch.setattr(ratelimit, "time", fake)
    return types.SimpleNamespace(advance=lambda seconds: offset.__setitem__(0, offset[0] + seconds))


def test_signs_in_with_username_or_email(client, db):
    factories.UserFactory(username="maya", email="maya@example.org")
    assert _sign_in(client, "maya").status_code == 302
    assert _signed_in(client)
    client.post(reverse("account_logout"))
    assert not _signed_in(client)
    assert _sign_in(client, "Maya@Example.org").status_code == 302
    assert _signed_in(client)


def test_wrong_password_is_refused_with_what_to_do(client, db):
    factories.UserFactory(username="maya")
    response = _sign_in(client, "maya", "not-the-password")
    assert response.status_code == 200
    assert "Check both fields and try again." in response.content.decode()
    assert not _signed_in(client)


def test_login_page_ties_labels_to_fields(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert '<label for="id_login">' in html and 'id="id_login"' in html
    assert '<label for="id_password">' in html and 'id="id_password"' in html
    assert "panelist.css" in html


def test_thirty_wrong_passwords_lock_the_account_for_the_window(client, db, settings, clock):
    """ASVS 6.3: past the limit, even the right password is refused until the window passes."""
    factories.UserFactory(username="maya")
    answers = [_sign_in(client, "maya", f"guess-{n}").content.decode() for n in range(30)]
    throttled = [THROTTLED in answer for answer in answers]
    assert throttled == [False] * settings.PANELIST_LOGIN_ATTEMPTS + [True] * (
        30 - settings.PANELIST_LOGIN_ATTEMPTS
    )
    response = _sign_in(client, "maya")  # the 31st sign-in a minute from this address
    assert response.status_code == 429
    assert "Wait a minute and try again." in response.content.decode()

    clock.advance(61)  # the address may sign in again; the account is still paused
    response = _sign_in(client, "maya")
    assert THROTTLED in response.content.decode()
    assert "wait 5 minutes" in response.content.decode()
    assert not _signed_in(client)

    clock.advance(settings.PANELIST_LOGIN_WINDOW_SECONDS - 61 - 10)
    assert THROTTLED in _sign_in(client, "maya").content.decode()
    clock.advance(11)
    assert _sign_in(client, "maya").status_code == 302
    assert _signed_in(client)


def test_the_account_counts_the_same_by_username_and_email(client, db, settings, clock):
    factories.UserFactory(username="maya", email="maya@example.org")
    for n in range(settings.PANELIST_LOGIN_ATTEMPTS):
        _sign_in(client, "maya" if n % 2 else "maya@example.org", f"guess-{n}")
    assert THROTTLED in _sign_in(client, "MAYA@example.org").content.decode()


def test_one_address_trying_many_accounts_is_throttled(client, db, settings, clock):
    users = [factories.UserFactory() for _ in range(settings.PANELIST_LOGIN_ATTEMPTS_PER_ADDRESS)]
    for user in users:
        assert THROTTLED not in _sign_in(client, user.username, "wrong").content.decode()
    victim = factories.UserFactory()
    assert THROTTLED in _sign_in(client, victim.username).content.decode()
    assert (
        THROTTLED
        not in _sign_in(client, victim.username, REMOTE_ADDR="203.0.113.9").content.decode()
    )


def test_signup_is_closed(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "username": "newcomer",
            "email": "newcomer@example.org",
            "password1": "a-long-enough-password",
            "password2": "a-long-enough-password",
        },
    )
    assert "closed" in response.content.decode().lower()
    from panelist.access.models import User

    assert not User.objects.filter(username="newcomer").exists()


def test_signing_in_rotates_the_session_id(client, db):
    factories.UserFactory(username="maya")
    session = client.session
    session["before-sign-in"] = True
    session.save()
    anonymous_key = client.cookies["sessionid"].value
    assert _sign_in(client, "maya").status_code == 302
    assert client.cookies["sessionid"].value != anonymous_key
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=anonymous_key).exists()


def test_a_session_ends_after_its_absolute_lifetime(client, people, settings):
    client.force_login(people.member)
    assert _signed_in(client)
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.PANELIST_SESSION_MAX_SECONDS - 1
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not _signed_in(client)


def test_use_pushes_the_idle_expiry_on_at_most_once_a_minute(client, people, settings):
    from django.contrib.sessions.models import Session

    from panelist.access.middleware import IDLE_REFRESH_SECONDS, REFRESHED_AT

    settings.SESSION_COOKIE_AGE = 600
    client.force_login(people.member)
    client.get(reverse("home"))
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    client.get(reverse("home"))  # within the minute: the session is not written again
    assert Session.objects.get(session_key=key).expire_date == first
    session = client.session
    session[REFRESHED_AT] -= IDLE_REFRESH_SECONDS  # a minute later
    session.save()
    saved = Session.objects.get(session_key=key).expire_date
    client.get(reverse("home"))
    pushed = Session.objects.get(session_key=key).expire_date
    assert pushed >= saved
    assert 590 <= client.session.get_expiry_age() <= 600


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content.decode("utf-8", "replace"))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django sends to it through its SMTP backend."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()


def test_password_reset_by_email_through_smtp(client, db, smtp_server):
    factories.UserFactory(username="maya", email="maya@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "maya@example.org"})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert "To: maya@example.org" in message
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message).group(1)

    response = client.get(link)
    assert response.status_code == 302  # allauth moves the key out of the URL
    form_url = response["Location"]
    response = client.post(
        form_url,
        {"password1": "a-new-long-password-42", "password2": "a-new-long-password-42"},
    )
    assert response.status_code == 302
    assert not _signed_in(client)
    assert _sign_in(client, "maya", "test-password").status_code == 200
    assert _sign_in(client, "maya", "a-new-long-password-42").status_code == 302
    assert _signed_in(client)
