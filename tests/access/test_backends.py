"""The signed-in person and the organisation settings come in one query
(panelist.access.backends), and sessions signed in before the backends were renamed stay
signed in."""

from __future__ import annotations

import importlib

from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from panelist.access.models import BlindMode, OrganisationSettings
from tests import factories

_renaming = importlib.import_module(
    "panelist.access.migrations.0008_sessions_name_the_settings_backends"
)


def _queries_of(client, url):
    client.get(url)  # the first request after signing in records the session
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def _reads_the_settings_alone(sql: str) -> bool:
    return sql.startswith('SELECT "access_organisationsettings".')


def test_a_signed_in_page_reads_the_settings_with_the_person(client, people):
    client.force_login(people.member)
    queries = _queries_of(client, reverse("home"))
    assert not [sql for sql in queries if _reads_the_settings_alone(sql)]
    person = next(sql for sql in queries if ' FROM "access_user" ' in sql)
    assert '"access_organisationsettings"' in person


def test_the_settings_are_created_when_their_row_is_missing(client, people):
    OrganisationSettings.objects.all().delete()
    client.force_login(people.member)
    assert client.get(reverse("home")).status_code == 200
    assert OrganisationSettings.objects.get().blind_mode == BlindMode.AFTER_OWN


def test_an_inactive_person_is_signed_out(client, people):
    client.force_login(people.member)
    people.member.is_active = False
    people.member.save()
    assert client.get(reverse("home")).status_code == 302


def _session_signed_in_through(backend: str, user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def test_sessions_signed_in_before_the_upgrade_stay_signed_in(db, settings):
    maya = factories.UserFactory(username="maya")
    keys = [
        _session_signed_in_through(old, maya)
        for old in (
            "django.contrib.auth.backends.ModelBackend",
            "allauth.account.auth_backends.AuthenticationBackend",
        )
    ]
    for key in keys:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        assert client.get(reverse("home")).status_code == 302  # not a backend any more

    _renaming.rename_backends(apps, connection.schema_editor())

    for key in keys:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        assert client.get(reverse("home")).status_code == 200


def test_the_settings_held_for_the_request_are_those_stored(people):
    from panelist.access.backends import person_with_settings
    from panelist.access.models import RecruiterAccess, request_cache

    stored = OrganisationSettings.current()
    stored.blind_mode = BlindMode.NEVER
    stored.recruiter_access = RecruiterAccess.EVERYTHING
    stored.two_factor_for_everyone = True
    stored.save()
    token = request_cache.set({})
    try:
        assert person_with_settings(str(people.member.pk)) == people.member
        held = request_cache.get()[OrganisationSettings]
    finally:
        request_cache.reset(token)
    assert held.blind_mode == BlindMode.NEVER
    assert held.recruiter_access == RecruiterAccess.EVERYTHING
    assert held.two_factor_for_everyone is True
    assert held.move_to_debrief_when_complete is False


def test_no_person_is_found_for_an_id_that_is_not_one(db):
    from panelist.access.backends import person_with_settings

    assert person_with_settings("12x") is None
    assert person_with_settings("999999") is None
