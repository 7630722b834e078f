"""Each kind of event is written once, through the path people take: the sign-in form, the
authenticator set-up, the token pages, the export download, the Django admin's forms, the
library upload, the Greenhouse import, and the decision services every channel calls."""

from __future__ import annotations

import io
import json

import pyotp
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.forms import MultiWidget
from django.urls import reverse

from panelist.access.models import OrganisationSettings, Role
from panelist.audit.models import AuditEvent, EventKind
from panelist.decisions import services as decisions
from panelist.decisions.models import Outcome
from panelist.interviews.models import Recommendation
from panelist.library.services import DEFAULT_LIBRARY_PATH
from tests import factories
from tests.greenhouse.fake_harvest import harvest  # noqa: F401 - a fixture

BROWSER = "Mozilla/5.0 (audit test)"


def _events(kind):
    return list(AuditEvent.objects.filter(kind=kind))


def _one(kind) -> AuditEvent:
    events = _events(kind)
    assert len(events) == 1, f"{kind}: {len(events)} events"
    return events[0]


def _sign_in(client, login, password="test-password"):
    return client.post(
        reverse("account_login"),
        {"login": login, "password": password},
        headers={"user-agent": BROWSER},
    )


def _reauthenticate(client, password="test-password"):
    """allauth asks for the password again before changing a second factor."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302


def _admin_form_data(response) -> dict:
    """What the admin's change form would post back unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or field.disabled:
            continue
        if isinstance(field.widget, MultiWidget):
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = part
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = value
    return data


def test_sign_in_through_the_form_is_recorded_with_address_and_browser(client, db):
    maya = factories.UserFactory(username="maya")
    assert _sign_in(client, "maya").status_code == 302
    event = _one(EventKind.SIGNED_IN)
    assert (event.actor, event.actor_name) == (maya, "maya")
    assert event.ip == "127.0.0.1"
    assert event.user_agent == BROWSER


def test_a_wrong_password_is_recorded_with_the_name_as_typed(client, db):
    factories.UserFactory(username="maya")
    _sign_in(client, "Maya", "not-the-password")
    _sign_in(client, "nobody-here", "not-the-password")
    failures = _events(EventKind.SIGN_IN_FAILED)
    assert sorted(e.actor_name for e in failures) == ["Maya", "nobody-here"]
    assert all(e.actor is None and e.details == {"reason": "password"} for e in failures)
    assert not _events(EventKind.SIGNED_IN)


def test_a_throttled_sign_in_is_recorded(client, db, settings):
    factories.UserFactory(username="maya")
    for _ in range(settings.PANELIST_LOGIN_ATTEMPTS):
        _sign_in(client, "maya", "not-the-password")
    _sign_in(client, "maya")
    reasons = [e.details["reason"] for e in _events(EventKind.SIGN_IN_FAILED)]
    assert reasons.count("password") == settings.PANELIST_LOGIN_ATTEMPTS
    assert reasons.count("throttled") == 1


def test_sign_out_is_recorded(client, db):
    maya = factories.UserFactory(username="maya")
    _sign_in(client, "maya")
    client.post(reverse("account_logout"))
    assert _one(EventKind.SIGNED_OUT).actor == maya


def test_adding_an_authenticator_app_is_recorded(client, db, django_capture_on_commit_callbacks):
    maya = factories.UserFactory(username="maya")
    _sign_in(client, "maya")
    _reauthenticate(client)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after the commit
        response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    added = [e for e in _events(EventKind.TWO_FACTOR_ADDED) if e.details["authenticator"] == "totp"]
    assert len(added) == 1 and added[0].actor == maya


