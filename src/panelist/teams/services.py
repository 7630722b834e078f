"""Writes on teams: the hiring manager's coaching preferences, the skill readings, and who
belongs to a team."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction

from panelist.access import permissions
from panelist.audit import services as audit
from panelist.audit.models import EventKind
from panelist.core.errors import DomainError, NotAllowed
from panelist.library.models import Dimension
from panelist.teams.models import (
    CoachingPreference,
    MemberSkill,
    Skill,
    SkillLevel,
    SkillReading,
    Team,
    TeamMembership,
    Willingness,
)


def coaching_preferences_set(*, actor, preferences: Mapping[Dimension, Willingness | str]) -> None:
    """Replace the actor's stated willingness to coach, per dimension; an empty value clears
    it (shown as "not stated", which decision support treats as not coachable). A hiring
    manager's preferences apply to their openings; a team member's to the openings of their
    teams, where a gap they will coach counts as coachable."""
    if not permissions.can_state_coaching(actor):
        raise NotAllowed("Coaching preferences belong to hiring managers and team members.")
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


def skill_reading_record(*, actor, team: Team, member, skill: Skill, level: int) -> MemberSkill:
    """Record how well ``member`` holds ``skill`` now. The inventory shows the latest reading;
    every reading is kept (``SkillReading``), none is changed in place."""
    if not permissions.can_record_skill_readings(actor, team):
        raise NotAllowed("Only admins and the team's hiring managers record its skill readings.")
    if level not in SkillLevel.values:
        raise DomainError("A skill level is 0 (none) to 3 (can teach it).", field="level")
    membership = TeamMembership.objects.filter(team=team, user=member).first()
    if membership is None:
        raise DomainError(f"{member} is not a member of {team}.", field="member")
    with transaction.atomic():
        held = (
            MemberSkill.objects.select_for_update()
            .filter(membership=membership, skill=skill)
            .first()
        )
        SkillReading.objects.create(
            membership=membership,
            skill=skill,
            level=level,
            previous_level=held.level if held else None,
            read_by=actor,
        )
        if held is None:
            return MemberSkill.objects.create(membership=membership, skill=skill, level=level)
        held.level = level
        held.save(update_fields=["level"])
    return held


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
