"""API: teams, their skill inventory, and the skill catalogue."""

from typing import Literal

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from panelist.access import permissions
from panelist.api.schemas import PersonOut, Problem, RecordId
from panelist.core.errors import DomainError
from panelist.library.models import Dimension
from panelist.teams import services
from panelist.teams.models import CoachingPreference, Skill, Willingness
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


class SkillReadingIn(Schema):
    member: RecordId
    skill: str = Field(..., min_length=1, max_length=100, description="A skill's slug.")
    level: int = Field(..., ge=0, le=3, description="0 none, 1 working, 2 proficient, 3 expert.")


class SkillReadingOut(Schema):
    member: int
    skill: str
    level: int


@router.post(
    "/teams/{slug}/skill-readings",
    response={201: SkillReadingOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Record a member's level in a skill",
    description="The inventory shows the latest reading; every reading is kept.",
)
def record_skill_reading(request, slug: str, payload: SkillReadingIn):
    from panelist.access.models import User

    team = permissions.get_visible_or_404(
        permissions.teams_visible_to(request.user), slug=slug[:100]
    )
    skill = Skill.objects.filter(slug=payload.skill).first()
    if skill is None:
        raise DomainError(f"No skill {payload.skill!r}.", field="skill")
    member = User.objects.filter(pk=payload.member).first()
    if member is None:
        raise DomainError("No such member.", field="member")
    services.skill_reading_record(
        actor=request.user, team=team, member=member, skill=skill, level=payload.level
    )
    return Status(201, {"member": member.pk, "skill": skill.slug, "level": payload.level})


WillingnessName = Literal[tuple(Willingness.values)]  # type: ignore[valid-type]


class CoachingOut(Schema):
    preferences: dict[str, WillingnessName] = Field(
        ..., description="Per dimension key; a dimension left out is not stated."
    )


class CoachingIn(Schema):
    preferences: dict[str, WillingnessName | None] = Field(
        ...,
        max_length=50,
        description="Per dimension key: will, some or will_not; null clears it. Dimensions "
        "left out keep what they had.",
    )


def _coaching_of(user) -> dict:
    rows = CoachingPreference.objects.filter(manager=user).select_related("dimension")
    return {"preferences": {row.dimension.key: row.willingness for row in rows}}


@router.get("/me/coaching", response=CoachingOut, summary="What you are willing to coach")
def get_coaching(request):
    return _coaching_of(request.user)


@router.put(
    "/me/coaching",
    response={200: CoachingOut, 403: Problem, 422: Problem},
    summary="Say what you are willing to coach, per dimension",
)
def set_coaching(request, payload: CoachingIn):
    dimensions = {d.key: d for d in Dimension.objects.filter(key__in=list(payload.preferences))}
    unknown = sorted(set(payload.preferences) - set(dimensions))
    if unknown:
        raise DomainError(f"Unknown dimension: {', '.join(unknown)}.", field="preferences")
    services.coaching_preferences_set(
        actor=request.user,
        preferences={dimensions[key]: value or "" for key, value in payload.preferences.items()},
    )
    return _coaching_of(request.user)
