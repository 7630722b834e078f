"""Writes on teams: the hiring manager's coaching preferences."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from panelist.access import permissions
from panelist.core.errors import DomainError, NotAllowed
from panelist.library.models import Dimension
from panelist.teams.models import CoachingPreference, Willingness


def coaching_preferences_set(*, actor, preferences: Mapping[Dimension, Willingness | str]) -> None:
    """Replace the actor's stated willingness to coach, per dimension; an empty value clears
    it (shown as "not stated", which decision support treats as not coachable)."""
    if not (permissions.is_hiring_manager(actor) or permissions.is_admin(actor)):
        raise NotAllowed("Coaching preferences belong to hiring managers.")
    for dimension, willingness in preferences.items():
        if willingness and willingness not in Willingness.values:
            raise DomainError(f"Choose will, some or will not for {dimension}.")
    with transaction.atomic():
        for dimension, willingness in preferences.items():
            if willingness:
                CoachingPreference.objects.update_or_create(
                    manager=actor, dimension=dimension, defaults={"willingness": willingness}
                )
            else:
                CoachingPreference.objects.filter(manager=actor, dimension=dimension).delete()