def test_regenerating_recovery_codes_is_recorded(client, db, django_capture_on_commit_callbacks):
    from allauth.mfa.totp.internal.auth import TOTP

    maya = factories.UserFactory(username="maya")
    secret = pyotp.random_base32()
    TOTP.activate(maya, secret)
    _sign_in(client, "maya")
    client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    _reauthenticate(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302, response.content.decode()[:500]
    events = _events(EventKind.TWO_FACTOR_ADDED) + _events(EventKind.RECOVERY_CODES_RESET)
    assert [e.details["authenticator"] for e in events] == ["recovery_codes"]


def test_creating_and_revoking_a_token_is_recorded(client, people):
    client.force_login(people.member)
    client.post(reverse("api-token-create"), {"name": "notebook"})
    created = _one(EventKind.TOKEN_CREATED)
    token = people.member.api_tokens.get()
    assert (created.actor, created.target_id) == (people.member, token.pk)
    assert created.details == {"prefix": token.prefix}
    client.post(reverse("api-token-revoke", args=[token.pk]))
    client.post(reverse("api-token-revoke", args=[token.pk]))  # again: nothing more to revoke
    assert _one(EventKind.TOKEN_REVOKED).target_id == token.pk


@pytest.mark.parametrize(
    "name, fmt", [("export-opening-csv", "csv"), ("export-opening-json", "json")]
)
def test_exporting_an_opening_is_recorded(client, process, people, name, fmt):
    client.force_login(people.manager)
    response = client.get(reverse(name, args=[process.opening.pk]))
    b"".join(response.streaming_content)
    event = _one(EventKind.EXPORTED)
    assert (event.actor, event.target_id, event.details) == (
        people.manager,
        process.opening.pk,
        {"format": fmt},
    )


def test_an_export_refused_is_not_recorded(client, process, people):
    client.force_login(people.outsider)
    assert client.get(reverse("export-opening-csv", args=[process.opening.pk])).status_code == 404
    assert not _events(EventKind.EXPORTED)


def test_exporting_through_the_api_and_the_command_is_recorded(client, process, people, bearer):
    response = client.get(
        f"/api/v1/openings/{process.opening.pk}/export", headers=bearer(people.manager)
    )
    assert response.status_code == 200
    b"".join(response.streaming_content) if response.streaming else response.content
    call_command(
        "export",
        "--format=csv",
        f"--opening={process.opening.pk}",
        "--user=manager",
        "--out=-",
        stdout=io.StringIO(),
    )
    assert [e.details["format"] for e in _events(EventKind.EXPORTED)] == ["csv", "json"]


def test_recording_a_committee_recommendation_and_a_decision_is_recorded(process, people):
    factories.write_scorecard(process.assignment, submit=True)
    factories.write_scorecard(process.other_assignment, submit=True)
    decisions.committee_recommend(
        actor=people.manager, application=process.application, recommendation=Recommendation.YES
    )
    decisions.decision_record(
        actor=people.manager,
        application=process.application,
        outcome=Outcome.KEEP_SEARCHING,
        rationale="Another round with the team first.",
    )
    recommended = _one(EventKind.COMMITTEE_RECOMMENDED)
    assert recommended.details == {"recommendation": "yes", "re_recorded": False}
    decided = _one(EventKind.DECISION_RECORDED)
    assert (decided.actor, decided.target_id) == (people.manager, process.application.pk)
    assert decided.details["outcome"] == Outcome.KEEP_SEARCHING


def test_changing_the_organisation_settings_in_the_admin_is_recorded(client, people):
    client.force_login(people.admin)
    OrganisationSettings.current()
    url = reverse("admin:access_organisationsettings_change", args=[1])
    data = _admin_form_data(client.get(url))
    data["two_factor_for_everyone"] = "on"
    assert client.post(url, data).status_code == 302
    assert OrganisationSettings.current().two_factor_for_everyone
    event = _one(EventKind.SETTINGS_CHANGED)
    assert (event.actor, event.details) == (people.admin, {"two_factor_for_everyone": True})
    client.post(url, data)  # saved again unchanged: nothing to record
    assert len(_events(EventKind.SETTINGS_CHANGED)) == 1


def test_changing_a_role_in_the_admin_is_recorded(client, people):
    client.force_login(people.admin)
    url = reverse("admin:access_user_change", args=[people.member.pk])
    data = _admin_form_data(client.get(url))
    data["role"] = Role.HIRING_MANAGER
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = _one(EventKind.ROLE_CHANGED)
    assert event.actor == people.admin and event.target_id == people.member.pk
    assert event.details["changed"] == ["role"]
    assert event.details["role"] == Role.HIRING_MANAGER
    data["first_name"] = "Renamed"
    client.post(url, data)  # not a change to what the person may do
    assert len(_events(EventKind.ROLE_CHANGED)) == 1


def test_creating_an_account_in_the_admin_is_recorded(client, people):
    client.force_login(people.admin)
    response = client.post(
        reverse("admin:access_user_add"),
        {
            "username": "newcomer",
            "password1": "a-long-enough-Passphrase-1",
            "password2": "a-long-enough-Passphrase-1",
            "usable_password": "true",
            "role": Role.RECRUITER,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = _one(EventKind.ACCOUNT_CREATED)
    assert event.details["username"] == "newcomer" and event.details["role"] == Role.RECRUITER


def test_uploading_a_library_is_recorded(client, people, library):
    client.force_login(people.admin)
    upload = SimpleUploadedFile("library.yaml", DEFAULT_LIBRARY_PATH.read_bytes())
    client.post(reverse("library-upload"), {"file": upload})
    [event] = AuditEvent.objects.filter(kind=EventKind.LIBRARY_UPLOADED, actor=people.admin)
    assert event.details == {
        "file": "library.yaml",
        "version": library.number,
        "new_version": False,
    }


def test_a_greenhouse_import_is_recorded(library, tmp_path):
    records = [
        {
            "id": 501,
            "candidate_id": 77,
            "application_id": 88,
            "interview": "Code Review",
            "interviewed_at": "2026-03-02T10:00:00Z",
            "submitted_at": "2026-03-02T15:00:00Z",
            "interviewer": {"id": 9, "first_name": "Kate", "last_name": "Austen", "name": "K A"},
            "overall_recommendation": "yes",
            "attributes": [
                {"name": "Coding", "type": "Skills", "rating": "strong_yes", "note": "Clean."}
            ],
            "questions": [],
        }
    ]
    path = tmp_path / "harvest.json"
    path.write_text(json.dumps(records))
    call_command("import", "greenhouse", str(path), stdout=io.StringIO())
    event = _one(EventKind.IMPORTED)
    assert event.actor is None
    assert event.details["source"] == "greenhouse" and event.details["records"] == 1


def test_behind_the_proxy_the_clients_address_is_recorded(client, db, settings):
    factories.UserFactory(username="maya")
    forwarded = {"x-forwarded-for": "203.0.113.9, 198.51.100.7"}
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client.post(reverse("account_login"), {"login": "maya", "password": "no"}, headers=forwarded)
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    client.post(reverse("account_login"), {"login": "maya", "password": "no"}, headers=forwarded)
    addresses = [e.ip for e in AuditEvent.objects.filter(kind=EventKind.SIGN_IN_FAILED)]
    assert addresses == ["127.0.0.1", "198.51.100.7"]


def test_adding_and_removing_a_team_member_in_the_admin_is_recorded(client, people):
    team = factories.TeamFactory()
    client.force_login(people.admin)
    url = reverse("admin:teams_teammembership_add")
    data = {"team": team.pk, "user": people.member.pk, "joined_on": ""}
    for inline in client.get(url).context["inline_admin_formsets"]:  # the member's skills
        management = inline.formset.management_form
        data |= {management.add_prefix(name): 0 for name in ("TOTAL_FORMS", "INITIAL_FORMS")}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    membership = team.memberships.get()
    added = _one(EventKind.MEMBERSHIP_CHANGED)
    assert added.details == {"change": "added", "team": team.slug, "username": "member"}
    assert added.target_id == people.member.pk

    response = client.post(
        reverse("admin:teams_teammembership_delete", args=[membership.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not team.memberships.exists()
    changes = [e.details["change"] for e in _events(EventKind.MEMBERSHIP_CHANGED)]
    assert changes == ["removed", "added"]


def test_adding_a_member_on_the_teams_admin_page_is_recorded(client, people):
    team = factories.TeamFactory()
    client.force_login(people.admin)
    url = reverse("admin:teams_team_change", args=[team.pk])
    page = client.get(url)
    data = _admin_form_data(page)
    [inline] = page.context["inline_admin_formsets"]
    prefix = inline.formset.prefix
    data |= {f"{prefix}-TOTAL_FORMS": 1, f"{prefix}-INITIAL_FORMS": 0}
    data |= {f"{prefix}-0-user": people.outsider.pk, f"{prefix}-0-team": team.pk}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    event = _one(EventKind.MEMBERSHIP_CHANGED)
    assert event.details == {"change": "added", "team": team.slug, "username": "outsider"}


def test_a_greenhouse_sync_from_the_button_is_recorded(
    client,
    people,
    library,
    settings,
    django_capture_on_commit_callbacks,
    harvest,  # noqa: F811 - Greenhouse's fake, from tests/greenhouse/fake_harvest.py
):
    from panelist.greenhouse.models import HarvestSync

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    harvest.seed(candidates=3, scorecards=3)
    client.force_login(people.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("greenhouse-sync-run"))
    sync = HarvestSync.objects.get()
    event = _one(EventKind.IMPORTED)
    assert (event.actor, event.target_id) == (people.admin, sync.pk)
    assert event.details["source"] == "greenhouse sync"
    assert event.details["status"] == sync.status
