"""API: openings, candidates and applications, as the permission layer lets the caller see."""

from datetime import datetime
from typing import Annotated, Any, Literal

from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponse
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from panelist.access import permissions
from panelist.api.concurrency import expected_version, set_etag
from panelist.api.schemas import (
    VERSIONED_WRITE_ERRORS,
    IsoDatetime,
    PersonOut,
    Problem,
    RecordId,
)
from panelist.hiring import services
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
def get_opening(request, opening_id: RecordId, response: HttpResponse):
    return _opening_answer(request, response, opening_id)


class CandidateOut(Schema):
    id: int
    name: str
    email: str
    code_sample_url: str
    seminar_title: str
    seminar_abstract: str
    seminar_url: str
    version: int
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
def get_candidate(request, candidate_id: RecordId, response: HttpResponse):
    return _candidate_answer(request, response, candidate_id)


class CandidateRef(Schema):
    id: int
    name: str


class ApplicationOut(Schema):
    id: int
    candidate: CandidateRef
    opening: int
    stage: StageName
    version: int
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
def get_application(request, application_id: RecordId, response: HttpResponse):
    return _application_answer(request, response, application_id)


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


# --- writes (issue 15): the same services and permission functions as the pages -----------
#
# Every versioned object answers with an ``ETag`` (its version); a change names the version it
# was based on in ``If-Match`` or the body's ``version`` (409 when older, 428 when neither).
# Every POST takes an ``Idempotency-Key`` (panelist.api.idempotency).

Title = Annotated[str, Field(min_length=1, max_length=200)]
Slug = Annotated[str, Field(min_length=1, max_length=100)]
Text = Annotated[str, Field(max_length=20_000)]
Link = Annotated[str, Field(max_length=500)]


class RequiredSkillIn(Schema):
    skill: Slug = Field(..., description="A skill's slug (GET /skills).")
    importance: Literal["must", "nice"]


class OpeningIn(Schema):
    title: Title
    team: Slug = Field(..., description="A team's slug.")
    target_level: Slug = Field(..., description="A level's key in the ladder, such as `ds`.")
    hiring_manager: RecordId | None = Field(
        None, description="Who manages it (admins only); a hiring manager opens their own."
    )
    description: Text = ""
    required_skills: list[RequiredSkillIn] = Field(default_factory=list, max_length=100)


class OpeningPatch(Schema):
    title: Title | None = None
    team: Slug | None = None
    target_level: Slug | None = None
    description: Text | None = None
    required_skills: list[RequiredSkillIn] | None = Field(None, max_length=100)
    version: int | None = Field(None, ge=1, description="Or send If-Match.")


class OpeningStatusIn(Schema):
    status: OpeningStatusName
    version: int | None = Field(None, ge=1, description="Or send If-Match.")


def _lookup(model, field: str, value, *, name: str):
    from panelist.core.errors import DomainError

    found = model.objects.filter(**{field: value}).first()
    if found is None:
        raise DomainError(f"No {name} {value!r}.", field=name)
    return found


def _required_skills(rows: list[RequiredSkillIn]) -> dict:
    from panelist.hiring.models import Importance
    from panelist.teams.models import Skill

    return {
        _lookup(Skill, "slug", row.skill, name="required_skills"): Importance(row.importance)
        for row in rows
    }


def _opening_answer(request, response: HttpResponse, opening_id: int):
    opening = permissions.get_visible_or_404(_openings(request.user), pk=opening_id)
    set_etag(response, opening.version)
    return opening


@router.post(
    "/openings",
    response={201: OpeningOut, 403: Problem, 422: Problem},
    summary="Open an opening",
)
def create_opening(request, payload: OpeningIn, response: HttpResponse):
    from panelist.access.models import User
    from panelist.library.models import Level
    from panelist.teams.models import Team

    user = request.user
    manager = (
        user
        if payload.hiring_manager is None
        else _lookup(User, "pk", payload.hiring_manager, name="hiring_manager")
    )
    opening = services.opening_create(
        actor=user,
        title=payload.title,
        team=_lookup(Team, "slug", payload.team, name="team"),
        hiring_manager=manager,
        target_level=_lookup(Level, "key", payload.target_level, name="target_level"),
        required_skills=_required_skills(payload.required_skills),
        description=payload.description,
    )
    return Status(201, _opening_answer(request, response, opening.pk))


@router.patch(
    "/openings/{opening_id}",
    response={200: OpeningOut, **VERSIONED_WRITE_ERRORS},
    summary="Edit an opening",
    description="Only the fields sent change.",
)
def edit_opening(request, opening_id: RecordId, payload: OpeningPatch, response: HttpResponse):
    from panelist.library.models import Level
    from panelist.teams.models import Team

    opening = permissions.get_visible_or_404(_openings(request.user), pk=opening_id)
    skills = (
        _required_skills(payload.required_skills)
        if payload.required_skills is not None
        else {r.skill: r.importance for r in opening.required_skills.all()}
    )
    services.opening_update(
        actor=request.user,
        opening=opening,
        expected_version=expected_version(request, payload.version, current=opening.version),
        title=payload.title if payload.title is not None else opening.title,
        team=_lookup(Team, "slug", payload.team, name="team") if payload.team else opening.team,
        target_level=_lookup(Level, "key", payload.target_level, name="target_level")
        if payload.target_level
        else opening.target_level,
        required_skills=skills,
        library_version=opening.library_version,
        description=payload.description if payload.description is not None else opening.description,
    )
    return _opening_answer(request, response, opening_id)


