"""API: teams, their skill inventory, and the skill catalogue."""

from ninja import Router, Schema
from ninja.pagination import paginate

from panelist.access import permissions
from panelist.api.schemas import PersonOut
from panelist.teams.models import Skill
from panelist.teams.selectors import team_inventory

router = Router()


class SkillOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    dimension: str | None

    @staticmethod
    def resolve_dimension(obj) -> str | None:
        return obj.dimension.key if obj.dimension else None


class TeamOut(Schema):
    id: int
    name: str
    slug: str
    description: str


class MemberSkillsOut(Schema):
    member: PersonOut
    skills: dict[str, int]


class TeamDetailOut(TeamOut):
    members: list[MemberSkillsOut]
    single_points_of_failure: list[str]
    skills_nobody_holds: list[str]


@router.get("/skills", response=list[SkillOut], summary="The skill catalogue")
@paginate
def list_skills(request):
    return Skill.objects.select_related("dimension").order_by("name")


@router.get("/teams", response=list[TeamOut], summary="List the teams you may see")
@paginate
def list_teams(request):
    return permissions.teams_visible_to(request.user).order_by("name")


@router.get("/teams/{slug}", response=TeamDetailOut, summary="A team's skill inventory (0-3)")
def get_team(request, slug: str):
    inventory = team_inventory(request.user, slug)
    team = inventory.team
    return {
        "id": team.pk,
        "name": team.name,
        "slug": team.slug,
        "description": team.description,
        "members": [
            {
                "member": membership.user,
                "skills": {
                    skill.name: level
                    for skill, level in zip(inventory.skills, levels, strict=True)
                    if level
                },
            }
            for membership, levels in inventory.rows
        ],
        "single_points_of_failure": inventory.coverage.single_points,
        "skills_nobody_holds": inventory.coverage.missing,
    }
