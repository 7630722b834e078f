"""API: openings, candidates and applications, as the permission layer lets the caller see."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.db.models import Exists, OuterRef, Prefetch
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from panelist.access import permissions
from panelist.api.schemas import IsoDatetime, PersonOut, RecordId
from panelist.hiring.models import OpeningStatus, RequiredSkill, Stage

router = Router()

StageName = Literal[tuple(Stage.values)]  # type: ignore[valid-type]
OpeningStatusName = Literal[tuple(OpeningStatus.values)]  # type: ignore[valid-type]


class RequiredSkillOut(Schema):
    skill: str
    importance: Literal["must", "nice"]

    @staticmethod
    def resolve_skill(obj) -> str:
        return obj.skill.name


class OpeningOut(Schema):
    id: int
    title: str
    team: str
    hiring_manager: PersonOut
    target_level: str
    library_version: int
    status: OpeningStatusName
    description: str
    required_skills: list[RequiredSkillOut]
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_team(obj) -> str:
        return obj.team.slug

    @staticmethod
    def resolve_target_level(obj) -> str:
        return obj.target_level.key

    @staticmethod
    def resolve_library_version(obj) -> int:
        return obj.library_version.number

    @staticmethod
    def resolve_required_skills(obj):
        return list(obj.required_skills.all())


class OpeningFilter(FilterSchema):
    status: OpeningStatusName | None = None
    team: Annotated[str | None, FilterLookup("team__slug")] = Field(
        None, description="A team's slug."
    )


def _openings(user):
    return (
        permissions.openings_visible_to(user)
        .select_related("team", "hiring_manager", "target_level", "library_version")
        .prefetch_related(
            Prefetch("required_skills", RequiredSkill.objects.select_related("skill"))
        )
        .order_by("-created_at", "-id")
    )


@router.get("/openings", response=list[OpeningOut], summary="List openings")
@paginate
def list_openings(request, filters: Query[OpeningFilter]):
    return filters.filter(_openings(request.user))


@router.get("/openings/{opening_id}", response=OpeningOut, summary="One opening")
def get_opening(request, opening_id: RecordId):
    return permissions.get_visible_or_404(_openings(request.user), pk=opening_id)


class CandidateOut(Schema):
    id: int
    name: str
    email: str
    code_sample_url: str
    seminar_title: str
    seminar_abstract: str
    seminar_url: str
    created_at: datetime


class AppliedTo(Schema):
    opening: RecordId | None = Field(None, description="Only candidates who applied to it.")


class CandidateFilter(FilterSchema):
    created_after: Annotated[IsoDatetime | None, FilterLookup("created_at__gte")] = None
    created_before: Annotated[IsoDatetime | None, FilterLookup("created_at__lt")] = None


@router.get("/candidates", response=list[CandidateOut], summary="List candidates")
@paginate
def list_candidates(request, filters: Query[CandidateFilter], where: Query[AppliedTo]):
    user = request.user
    candidates = permissions.candidates_visible_to(user).order_by("-created_at", "-id")
    if where.opening is not None:  # through the applications the caller may see, only
        visible = permissions.applications_visible_to(user).filter(opening=where.opening)
        candidates = candidates.filter(Exists(visible.filter(candidate=OuterRef("pk"))))
    return filters.filter(candidates)


@router.get("/candidates/{candidate_id}", response=CandidateOut, summary="One candidate")
def get_candidate(request, candidate_id: RecordId):
    return permissions.get_visible_or_404(
        permissions.candidates_visible_to(request.user), pk=candidate_id
    )


class CandidateRef(Schema):
    id: int
    name: str


class ApplicationOut(Schema):
    id: int
    candidate: CandidateRef
    opening: int
    stage: StageName
    created_at: datetime
    stage_changed_at: datetime

    @staticmethod
    def resolve_opening(obj) -> int:
        return obj.opening_id


class ApplicationFilter(FilterSchema):
    opening: RecordId | None = None
    stage: StageName | None = None
    created_after: Annotated[IsoDatetime | None, FilterLookup("created_at__gte")] = None
    created_before: Annotated[IsoDatetime | None, FilterLookup("created_at__lt")] = None


def _applications(user):
    return (
        permissions.applications_visible_to(user)
        .select_related("candidate")
        .order_by("-created_at", "-id")
    )


@router.get("/applications", response=list[ApplicationOut], summary="List applications")
@paginate
def list_applications(request, filters: Query[ApplicationFilter]):
    return filters.filter(_applications(request.user))


@router.get("/applications/{application_id}", response=ApplicationOut, summary="One application")
def get_application(request, application_id: RecordId):
    return permissions.get_visible_or_404(_applications(request.user), pk=application_id)


@router.get(
    "/openings/{opening_id}/export",
    response=dict[str, Any],
    summary="An opening's applications with scores, recommendations and decisions",
    description="The JSON of `panelist export --format json`, as you may see it: scores from "
    "the scorecards you may read, the committee's recommendation unless you are still blind.",
)
def export_opening(request, opening_id: RecordId):
    """Streamed, with the bytes ninja's renderer would write for the whole dict."""
    from django.http import StreamingHttpResponse

    from panelist.exports.services import exported_opening, json_chunks, opening_export_stream

    export = opening_export_stream(
        request.user, exported_opening(request.user, opening_id), fmt="json"
    )
    pieces = json_chunks(export.head(), export.records(), indent=None, ensure_ascii=True)
    return StreamingHttpResponse(
        (piece.encode() for piece in pieces), content_type="application/json; charset=utf-8"
    )
