"""How django-allauth signs people in here: no signup, throttled per account, a second
factor that a person who must have one cannot remove, and the rules of company sign-in
(OpenID Connect): the role from the groups claim, and linking by verified e-mail only."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialAccount, SocialApp
from allauth.socialaccount.providers.base import AuthProcess
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.shortcuts import render

from panelist.access import permissions
from panelist.access.models import Role, User


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": (
            "The username or e-mail address and the password do not match an account. "
            "Check both fields and try again."
        ),
        "email_password_mismatch": (
            "The username or e-mail address and the password do not match an account. "
            "Check both fields and try again."
        ),
        "too_many_login_attempts": (
            "Too many failed sign-ins for this account or from this address. Sign-in is "
            "paused, even with the right password: wait {minutes} minutes and try again, or "
            "reset your password by e-mail."
        ),
    }

    def is_open_for_signup(self, request) -> bool:
        """Admins create accounts (Django admin); nobody signs themselves up."""
        return False

    def pre_authenticate(self, request, **credentials) -> None:
        """A sign-in refused by the throttle never reaches Django's authenticate (which
        signals failures to the audit log), so it is written to the log here."""
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            from panelist.audit import services as audit
            from panelist.audit.models import EventKind

            typed = credentials.get("username") or credentials.get("email") or ""
            audit.record(
                EventKind.SIGN_IN_FAILED, None, request, actor_name=str(typed), reason="throttled"
            )
            raise

    def validation_error(self, code: str, *args):
        if code == "too_many_login_attempts":
            minutes = max(1, round(settings.PANELIST_LOGIN_WINDOW_SECONDS / 60))
            message = self.error_messages[code].format(minutes=minutes)
            return forms.ValidationError(message, code=code)
        return super().validation_error(code, *args)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Confirming access asks for the password again (or the second factor). An account
        without a password, made by company sign-in, has nothing to type: signing in with the
        company account within ACCOUNT_REAUTHENTICATION_TIMEOUT confirms access instead."""
        request = getattr(self, "request", None)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.has_usable_password()
            and signed_in_with_company_within(
                get_authentication_records(request, user),
                seconds=settings.ACCOUNT_REAUTHENTICATION_TIMEOUT,
                now=time.time(),
            )
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_reauthentication_methods(self, user) -> list[dict]:
        """Besides the password, the second factor and a code by e-mail: signing in again
        with the company account the user's Panelist account is linked to; first for an account
        without a password, which the company sign-in made."""
        methods = super().get_reauthentication_methods(user)
        if not user.is_authenticated:
            return methods
        linked = set(SocialAccount.objects.filter(user=user).values_list("provider", flat=True))
        company = [
            {
                "id": f"company:{provider.app.provider_id}",
                "description": f"Sign in again with {provider.name}",
                "url": provider.get_login_url(self.request),
            }
            for provider in get_social_adapter().list_providers(self.request)
            if provider.app.provider_id in linked
        ]
        return methods + company if user.has_usable_password() else company + methods

    def _get_login_attempts_cache_key(self, request, **credentials: Any) -> str:
        """Count failures per account, whether the person typed its username or its e-mail
        address; a name that matches no account is counted on its own."""
        login = credentials.get("email", credentials.get("username", "")).strip().lower()
        user_ids = list(
            get_user_model()
            .objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
            .values_list("pk", flat=True)[:2]
        )
        if len(user_ids) == 1:
            return f"account:{user_ids[0]}"
        return f"login:{login}"


MFA_TOKEN_PREFIX = "fernet:"


