"""The rules of company sign-in (OpenID Connect) as plain functions, its configuration from
the environment, and an installation without it. The whole flow against a real provider is in
tests/browser/test_company_sign_in.py."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.test import RequestFactory
from django.urls import reverse

from panelist import config
from panelist.access.adapters import (
    AccountAdapter,
    CompanySignIn,
    SignInRefused,
    account_to_link,
    accounts_holding,
    apply_role,
    decide_company_sign_in,
    email_is_verified,
    role_from_claims,
    signed_in_with_company_within,
)
from panelist.access.models import Role
from tests import factories

SRC = Path(__file__).resolve().parents[2] / "src"
ROLE_MAP = [("hiring-admins", "admin"), ("recruiters", "recruiter"), ("staff", "interviewer")]


def _role(groups, default="refuse"):
    return role_from_claims({"groups": groups}, claim="groups", role_map=ROLE_MAP, default=default)


def test_the_first_mapped_group_in_the_map_order_gives_the_role():
    assert _role(["staff", "recruiters"]) == "recruiter"
    assert _role(["staff", "hiring-admins", "recruiters"]) == "admin"
    assert _role(["staff"]) == "interviewer"


def test_no_mapped_group_gives_the_default_role_or_nothing():
    assert _role(["marketing"]) is None
    assert _role([]) is None
    assert _role(["marketing"], default="interviewer") == "interviewer"
    assert role_from_claims({}, claim="groups", role_map=ROLE_MAP, default="refuse") is None


def test_a_single_group_as_a_string_and_odd_values_are_read_safely():
    assert _role("recruiters") == "recruiter"
    assert _role([["recruiters"], 3, None]) is None
    assert _role({"recruiters": True}) is None
    assert (
        role_from_claims(
            {"roles": ["recruiters"]}, claim="roles", role_map=ROLE_MAP, default="refuse"
        )
        == "recruiter"
    )


@pytest.mark.parametrize(
    ("value", "verified"),
    [
        (True, True),
        ("true", True),
        ("True", True),
        (False, False),
        ("false", False),
        (None, False),
        (1, False),
        ("yes", False),
    ],
)
def test_only_a_true_email_verified_claim_counts(value, verified):
    assert email_is_verified({"email_verified": value}) is verified
    assert email_is_verified({}) is False


def test_a_verified_email_links_the_one_account_holding_it(db):
    maya = factories.UserFactory(username="maya")
    assert (
        account_to_link(
            email="maya@example.org", email_verified=True, accounts=[maya], provider_name="Acme"
        )
        == maya
    )
    assert (
        account_to_link(
            email="new@example.org", email_verified=False, accounts=[], provider_name="Acme"
        )
        is None
    )


def test_an_unverified_email_held_by_an_account_is_refused(db):
    maya = factories.UserFactory(username="maya")
    with pytest.raises(SignInRefused, match="does not say that this address is verified"):
        account_to_link(
            email="maya@example.org", email_verified=False, accounts=[maya], provider_name="Acme"
        )


def test_an_email_held_by_two_accounts_is_refused(db):
    accounts = [factories.UserFactory(username="a"), factories.UserFactory(username="b")]
    with pytest.raises(SignInRefused, match="Several Panelist accounts"):
        account_to_link(
            email="x@example.org", email_verified=True, accounts=accounts, provider_name="Acme"
        )


def test_accounts_are_found_by_address_in_any_case_and_by_allauths_email_records(db):
    maya = factories.UserFactory(username="maya", email="Maya@Example.org")
    omar = factories.UserFactory(username="omar", email="omar@example.org")
    EmailAddress.objects.create(user=omar, email="o.second@example.org", verified=True)
    assert accounts_holding("maya@example.ORG") == [maya]
    assert accounts_holding("O.Second@example.org") == [omar]
    assert accounts_holding("nobody@example.org") == []


def _decide(claims, *, linked=None, accounts=(), default="refuse", sync=True):
    return decide_company_sign_in(
        claims=claims,
        linked_account=linked,
        accounts_with_email=list(accounts),
        role_claim="groups",
        role_map=ROLE_MAP,
        default_role=default,
        sync_role=sync,
        provider_name="Acme SSO",
    )


def _claims(groups, email="rachel@example.org", verified=True):
    return {"sub": "1", "email": email, "email_verified": verified, "groups": groups}


def test_a_new_person_gets_an_account_with_the_role_of_their_groups():
    assert _decide(_claims(["recruiters"])) == CompanySignIn(None, False, "recruiter")


def test_a_new_person_in_no_mapped_group_is_refused_unless_a_default_role_is_set():
    with pytest.raises(SignInRefused, match="groups give you no role"):
        _decide(_claims(["marketing"]))
    assert _decide(_claims(["marketing"]), default="interviewer").role == "interviewer"


def test_a_sign_in_without_an_email_address_is_refused():
    with pytest.raises(SignInRefused, match="did not send your e-mail address"):
        _decide({"sub": "1", "groups": ["recruiters"]})


def test_an_existing_account_is_linked_by_verified_email_and_takes_the_role(db):
    maya = factories.UserFactory(username="maya", role=Role.HIRING_MANAGER)
    decision = _decide(_claims(["recruiters"], email=maya.email), accounts=[maya])
    assert decision == CompanySignIn(maya, True, "recruiter")
    kept = _decide(_claims(["recruiters"], email=maya.email), accounts=[maya], sync=False)
    assert kept == CompanySignIn(maya, True, None)


def test_an_unverified_email_of_an_existing_account_neither_links_nor_creates(db):
    maya = factories.UserFactory(username="maya")
    with pytest.raises(SignInRefused):
        _decide(_claims(["hiring-admins"], email=maya.email, verified=False), accounts=[maya])


def test_a_linked_account_follows_its_groups_or_keeps_its_role_when_sync_is_off(db):
    rita = factories.UserFactory(username="rita", role=Role.RECRUITER)
    # The e-mail claim plays no part once the identity is linked.
    assert _decide(_claims(["staff"], email="", verified=False), linked=rita).role == "interviewer"
    assert _decide(_claims(["marketing"]), linked=rita, sync=False) == CompanySignIn(
        rita, False, None
    )
    with pytest.raises(SignInRefused, match="groups give you no role"):
        _decide(_claims(["marketing"]), linked=rita)


def test_the_admin_role_carries_the_django_admin_rights_and_losing_it_removes_them(db):
    user = factories.UserFactory(username="ada")
    assert apply_role(user, Role.ADMIN)
    assert (user.is_staff, user.is_superuser) == (True, True)
    assert not apply_role(user, Role.ADMIN)
    assert apply_role(user, Role.RECRUITER)
    assert (user.role, user.is_staff, user.is_superuser) == ("recruiter", False, False)


def test_a_company_sign_in_counts_as_recent_only_within_the_timeout():
    now = time.time()
    records = [{"method": "password", "at": now}, {"method": "socialaccount", "at": now - 100}]
    assert signed_in_with_company_within(records, seconds=300, now=now)
    assert not signed_in_with_company_within(records, seconds=60, now=now)
    assert not signed_in_with_company_within(records[:1], seconds=300, now=now)


# --- configuration ------------------------------------------------------------------------


def test_the_role_map_reads_in_order_and_refuses_what_it_cannot_use(monkeypatch):
    roles = ("admin", "recruiter", "hiring_manager", "interviewer")
    monkeypatch.setenv("PANELIST_OIDC_ROLE_MAP", " hiring-admins=admin, recruiters = recruiter ,")
    assert config.read_role_map("PANELIST_OIDC_ROLE_MAP", roles) == [
        ("hiring-admins", "admin"),
        ("recruiters", "recruiter"),
    ]
    for raw, problem in [
        ("admins=boss", "is not one of"),
        ("admins", "is not group=role"),
        ("=admin", "is not group=role"),
        ("a=admin,a=recruiter", "given twice"),
    ]:
        monkeypatch.setenv("PANELIST_OIDC_ROLE_MAP", raw)
        with pytest.raises(config.ConfigError, match=problem):
            config.read_role_map("PANELIST_OIDC_ROLE_MAP", roles)


def test_the_settings_roles_are_the_models_roles():
    from django.conf import settings

    assert tuple(settings.PANELIST_ROLES) == tuple(Role.values)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://login.example.org/realms/acme", True),
        ("http://127.0.0.1:8080/o", True),
        ("http://login.example.org", False),
        ("login.example.org", False),
        ("https://login.example.org/a b", False),
    ],
)
def test_the_issuer_must_be_https_except_on_this_machine(monkeypatch, url, ok):
    monkeypatch.setenv("PANELIST_OIDC_SERVER_URL", url)
    if ok:
        assert config.read_url("PANELIST_OIDC_SERVER_URL") == url
    else:
        with pytest.raises(config.ConfigError, match="PANELIST_OIDC_SERVER_URL"):
            config.read_url("PANELIST_OIDC_SERVER_URL")


def _start_settings(tmp_path, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PANELIST_OIDC") and key != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(PYTHONPATH=str(SRC), PANELIST_DATA_DIR=str(tmp_path), **env)
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'panelist.settings'; "
        "django.setup(); from django.conf import settings; "
        "print(settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=60
    )


def test_the_environment_configures_the_provider_and_names_what_is_missing(tmp_path):
    issuer = {"PANELIST_OIDC_SERVER_URL": "https://login.example.org/realms/acme"}
    missing = _start_settings(tmp_path, **issuer)
    assert missing.returncode != 0
    assert "PANELIST_OIDC_CLIENT_ID: is required with PANELIST_OIDC_SERVER_URL" in missing.stderr

    client = {"PANELIST_OIDC_CLIENT_ID": "panelist", "PANELIST_OIDC_CLIENT_SECRET": "s3cret"}
    nobody = _start_settings(tmp_path, **issuer, **client)
    assert nobody.returncode != 0
    assert "PANELIST_OIDC_ROLE_MAP: is empty and PANELIST_OIDC_DEFAULT_ROLE is refuse" in (
        nobody.stderr
    )

    configured = _start_settings(
        tmp_path,
        **issuer,
        **client,
        PANELIST_OIDC_NAME="Acme SSO",
        PANELIST_OIDC_ROLE_MAP="recruiters=recruiter",
    )
    assert configured.returncode == 0, configured.stderr
    assert "'provider_id': 'company'" in configured.stdout
    assert "'name': 'Acme SSO'" in configured.stdout
    assert "'oauth_pkce_enabled': True" in configured.stdout

    assert _start_settings(tmp_path).stdout.strip() == "[]"


# --- without a provider ---------------------------------------------------------------------


def test_without_a_provider_the_sign_in_page_offers_only_the_password(client, db):
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with" not in page
    assert "/accounts/oidc/" not in page


def test_without_a_provider_its_pages_answer_404(client, db):
    for name in ("openid_connect_login", "openid_connect_callback"):
        url = reverse(name, kwargs={"provider_id": "company"})
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


def test_providers_added_in_the_database_are_ignored(client, db):
    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="company",
        name="Rogue",
        client_id="rogue",
        secret="x",
        settings={"server_url": "https://rogue.example.org"},
    )
    assert "Sign in with Rogue" not in client.get(reverse("account_login")).content.decode()
    login = reverse("openid_connect_login", kwargs={"provider_id": "company"})
    assert client.post(login).status_code == 404


def _configure(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [
                {
                    "provider_id": "company",
                    "name": "Acme SSO",
                    "client_id": "panelist",
                    "secret": "s3cret",
                    "settings": {"server_url": "https://login.example.org"},
                }
            ],
        }
    }


def test_with_a_provider_the_sign_in_page_posts_to_it(client, db, settings):
    _configure(settings)
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with Acme SSO" in page
    assert 'action="/accounts/oidc/company/login/?process=login"' in page


def test_an_account_linked_to_the_provider_may_confirm_access_by_signing_in_again(db, settings):
    _configure(settings)
    user = factories.UserFactory(username="rachel")
    request = RequestFactory().get("/")
    request.user = user
    adapter = AccountAdapter(request)
    assert "company:company" not in [m["id"] for m in adapter.get_reauthentication_methods(user)]
    SocialAccount.objects.create(user=user, provider="company", uid="1")
    methods = adapter.get_reauthentication_methods(user)
    assert methods[0]["id"] == "reauthenticate"  # the password first, when there is one
    assert methods[-1]["description"] == "Sign in again with Acme SSO"
    assert methods[-1]["url"] == "/accounts/oidc/company/login/"
    user.set_unusable_password()
    assert adapter.get_reauthentication_methods(user)[0]["id"] == "company:company"
