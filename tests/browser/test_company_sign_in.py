"""In Chromium, against a real OpenID provider in a second process (django-oauth-toolkit,
tests/oidc_provider): the authorisation-code flow with PKCE from Panelist's sign-in page, the
role from the groups claim, linking by verified e-mail only, and tampered ID tokens refused."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from panelist.access.models import Role, User
from panelist.audit.models import AuditEvent, EventKind
from tests.factories import UserFactory
from tests.oidc_provider.server import identity_provider

pytestmark = pytest.mark.browser

PROVIDER_ID = "company"
ROLE_MAP = [
    ("hiring-admins", "admin"),
    ("recruiters", "recruiter"),
    ("managers", "hiring_manager"),
    ("interviewers", "interviewer"),
]


@pytest.fixture(scope="module")
def idp(live_server, tmp_path_factory):
    redirect_uri = f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/callback/"
    with identity_provider(tmp_path_factory.mktemp("identity-provider"), redirect_uri) as idp:
        yield idp


@pytest.fixture
def company(idp, settings):
    """Panelist configured as the environment would configure it for this provider."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": "Acme SSO",
                    "client_id": idp.client_id,
                    "secret": idp.client_secret,
                    "settings": {"server_url": idp.issuer, "oauth_pkce_enabled": True},
                }
            ],
        }
    }
    settings.PANELIST_OIDC_ROLE_CLAIM = "groups"
    settings.PANELIST_OIDC_ROLE_MAP = ROLE_MAP
    settings.PANELIST_OIDC_DEFAULT_ROLE = "refuse"
    settings.PANELIST_OIDC_ROLE_SYNC = True
    idp.tamper("")
    return idp


def _person(email, groups, *, verified=True, name="Rachel Adams"):
    return {
        "password": "provider-password",
        "email": email,
        "email_verified": verified,
        "groups": groups,
        "name": name,
    }


def _company_sign_in(page, live_server, username, artifacts_dir=None):
    """Panelist's sign-in page -> the provider's sign-in -> consent -> back to Panelist.
    Returns the authorisation request the browser sent to the provider."""
    requests = []
    page.on(
        "request",
        lambda request: requests.append(request.url) if "/o/authorize/" in request.url else None,
    )
    page.goto(f"{live_server.url}/accounts/login/")
    if artifacts_dir:
        page.screenshot(path=str(artifacts_dir / "sign-in-page.png"), full_page=True)
    page.get_by_role("button", name="Sign in with Acme SSO").click()
    provider_page = page.get_by_role("heading", name="Test identity provider").or_(
        page.get_by_role("button", name="Authorize")
    )
    expect(provider_page).to_be_visible()
    if page.get_by_label("Provider username").is_visible():  # no session at the provider yet
        page.get_by_label("Provider username").fill(username)
        page.get_by_label("Provider password").fill("provider-password")
        page.get_by_role("button", name="Sign in to the provider").click()
    page.get_by_role("button", name="Authorize").click()
    return requests[0]


def test_first_company_sign_in_creates_the_account_with_the_role_of_its_group(
    page, live_server, transactional_db, company, artifacts_dir
):
    company.set_people({"rachel": _person("rachel@acme.test", ["staff", "recruiters"])})

    authorize = _company_sign_in(page, live_server, "rachel", artifacts_dir)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.locator(".site-header .who")).to_contain_text("Rachel Adams · Recruiter")
    page.screenshot(path=str(artifacts_dir / "signed-in.png"), full_page=True)
    # The authorisation endpoint came from discovery, with a PKCE challenge (S256).
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(f"{company.issuer}/authorize/")
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["response_type"] == ["code"]
    user = User.objects.get(email="rachel@acme.test")
    assert user.role == Role.RECRUITER
    assert not user.has_usable_password()
    assert SocialAccount.objects.get(user=user).provider == PROVIDER_ID
    created = AuditEvent.objects.get(kind=EventKind.ACCOUNT_CREATED)
    assert created.actor == user and created.details["source"] == "company sign-in"
    assert created.details["role"] == Role.RECRUITER
    assert AuditEvent.objects.filter(kind=EventKind.SIGNED_IN, actor=user).count() == 1