@router.post(
    "/openings/{opening_id}/status",
    response={200: OpeningOut, **VERSIONED_WRITE_ERRORS},
    summary="Open, hold or close an opening",
)
def set_opening_status(
    request, opening_id: RecordId, payload: OpeningStatusIn, response: HttpResponse
):
    opening = permissions.get_visible_or_404(_openings(request.user), pk=opening_id)
    services.opening_set_status(
        actor=request.user,
        opening=opening,
        status=OpeningStatus(payload.status),
        expected_version=expected_version(request, payload.version, current=opening.version),
    )
    return _opening_answer(request, response, opening_id)


class CandidateIn(Schema):
    name: Title
    email: Annotated[str, Field(min_length=3, max_length=254)]
    code_sample_url: Link = ""
    seminar_title: Annotated[str, Field(max_length=300)] = ""
    seminar_abstract: Text = ""
    notes: Text = ""
    similar_name_confirmed: bool = Field(
        False,
        description="Add the candidate although another's name looks alike (a different "
        "person with a similar name).",
    )


class CandidatePatch(Schema):
    name: Title | None = None
    email: Annotated[str, Field(min_length=3, max_length=254)] | None = None
    code_sample_url: Link | None = None
    seminar_title: Annotated[str, Field(max_length=300)] | None = None
    seminar_abstract: Text | None = None
    version: int | None = Field(None, ge=1, description="Or send If-Match.")


class MergeIn(Schema):
    duplicate: RecordId = Field(..., description="The duplicate record to fold into this one.")


def _candidate_answer(request, response: HttpResponse, candidate_id: int):
    candidate = permissions.get_visible_or_404(
        permissions.candidates_visible_to(request.user), pk=candidate_id
    )
    set_etag(response, candidate.version)
    return candidate


@router.post(
    "/candidates",
    response={201: CandidateOut, 403: Problem, 422: Problem},
    summary="Add a candidate",
    description="Refused (422, field `email`) when another candidate holds the e-mail: attach "
    "that one instead; refused (field `name`) when a name looks alike, unless "
    "`similar_name_confirmed`.",
)
def create_candidate(request, payload: CandidateIn, response: HttpResponse):
    candidate = services.candidate_create(
        actor=request.user,
        name=payload.name,
        email=payload.email,
        code_sample_url=payload.code_sample_url,
        seminar_title=payload.seminar_title,
        seminar_abstract=payload.seminar_abstract,
        notes=payload.notes,
        similar_name_confirmed=payload.similar_name_confirmed,
    )
    return Status(201, _candidate_answer(request, response, candidate.pk))


@router.patch(
    "/candidates/{candidate_id}",
    response={200: CandidateOut, **VERSIONED_WRITE_ERRORS},
    summary="Edit a candidate",
    description="Only the fields sent change.",
)
def edit_candidate(
    request, candidate_id: RecordId, payload: CandidatePatch, response: HttpResponse
):
    candidate = permissions.get_visible_or_404(
        permissions.candidates_visible_to(request.user), pk=candidate_id
    )

    def sent(name: str):
        value = getattr(payload, name)
        return getattr(candidate, name) if value is None else value

    services.candidate_update(
        actor=request.user,
        candidate=candidate,
        expected_version=expected_version(request, payload.version, current=candidate.version),
        name=sent("name"),
        email=sent("email"),
        code_sample_url=sent("code_sample_url"),
        seminar_title=sent("seminar_title"),
        seminar_abstract=sent("seminar_abstract"),
    )
    return _candidate_answer(request, response, candidate_id)


@router.post(
    "/candidates/{candidate_id}/merge",
    response={200: CandidateOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Fold a duplicate record into this candidate",
)
def merge_candidate(request, candidate_id: RecordId, payload: MergeIn, response: HttpResponse):
    visible = permissions.candidates_visible_to(request.user)
    keep = permissions.get_visible_or_404(visible, pk=candidate_id)
    duplicate = permissions.get_visible_or_404(visible, pk=payload.duplicate)
    services.candidate_merge(actor=request.user, keep=keep, merge=duplicate)
    return _candidate_answer(request, response, candidate_id)


class ApplicationIn(Schema):
    candidate: RecordId
    opening: RecordId


class StageIn(Schema):
    stage: StageName = Field(
        ..., description="`withdrawn` withdraws; `decided` is reached by recording a decision."
    )
    version: int | None = Field(None, ge=1, description="Or send If-Match.")


def _application_answer(request, response: HttpResponse, application_id: int):
    application = permissions.get_visible_or_404(_applications(request.user), pk=application_id)
    set_etag(response, application.version)
    return application


@router.post(
    "/applications",
    response={201: ApplicationOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Attach a candidate to an opening",
)
def create_application(request, payload: ApplicationIn, response: HttpResponse):
    user = request.user
    candidate = permissions.get_visible_or_404(
        permissions.candidates_visible_to(user), pk=payload.candidate
    )
    opening = permissions.get_visible_or_404(
        permissions.openings_visible_to(user), pk=payload.opening
    )
    application = services.application_create(actor=user, candidate=candidate, opening=opening)
    return Status(201, _application_answer(request, response, application.pk))


@router.post(
    "/applications/{application_id}/stage",
    response={200: ApplicationOut, **VERSIONED_WRITE_ERRORS},
    summary="Move an application to another stage, or withdraw it",
)
def move_application(request, application_id: RecordId, payload: StageIn, response: HttpResponse):
    application = permissions.get_visible_or_404(
        _applications(request.user).select_related("opening"), pk=application_id
    )
    services.application_move(
        actor=request.user,
        application=application,
        stage=Stage(payload.stage),
        expected_version=expected_version(request, payload.version, current=application.version),
    )
    return _application_answer(request, response, application_id)
