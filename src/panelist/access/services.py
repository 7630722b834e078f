"""Changes to accounts and to the organisation settings, made by admins (through the Django
admin, which calls these); each is written to the audit log in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from panelist.access.models import OrganisationSettings, User
from panelist.audit import services as audit
from panelist.audit.models import EventKind

# What a person may do: their role, the admin flags, and Django's groups and permissions.
ACCESS_FIELDS = ("role", "is_active", "is_staff", "is_superuser", "groups", "user_permissions")


def user_save(*, actor, user: User, changed: Iterable[str], created: bool) -> User:
    """Save an account an admin created or edited; ``changed``: the names of the fields the
    admin changed. A new account, and any change to what it may do, is audited."""
    changed_access = [name for name in ACCESS_FIELDS if name in set(changed)]
    with transaction.atomic():
        user.save()
        if created:
            audit.record(
                EventKind.ACCOUNT_CREATED,
                actor,
                target=user,
                username=user.get_username(),
                role=user.role,
                staff=user.is_staff,
                superuser=user.is_superuser,
            )
        elif changed_access:
            audit.record(
                EventKind.ROLE_CHANGED,
                actor,
                target=user,
                username=user.get_username(),
                changed=changed_access,
                role=user.role,
                active=user.is_active,
                staff=user.is_staff,
                superuser=user.is_superuser,
            )
    return user


def organisation_settings_save(
    *, actor, organisation: OrganisationSettings, changed: Iterable[str]
) -> OrganisationSettings:
    """Save the organisation settings; each changed setting is audited with its new value."""
    changed = list(changed)
    with transaction.atomic():
        organisation.save()
        if changed:
            audit.record(
                EventKind.SETTINGS_CHANGED,
                actor,
                target="organisation settings",
                **{name: getattr(organisation, name) for name in changed},
            )
    return organisation
