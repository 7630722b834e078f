"""Two-factor secrets are sealed in the database and never shown in the Django admin: a copy of
the database or a backup does not hand out anyone's second factor."""

from importlib import import_module

import pyotp
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.contrib import admin

from panelist.access.adapters import MFA_TOKEN_PREFIX, open_mfa_secret
from tests import factories


def test_the_authenticator_key_is_stored_sealed_and_still_checks_codes(db):
    user = factories.UserFactory()
    secret = pyotp.random_base32()
    TOTP.activate(user, secret)
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    assert stored.startswith(MFA_TOKEN_PREFIX) and secret not in stored
    totp = TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
    assert totp.validate_code(pyotp.TOTP(secret).now())


def test_recovery_codes_are_derived_from_a_sealed_seed(db):
    user = factories.UserFactory()
    codes = RecoveryCodes.activate(user)
    seed = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).data["seed"]
    assert seed.startswith(MFA_TOKEN_PREFIX)
    assert codes.validate_code(codes.get_unused_codes()[0])


def test_secrets_stored_in_the_clear_before_still_work_and_the_migration_seals_them(db):
    user = factories.UserFactory()
    secret = pyotp.random_base32()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": secret})
    authenticator = Authenticator.objects.get(user=user)
    assert TOTP(authenticator).validate_code(pyotp.TOTP(secret).now())  # read as it was

    migration = import_module("panelist.access.migrations.0007_seal_mfa_secrets")
    migration.seal(apps, None)
    sealed = Authenticator.objects.get(user=user)
    assert sealed.data["secret"].startswith(MFA_TOKEN_PREFIX)
    assert open_mfa_secret(sealed.data["secret"]) == secret  # (a code is accepted only once)
    migration.seal(apps, None)  # a second run leaves sealed values alone
    assert Authenticator.objects.get(user=user).data == sealed.data


def test_the_django_admin_does_not_list_authenticators():
    assert not admin.site.is_registered(Authenticator)
