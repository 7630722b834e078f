"""The security page: the person's active sessions and API tokens, and "sign out everywhere
else", which ends every other session of theirs and keeps this one."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories


def _signed_in_client(username: str, browser: str) -> Client:
    client = Client(HTTP_USER_AGENT=browser)
    response = client.post(
        reverse("account_login"), {"login": username, "password": "test-password"}
    )
    assert response.status_code == 302
    return client


def test_lists_sessions_and_tokens_and_signs_out_everywhere_else(db, bearer):
    maya = factories.UserFactory(username="maya")
    factories.UserFactory(username="other")
    laptop = _signed_in_client("maya", "Laptop browser")
    phone = _signed_in_client("maya", "Phone browser")
    someone_else = _signed_in_client("other", "Other browser")
    bearer(maya)

    page = laptop.get(reverse("account-security")).content.decode()
    assert "Laptop browser" in page and "Phone browser" in page
    assert "Other browser" not in page
    assert "tests" in page and "pnl_" in page  # the token's name and prefix
    assert "This session" in page

    response = laptop.post(reverse("account-security"))
    assert response.status_code == 302
    assert laptop.get(reverse("home")).status_code == 200
    assert phone.get(reverse("home")).status_code == 302
    assert someone_else.get(reverse("home")).status_code == 200
    page = laptop.get(reverse("account-security")).content.decode()
    assert "Phone browser" not in page
    assert "You are signed in here only." in page


def test_signing_out_everywhere_else_needs_a_post(db):
    factories.UserFactory(username="maya")
    laptop = _signed_in_client("maya", "Laptop browser")
    phone = _signed_in_client("maya", "Phone browser")
    laptop.get(reverse("account-security"))
    assert phone.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    ("variable", "value", "setting", "expected"),
    [
        ("PANELIST_SESSION_IDLE_MINUTES", "15", "SESSION_COOKIE_AGE", 900),
        ("PANELIST_SESSION_MAX_HOURS", "8", "PANELIST_SESSION_MAX_SECONDS", 28800),
    ],
)
def test_session_lengths_come_from_the_environment(
    tmp_path, monkeypatch, variable, value, setting, expected
):
    monkeypatch.setenv(variable, value)
    monkeypatch.setenv("PANELIST_DATA_DIR", str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", f"import panelist.settings as s; print(s.{setting})"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == str(expected)