def _mfa_fernet():
    """The key that seals two-factor secrets: PANELIST_MFA_KEY when set (so that the secret
    key can be rotated without every authenticator), else one derived from SECRET_KEY."""
    import base64
    import hashlib

    from cryptography.fernet import Fernet
    from django.conf import settings

    material = settings.PANELIST_MFA_KEY or settings.SECRET_KEY
    digest = hashlib.sha256(b"panelist-mfa-secrets\x00" + material.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal_mfa_secret(text: str) -> str:
    return MFA_TOKEN_PREFIX + _mfa_fernet().encrypt(text.encode()).decode()


def open_mfa_secret(stored: str) -> str:
    """The secret in the clear; a value stored before sealing existed is returned as it is
    (migration access/0007 seals those)."""
    if not stored.startswith(MFA_TOKEN_PREFIX):
        return stored
    return _mfa_fernet().decrypt(stored.removeprefix(MFA_TOKEN_PREFIX).encode()).decode()


class MFAAdapter(DefaultMFAAdapter):
    """Two-factor secrets (the TOTP key, the recovery codes' seed) are stored sealed: a copy
    of the database or a backup does not hand out anyone's second factor."""

    def encrypt(self, text: str) -> str:
        return seal_mfa_secret(text)

    def decrypt(self, encrypted_text: str) -> str:
        return open_mfa_secret(encrypted_text)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Whoever must sign in with a second factor keeps their authenticator app; they may
        still regenerate recovery codes."""
        if authenticator.type == Authenticator.Type.TOTP and permissions.requires_two_factor(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)


# --- Company sign-in (OpenID Connect) ------------------------------------------------------


class SignInRefused(Exception):
    """A company sign-in Panelist turns away; the message says why and what to do."""


def signed_in_with_company_within(records: Sequence[Mapping], *, seconds: int, now: float) -> bool:
    """Whether the session's sign-in records (allauth's) hold a company sign-in (OpenID
    Connect) from the last ``seconds``."""
    return any(
        record.get("method") == "socialaccount" and now - record.get("at", 0) < seconds
        for record in records
    )


def role_from_claims(
    claims: Mapping[str, Any], *, claim: str, role_map: Sequence[tuple[str, str]], default: str
) -> str | None:
    """The role the identity provider's groups give: the first entry of ``role_map`` whose
    group the person is in, else ``default``; None when ``default`` is "refuse"."""
    value = claims.get(claim)
    if isinstance(value, str):
        groups = {value}
    elif isinstance(value, list | tuple):
        groups = {item for item in value if isinstance(item, str)}
    else:
        groups = set()
    for group, role in role_map:
        if group in groups:
            return role
    return None if default == "refuse" else default


def email_is_verified(claims: Mapping[str, Any]) -> bool:
    """``email_verified`` is true (some providers send the string "true")."""
    value = claims.get("email_verified")
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def account_to_link(
    *, email: str, email_verified: bool, accounts: Sequence[User], provider_name: str
) -> User | None:
    """The existing account a first company sign-in belongs to (None: create one), given the
    accounts holding its e-mail address. Only a verified address links; an unverified one
    that an account holds is refused rather than given a second account."""
    if not accounts:
        return None
    if len(accounts) > 1:
        raise SignInRefused(
            f"Several Panelist accounts use the address {email}, so Panelist cannot tell which "
            "one is yours. Ask a Panelist admin to give each account its own address."
        )
    if not email_verified:
        raise SignInRefused(
            f"A Panelist account already uses the address {email}, but {provider_name} does not "
            "say that this address is verified, so the two are not linked. Ask your identity "
            "provider's admin to verify the address, or sign in with your Panelist password."
        )
    return accounts[0]


@dataclass(frozen=True)
class CompanySignIn:
    """What a company sign-in does: sign in to ``account`` (linking it first when ``link``),
    or create an account when it is None; give ``role``, or leave the role as it is (None)."""

    account: User | None
    link: bool
    role: str | None


def decide_company_sign_in(
    *,
    claims: Mapping[str, Any],
    linked_account: User | None,
    accounts_with_email: Sequence[User],
    role_claim: str,
    role_map: Sequence[tuple[str, str]],
    default_role: str,
    sync_role: bool,
    provider_name: str,
) -> CompanySignIn:
    """The rules of company sign-in, given the verified claims, the account already linked to
    this identity (if any) and the accounts holding its e-mail address. Raises SignInRefused.

    A new account needs a role from the groups (or the default role). An existing one takes
    the role of its groups at every sign-in when ``sync_role``, and is refused when they give
    none; otherwise it keeps the role it has."""
    role = role_from_claims(claims, claim=role_claim, role_map=role_map, default=default_role)
    account, link = linked_account, False
    if account is None:
        email = (claims.get("email") or "").strip()
        if not email:
            raise SignInRefused(
                f"{provider_name} did not send your e-mail address, which Panelist needs. Ask "
                "your identity provider's admin to release the e-mail claim to Panelist."
            )
        account = account_to_link(
            email=email,
            email_verified=email_is_verified(claims),
            accounts=accounts_with_email,
            provider_name=provider_name,
        )
        if account is None:
            if role is None:
                raise no_role_refusal(provider_name)
            return CompanySignIn(account=None, link=False, role=role)
        link = True
    if not sync_role:
        return CompanySignIn(account=account, link=link, role=None)
    if role is None:
        raise no_role_refusal(provider_name)
    return CompanySignIn(account=account, link=link, role=role)


def accounts_holding(email: str) -> list[User]:
    """Up to two accounts whose address (or one of allauth's e-mail records) is ``email``, in
    any case."""
    return list(
        get_user_model()
        .objects.filter(Q(email__iexact=email) | Q(emailaddress__email__iexact=email))
        .distinct()[:2]
    )


def no_role_refusal(provider_name: str) -> SignInRefused:
    return SignInRefused(
        f"Your {provider_name} groups give you no role in Panelist. Ask your admin to add you "
        "to one of the groups Panelist is configured with."
    )


def apply_role(user: User, role: str) -> bool:
    """Give ``user`` the role, with the Django admin rights an admin has; True if it changed."""
    is_admin = role == Role.ADMIN
    changed = (user.role, user.is_staff, user.is_superuser) != (role, is_admin, is_admin)
    user.role, user.is_staff, user.is_superuser = role, is_admin, is_admin
    return changed


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Company sign-in: the only provider is the one configured in the environment."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        """Accounts are created at the first company sign-in; ``pre_social_login`` has refused
        those without a role by then. Password signup stays closed (AccountAdapter)."""
        return True

    def list_apps(self, request, provider=None, client_id=None) -> list[SocialApp]:
        """The app configured in the environment (settings), never rows added in the Django
        admin: no database query, and nothing to configure behind the environment's back."""
        apps = []
        for config in settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]:
            app = SocialApp(provider="openid_connect", **config)
            if provider and provider not in (app.provider, app.provider_id):
                continue
            if client_id and client_id != app.client_id:
                continue
            apps.append(app)
        return apps

    def pre_social_login(self, request, sociallogin) -> None:
        provider_name = sociallogin.provider.name if sociallogin.provider else "the provider"
        try:
            self._decide(request, sociallogin, provider_name)
        except SignInRefused as refusal:
            response = render(
                request,
                "access/company_sign_in_refused.html",
                {"message": str(refusal), "provider_name": provider_name},
                status=403,
            )
            raise ImmediateHttpResponse(response) from None

    def _decide(self, request, sociallogin, provider_name: str) -> None:
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            raise SignInRefused(
                "Company accounts are linked when you sign in with them, by a verified e-mail "
                "address, not from this page."
            )
        claims = sociallogin.account.extra_data.get("userinfo") or {}
        email = (claims.get("email") or "").strip()
        decision = decide_company_sign_in(
            claims=claims,
            linked_account=sociallogin.user if sociallogin.is_existing else None,
            accounts_with_email=accounts_holding(email) if email else [],
            role_claim=settings.PANELIST_OIDC_ROLE_CLAIM,
            role_map=settings.PANELIST_OIDC_ROLE_MAP,
            default_role=settings.PANELIST_OIDC_DEFAULT_ROLE,
            sync_role=settings.PANELIST_OIDC_ROLE_SYNC,
            provider_name=provider_name,
        )
        if decision.account is None:
            apply_role(sociallogin.user, decision.role)  # saved with the new account by allauth
            return
        with transaction.atomic():
            if decision.role is not None and apply_role(decision.account, decision.role):
                decision.account.save(update_fields=["role", "is_staff", "is_superuser"])
                _audit_role_from_groups(request, decision.account)
            if decision.link:
                sociallogin.connect(request, decision.account)


def _audit_role_from_groups(request, user: User) -> None:
    """A role the identity provider's groups changed: no admin acted, the groups did."""
    from panelist.audit import services as audit
    from panelist.audit.models import EventKind

    audit.record(
        EventKind.ROLE_CHANGED,
        None,
        request,
        target=user,
        actor_name=f"{settings.PANELIST_OIDC_ROLE_CLAIM} claim",
        source="company sign-in",
        username=user.get_username(),
        changed=["role"],
        role=user.role,
        staff=user.is_staff,
        superuser=user.is_superuser,
    )