def test_the_role_follows_the_groups_at_the_next_sign_in(
    page, live_server, transactional_db, company
):
    company.set_people({"rachel": _person("rachel@acme.test", ["managers"])})
    _company_sign_in(page, live_server, "rachel")
    expect(page.locator(".site-header .who")).to_contain_text("Hiring manager")
    page.get_by_role("button", name="Sign out").click()

    company.set_people({"rachel": _person("rachel@acme.test", ["interviewers"])})
    _company_sign_in(page, live_server, "rachel")
    expect(page.locator(".site-header .who")).to_contain_text("Interviewer")
    assert User.objects.get(email="rachel@acme.test").role == Role.INTERVIEWER
    assert User.objects.count() == 1
    changed = AuditEvent.objects.get(kind=EventKind.ROLE_CHANGED)
    assert changed.actor is None and changed.actor_name == "groups claim"
    assert changed.details["role"] == Role.INTERVIEWER


def test_no_mapped_group_is_refused_with_what_to_do(
    page, live_server, transactional_db, company, artifacts_dir
):
    company.set_people({"rachel": _person("rachel@acme.test", ["staff"])})
    _company_sign_in(page, live_server, "rachel")
    expect(page.get_by_role("alert")).to_contain_text("groups give you no role in Panelist")
    page.screenshot(path=str(artifacts_dir / "no-role.png"), full_page=True)
    assert not User.objects.exists()


def test_no_mapped_group_gets_the_default_role_when_one_is_set(
    page, live_server, transactional_db, company, settings
):
    settings.PANELIST_OIDC_DEFAULT_ROLE = "interviewer"
    company.set_people({"rachel": _person("rachel@acme.test", ["staff"])})
    _company_sign_in(page, live_server, "rachel")
    expect(page.locator(".site-header .who")).to_contain_text("Rachel Adams · Interviewer")
    assert User.objects.get().role == Role.INTERVIEWER


def test_a_verified_email_links_the_existing_account(page, live_server, transactional_db, company):
    maya = UserFactory(
        username="maya",
        email="Maya@Acme.test",
        first_name="Maya",
        last_name="Lind",
        role=Role.HIRING_MANAGER,
    )
    company.set_people({"m.lind": _person("maya@acme.test", ["managers"], name="M. Lind")})
    _company_sign_in(page, live_server, "m.lind")
    expect(page.locator(".site-header .who")).to_contain_text("Maya Lind · Hiring manager")
    assert SocialAccount.objects.get().user == maya
    assert User.objects.count() == 1
    assert maya.__class__.objects.get(pk=maya.pk).has_usable_password()


def test_an_unverified_email_of_an_existing_account_is_refused(
    page, live_server, transactional_db, company, artifacts_dir
):
    UserFactory(username="omar", email="omar@acme.test", role=Role.INTERVIEWER)
    company.set_people(
        {"omar.x": _person("omar@acme.test", ["hiring-admins"], verified=False, name="Omar")}
    )
    _company_sign_in(page, live_server, "omar.x")
    expect(page.get_by_role("alert")).to_contain_text("does not say that this address is verified")
    page.screenshot(path=str(artifacts_dir / "unverified.png"), full_page=True)
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == 1
    assert User.objects.get().role == Role.INTERVIEWER
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


