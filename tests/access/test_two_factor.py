"""Two-factor sign-in (TOTP with recovery codes): required for admins, and for everyone when
the organisation setting says so; the API and the health check are never held up by it."""

from __future__ import annotations

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from panelist.access.models import OrganisationSettings
from tests import factories


@pytest.fixture(autouse=True)
def _two_factor_for_admins(settings):
    settings.PANELIST_TWO_FACTOR_FOR_ADMINS = True


def _with_authenticator(user) -> str:
    secret = pyotp.random_base32()
    TOTP.activate(user, secret)
    return secret


def test_admin_without_authenticator_is_sent_to_set_one_up(client, people):
    client.force_login(people.admin)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("team-list")).status_code == 302


def test_admin_with_authenticator_goes_on(client, people):
    _with_authenticator(people.admin)
    client.force_login(people.admin)
    assert client.get(reverse("home")).status_code == 200


def test_health_check_and_api_are_exempt(client, people, bearer):
    client.force_login(people.admin)
    assert client.get(reverse("healthz")).status_code == 200
    response = client.get("/api/v1/openings", headers=bearer(people.admin))
    assert response.status_code == 200


def test_others_need_no_second_factor_unless_the_organisation_says_so(client, people):
    client.force_login(people.member)
    assert client.get(reverse("home")).status_code == 200
    organisation = OrganisationSettings.current()
    organisation.two_factor_for_everyone = True
    organisation.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_the_setting_is_on_the_admins_settings_page(admin_client, admin_user):
    _with_authenticator(admin_user)
    OrganisationSettings.current()
    response = admin_client.get(reverse("admin:access_organisationsettings_change", args=[1]))
    assert response.status_code == 200
    assert 'name="two_factor_for_everyone"' in response.content.decode()


def test_sign_in_asks_for_the_code_after_the_password(client, db):
    user = factories.UserFactory(username="maya")
    secret = _with_authenticator(user)
    response = client.post(reverse("account_login"), {"login": "maya", "password": "test-password"})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("home")).status_code == 302, "not signed in before the code"

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()

    response = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_recovery_code_works_once(client, db):
    user = factories.UserFactory(username="maya")
    _with_authenticator(user)
    code = RecoveryCodes.activate(user).get_unused_codes()[0]
    for expected_signed_in in (True, False):
        client.post(reverse("account_login"), {"login": "maya", "password": "test-password"})
        client.post(reverse("mfa_authenticate"), {"code": code})
        assert (client.get(reverse("home")).status_code == 200) is expected_signed_in
        client.post(reverse("account_logout"))


def test_whoever_must_use_two_factor_cannot_remove_it(client, people):
    _with_authenticator(people.admin)
    _with_authenticator(people.member)
    from allauth.mfa.adapter import get_adapter

    adapter = get_adapter()
    admin_totp = Authenticator.objects.get(user=people.admin, type=Authenticator.Type.TOTP)
    member_totp = Authenticator.objects.get(user=people.member, type=Authenticator.Type.TOTP)
    assert not adapter.can_delete_authenticator(admin_totp)
    assert adapter.can_delete_authenticator(member_totp)


def test_django_admin_signs_in_through_the_same_two_factor_sign_in(client, people):
    _with_authenticator(people.admin)
    response = client.post(
        reverse("admin:login"), {"username": "admin", "password": "test-password"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("admin:index")).status_code == 302
