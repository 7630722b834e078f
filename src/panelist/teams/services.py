"""Writes on teams: the hiring manager's coaching preferences, and who belongs to a team."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction

from panelist.access import permissions
from panelist.audit import services as audit
from panelist.audit.models import EventKind
from panelist.core.errors import DomainError, NotAllowed
from panelist.library.models import Dimension
from panelist.teams.models import CoachingPreference, TeamMembership, Willingness


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


def memberships_save(
    *,
    actor,
    saved: Iterable[TeamMembership] = (),
    deleted: Iterable[TeamMembership] = (),
) -> None:
    """Save and delete team memberships (admins, through the Django admin). A member reads
    their team's skill inventory, so who joins or leaves a team, or moves to another, is
    audited; other edits (the date joined) are not."""
    with transaction.atomic():
        for membership in saved:
            before = (
                TeamMembership.objects.filter(pk=membership.pk)
                .values_list("team_id", "user_id")
                .first()
                if membership.pk
                else None
            )
            membership.save()
            if before != (membership.team_id, membership.user_id):
                _audit_membership(actor, membership, "moved" if before else "added")
        for membership in deleted:
            _audit_membership(actor, membership, "removed")
            membership.delete()


def _audit_membership(actor, membership: TeamMembership, change: str) -> None:
    audit.record(
        EventKind.MEMBERSHIP_CHANGED,
        actor,
        target=membership.user,
        change=change,
        team=membership.team.slug,
        username=membership.user.get_username(),
    )