@pytest.mark.parametrize("mode", ["signature", "claims"])
def test_a_tampered_id_token_is_refused(
    page, live_server, transactional_db, company, artifacts_dir, mode
):
    company.set_people({"rachel": _person("rachel@acme.test", ["recruiters"])})
    company.tamper(mode)
    responses = []
    page.on(
        "response",
        lambda response: (
            responses.append(response.status) if "/login/callback/" in response.url else None
        ),
    )
    _company_sign_in(page, live_server, "rachel")
    expect(page.get_by_role("alert")).to_contain_text("could not verify the answer")
    page.screenshot(path=str(artifacts_dir / f"tampered-{mode}.png"), full_page=True)
    assert responses and all(status < 500 for status in responses)
    assert not User.objects.exists()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_an_admin_signing_in_with_the_company_account_still_needs_the_second_factor(
    page, live_server, transactional_db, company, settings, artifacts_dir
):
    """The same rule as with a password: the admin sets up an authenticator app (with no
    password to confirm: the company sign-in just made confirms access), and is asked for a
    code after every later company sign-in."""
    settings.PANELIST_TWO_FACTOR_FOR_ADMINS = True
    company.set_people({"ada": _person("ada@acme.test", ["hiring-admins"], name="Ada Byron")})

    _company_sign_in(page, live_server, "ada")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Activate Authenticator App")
    page.screenshot(path=str(artifacts_dir / "activate.png"), full_page=True)
    totp = pyotp.TOTP(page.get_by_label("Authenticator secret").input_value())
    page.get_by_label("Authenticator code").fill(totp.now())
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Recovery Codes")
    page.goto(f"{live_server.url}/")
    expect(page.locator(".site-header .who")).to_contain_text("Ada Byron · Admin")
    page.get_by_role("button", name="Sign out").click()

    _company_sign_in(page, live_server, "ada")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Two-Factor Authentication")
    page.goto(f"{live_server.url}/")  # not signed in without the code
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.get_by_label("Code").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_the_company_sign_in_pages_fit_a_phone_and_pass_axe_under_the_csp(
    browser, live_server, transactional_db, company, artifacts_dir
):
    from tests.browser.test_phone_and_a11y import PHONE, Findings, _axe_source, _check

    axe, findings = _axe_source(), Findings()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    company.set_people(
        {
            "rachel": _person("rachel@acme.test", ["recruiters"]),
            "mark": _person("mark@acme.test", ["marketing"], name="Mark"),
        }
    )
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        _check(page, "phone sign-in page", axe, findings, artifacts_dir)
        page.goto(f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/")
        _check(page, "phone provider confirmation", axe, findings, artifacts_dir)

        _company_sign_in(page, live_server, "mark")
        expect(page.get_by_role("alert")).to_contain_text("no role in Panelist")
        _check(page, "phone refused", axe, findings, artifacts_dir)

        company.tamper("signature")
        _company_sign_in(page, live_server, "mark")
        expect(page.get_by_role("alert")).to_contain_text("could not verify")
        _check(page, "phone failed", axe, findings, artifacts_dir)

        company.tamper("")
        page.context.clear_cookies()
        _company_sign_in(page, live_server, "rachel")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
        page.goto(f"{live_server.url}/accounts/3rdparty/")
        _check(page, "phone connections", axe, findings, artifacts_dir)
    finally:
        context.close()
    assert not findings.overflow, findings.overflow
    assert not findings.violations, findings.violations
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors


def test_an_account_without_a_password_confirms_access_by_signing_in_again(
    page, live_server, transactional_db, company, settings
):
    company.set_people({"rachel": _person("rachel@acme.test", ["recruiters"])})
    _company_sign_in(page, live_server, "rachel")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0  # the sign-in is no longer recent
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    expect(page).to_have_url(re.compile(rf"/accounts/oidc/{PROVIDER_ID}/login/\?next="))
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Activate Authenticator App")


def test_linking_a_company_account_from_a_signed_in_session_is_refused(
    page, live_server, transactional_db, company
):
    UserFactory(username="maya", email="maya@example.org", first_name="Maya")
    company.set_people({"someone": _person("someone@acme.test", ["hiring-admins"])})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("maya")
    page.get_by_label("Password").fill("test-password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    page.goto(f"{live_server.url}/accounts/oidc/{PROVIDER_ID}/login/?process=connect")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Provider username").fill("someone")
    page.get_by_label("Provider password").fill("provider-password")
    page.get_by_role("button", name="Sign in to the provider").click()
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_role("alert")).to_contain_text("not from this page")
    assert not SocialAccount.objects.exists()
    assert User.objects.get().role == Role.INTERVIEWER
