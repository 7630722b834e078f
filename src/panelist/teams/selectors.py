"""The team's skill inventory, read for the team page, its chart and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page

from panelist.access.permissions import get_visible_or_404, teams_visible_to
from panelist.core.paging import page_of
from panelist.decisions import rules
from panelist.teams.models import MemberSkill, Skill, Team, TeamMembership

# A member holds a skill from this level on (proficient), on this page as on the debrief.
HOLDING_LEVEL = rules.HOLDING_LEVEL


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


@dataclass
class InventoryPage:
    """The team page: a page of members with their level per skill, and the coverage of the
    whole team."""

    team: Team
    skills: list[Skill]
    page: Page  # of TeamMembership, each with ``levels`` (0-3 per skill, in ``skills`` order)
    coverage: rules.TeamCoverage


def team_page(user, slug: str, number) -> InventoryPage:
    """The team's members a page at a time; the single points of failure and the skills nobody
    holds are read over the whole team from the holdings at or above the holding level only."""
    team = get_visible_or_404(teams_visible_to(user), slug=slug)
    skills = list(Skill.objects.order_by("name"))
    page = page_of(
        team.memberships.select_related("user").order_by(
            "user__first_name", "user__username", "pk"
        ),
        number,
    )
    levels: dict[tuple[int, int], int] = {
        (held.membership_id, held.skill_id): held.level
        for held in MemberSkill.objects.filter(membership__in=[m.pk for m in page.object_list])
    }
    for membership in page.object_list:
        membership.levels = [levels.get((membership.pk, s.pk), 0) for s in skills]
    names = {s.pk: s.name for s in skills}
    held: dict[int, dict[str, int]] = {}
    for membership_id, skill_id, level in MemberSkill.objects.filter(
        membership__team=team, level__gte=HOLDING_LEVEL
    ).values_list("membership_id", "skill_id", "level"):
        held.setdefault(membership_id, {})[names[skill_id]] = level
    coverage = rules.team_coverage(held, list(names.values()), threshold=HOLDING_LEVEL)
    return InventoryPage(team, skills, page, coverage)
