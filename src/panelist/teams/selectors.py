"""The team's skill inventory, read for the team page."""

from __future__ import annotations

from dataclasses import dataclass

from panelist.access.permissions import get_visible_or_404, teams_visible_to
from panelist.decisions import rules
from panelist.teams.models import MemberSkill, Skill, Team, TeamMembership


@dataclass
class Inventory:
    team: Team
    skills: list[Skill]
    rows: list[tuple[TeamMembership, list[int]]]  # member, level per skill (0-3)
    coverage: rules.TeamCoverage


def team_inventory(user, slug: str) -> Inventory:
    team = get_visible_or_404(teams_visible_to(user), slug=slug)
    skills = list(Skill.objects.order_by("name"))
    memberships = list(team.memberships.select_related("user").order_by("user__first_name"))
    levels: dict[tuple[int, int], int] = {
        (held.membership_id, held.skill_id): held.level
        for held in MemberSkill.objects.filter(membership__team=team)
    }
    rows = [(m, [levels.get((m.pk, s.pk), 0) for s in skills]) for m in memberships]
    inventory = {
        str(m.user): {s.name: level for s, level in zip(skills, row, strict=True)}
        for m, row in rows
    }
    coverage = rules.team_coverage(inventory, [s.name for s in skills])
    return Inventory(team, skills, rows, coverage)
