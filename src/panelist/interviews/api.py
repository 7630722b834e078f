"""API: committee assignments and scorecards. Reading goes through the blind rule; writing
(assemble and change the committee; draft, submit, amend) through the same services as the
committee page and the scorecard form, version checks included."""

from datetime import datetime
from typing import Annotated, Literal

from django.db.models import Prefetch
from django.http import HttpResponse
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from panelist.access import permissions
from panelist.api.concurrency import expected_version, set_etag
from panelist.api.schemas import (
    VERSIONED_WRITE_ERRORS,
    Conflict,
    IsoDatetime,
    PersonOut,
    Problem,
    RecordId,
)
from panelist.core.errors import DomainError
from panelist.interviews import selectors, services
from panelist.interviews.models import Assignment, Mode, Rating, Scorecard
from panelist.library.models import RATING_MAX, RATING_MIN, Dimension, InterviewFormat, Trait

router = Router()

Version = Annotated[int, Field(ge=1, le=2**31 - 1)]

RecommendationName = Literal["strong_no", "no", "yes", "strong_yes"]
WRITE_ERRORS = {403: Problem, 404: Problem, 409: Conflict, 422: Problem}


class AssignmentOut(Schema):
    id: int
    application: int
    member: PersonOut
    dimensions: list[str]
    interview_format: str
    scheduled_at: datetime | None
    mode: Literal[tuple(Mode.values)]  # type: ignore[valid-type]
    location: str
    feedback_due: datetime | None
    scorecard: int | None = Field(None, description="Its scorecard, once started.")
    version: int

    @staticmethod
    def resolve_application(obj) -> int:
        return obj.application_id

    @staticmethod
    def resolve_dimensions(obj) -> list[str]:
        return [d.key for d in obj.dimensions.all()]

    @staticmethod
    def resolve_interview_format(obj) -> str:
        return obj.interview_format.key

    @staticmethod
    def resolve_scorecard(obj) -> int | None:
        scorecard = getattr(obj, "scorecard", None)
        return scorecard.pk if scorecard else None


class AssignmentFilter(FilterSchema):
    opening: Annotated[RecordId | None, FilterLookup("application__opening")] = None
    application: RecordId | None = None


@router.get("/assignments", response=list[AssignmentOut], summary="List committee assignments")
@paginate
def list_assignments(
    request,
    filters: Query[AssignmentFilter],
    mine: bool = Query(False, description="Only the caller's own assignments."),
):
    queryset = (
        permissions.assignments_visible_to(request.user)
        .select_related("member", "interview_format", "scorecard")
        .prefetch_related("dimensions")
        .order_by("-id")
    )
    if mine:
        queryset = queryset.filter(member=request.user)
    return filters.filter(queryset)


def _assignment(user, assignment_id: int) -> Assignment:
    return permissions.get_visible_or_404(
        permissions.assignments_visible_to(user)
        .select_related("member", "interview_format", "scorecard", "application__opening")
        .prefetch_related("dimensions"),
        pk=assignment_id,
    )


def _assignment_answer(request, response: HttpResponse, assignment_id: int) -> Assignment:
    assignment = _assignment(request.user, assignment_id)
    set_etag(response, assignment.version)
    return assignment


@router.get("/assignments/{assignment_id}", response=AssignmentOut, summary="One assignment")
def get_assignment(request, assignment_id: RecordId, response: HttpResponse):
    return _assignment_answer(request, response, assignment_id)


ModeName = Literal[tuple(Mode.values)]  # type: ignore[valid-type]
Place = Annotated[str, Field(max_length=500)]


class AssignmentIn(Schema):
    application: RecordId
    member: RecordId
    dimensions: list[Annotated[str, Field(max_length=50)]] = Field(
        ..., min_length=1, max_length=10, description="Dimension keys the member assesses."
    )
    interview_format: Annotated[str, Field(max_length=100)] = Field(
        ..., description="An interview format's key (GET /library)."
    )
    scheduled_at: IsoDatetime | None = None
    mode: ModeName = "in_person"
    location: Place = Field("", description="Meeting link when remote, room when in person.")
    feedback_due: IsoDatetime | None = None


class AssignmentPatch(Schema):
    scheduled_at: IsoDatetime | None = None
    mode: ModeName | None = None
    location: Place | None = None
    feedback_due: IsoDatetime | None = None
    interview_format: Annotated[str, Field(max_length=100)] | None = None
    version: int | None = Field(None, ge=1, description="Or send If-Match.")


def _format(key: str) -> InterviewFormat:
    found = InterviewFormat.objects.filter(key=key).first()
    if found is None:
        raise DomainError(f"No interview format {key!r}.", field="interview_format")
    return found


@router.post(
    "/assignments",
    response={201: AssignmentOut, 403: Problem, 404: Problem, 422: Problem},
    summary="Put a member on a candidate's committee",
    description="The member is sent the assignment with a calendar invite.",
)
def create_assignment(request, payload: AssignmentIn, response: HttpResponse):
    from panelist.access.models import User

    application = permissions.get_visible_or_404(
        permissions.applications_visible_to(request.user).select_related("opening"),
        pk=payload.application,
    )
    member = User.objects.filter(pk=payload.member).first()
    if member is None:
        raise DomainError("No such member.", field="member")
    dimensions = list(Dimension.objects.filter(key__in=payload.dimensions))
    unknown = sorted(set(payload.dimensions) - {d.key for d in dimensions})
    if unknown:
        raise DomainError(f"Unknown dimension: {', '.join(unknown)}.", field="dimensions")
    assignment = services.assignment_create(
        actor=request.user,
        application=application,
        member=member,
        dimensions=dimensions,
        interview_format=_format(payload.interview_format),
        scheduled_at=payload.scheduled_at,
        mode=Mode(payload.mode),
        location=payload.location,
        feedback_due=payload.feedback_due,
    )
    return Status(201, _assignment_answer(request, response, assignment.pk))


@router.patch(
    "/assignments/{assignment_id}",
    response={200: AssignmentOut, **VERSIONED_WRITE_ERRORS},
    summary="Change when, where or how an interview happens",
    description="Only the fields sent change; send null to clear a time. The member is sent "
    "the change with an updated invite.",
)
def change_assignment(
    request, assignment_id: RecordId, payload: AssignmentPatch, response: HttpResponse
):
    assignment = _assignment(request.user, assignment_id)
    sent = payload.model_fields_set

    def given(name: str):
        return getattr(payload, name) if name in sent else getattr(assignment, name)

    services.assignment_reschedule(
        actor=request.user,
        assignment=assignment,
        scheduled_at=given("scheduled_at"),
        mode=Mode(payload.mode) if payload.mode else assignment.mode,
        location=payload.location if payload.location is not None else assignment.location,
        feedback_due=given("feedback_due"),
        interview_format=_format(payload.interview_format) if payload.interview_format else None,
        expected_version=expected_version(request, payload.version, current=assignment.version),
    )
    return _assignment_answer(request, response, assignment_id)


@router.delete(
    "/assignments/{assignment_id}",
    response={204: None, **VERSIONED_WRITE_ERRORS},
    summary="Take a member off a committee",
    description="Only before they have started a scorecard; the member is sent the "
    "cancellation of the invite. Name the version in If-Match.",
)
def remove_assignment(request, assignment_id: RecordId):
    assignment = _assignment(request.user, assignment_id)
    services.assignment_remove(
        actor=request.user,
        assignment=assignment,
        expected_version=expected_version(request, None, current=assignment.version),
    )
    return Status(204, None)


class RatingOut(Schema):
    question: int
    question_key: str
    dimension: str
    value: int | None
    not_observed: bool
    evidence: str

    @staticmethod
    def resolve_question(obj) -> int:
        return obj.question_id

    @staticmethod
    def resolve_question_key(obj) -> str:
        return obj.question.key

    @staticmethod
    def resolve_dimension(obj) -> str:
        return obj.question.rubric.dimension.key


class SignalOut(Schema):
    trait: str
    direction: Literal["shown", "contrary"]
    evidence: str
    answers_prompt: str | None = Field(
        None, description="The key of the learning-speed prompt whose answer it rests on."
    )

    @staticmethod
    def resolve_trait(obj) -> str:
        return obj.trait.key

    @staticmethod
    def resolve_answers_prompt(obj) -> str | None:
        return obj.learning_prompt.key if obj.learning_prompt_id else None


class FlagOut(Schema):
    severity: Literal["orange", "red"]
    question: int | None
    evidence: str
    possible_cultural_difference: bool
    cultural_note: str

    @staticmethod
    def resolve_question(obj) -> int | None:
        return obj.rating.question_id if obj.rating else None


class ReasonOut(Schema):
    text: str = Field(..., description="Why the member recommends what they do.")
    question: int | None = Field(None, description="The question whose evidence it rests on.")
    flags: bool = Field(False, description="It rests on the flags this scorecard raises.")


class AmendmentOut(Schema):
    id: int
    author: PersonOut
    text: str
    created_at: datetime


class ScorecardOut(Schema):
    id: int
    assignment: int
    application: int
    member: PersonOut
    interview_format: str
    status: Literal["draft", "submitted"]
    version: int
    recommendation: RecommendationName | None
    reason: ReasonOut | None = Field(
        None, description="The recommendation's reason; required on a no-go to submit."
    )
    summary: str
    ratings: list[RatingOut]
    signals: list[SignalOut]
    flags: list[FlagOut]
    amendments: list[AmendmentOut]
    library_version: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None

    @staticmethod
    def resolve_assignment(obj) -> int:
        return obj.assignment_id

    @staticmethod
    def resolve_application(obj) -> int:
        return obj.assignment.application_id

    @staticmethod
    def resolve_member(obj):
        return obj.assignment.member

    @staticmethod
    def resolve_interview_format(obj) -> str:
        return obj.assignment.interview_format.key

    @staticmethod
    def resolve_recommendation(obj) -> str | None:
        return obj.recommendation or None

    @staticmethod
    def resolve_reason(obj) -> dict | None:
        if not (obj.recommendation_reason or obj.reason_question_id or obj.reason_cites_flags):
            return None
        return {
            "text": obj.recommendation_reason,
            "question": obj.reason_question_id,
            "flags": obj.reason_cites_flags,
        }

    @staticmethod
    def resolve_ratings(obj):
        return list(obj.ratings.all())

    @staticmethod
    def resolve_signals(obj):
        return list(obj.signals.all())

    @staticmethod
    def resolve_flags(obj):
        return list(obj.flags.all())

    @staticmethod
    def resolve_amendments(obj):
        return list(obj.amendments.all())

    @staticmethod
    def resolve_library_version(obj) -> int:
        return obj.library_version.number


def _scorecards(user):
    return (
        permissions.scorecards_visible_to(user)
        .select_related("assignment__member", "assignment__interview_format", "library_version")
        .prefetch_related(
            Prefetch(
                "ratings",
                Rating.objects.select_related("question__rubric__dimension").order_by(
                    "question__rubric__dimension__order", "question__order"
                ),
            ),
            "signals__trait",
            "signals__learning_prompt",
            "flags__rating",
            "amendments__author",
        )
    )


class ScorecardFilter(FilterSchema):
    opening: Annotated[RecordId | None, FilterLookup("assignment__application__opening")] = None
    application: Annotated[RecordId | None, FilterLookup("assignment__application")] = None
    status: Literal["draft", "submitted"] | None = None
    submitted_after: Annotated[IsoDatetime | None, FilterLookup("submitted_at__gte")] = None
    submitted_before: Annotated[IsoDatetime | None, FilterLookup("submitted_at__lt")] = None


@router.get(
    "/scorecards",
    response=list[ScorecardOut],
    summary="List the scorecards you may read",
    description="Your own scorecards, and others' submitted scorecards where the blind rule "
    "lets you read them.",
)
@paginate
def list_scorecards(request, filters: Query[ScorecardFilter]):
    return filters.filter(_scorecards(request.user).order_by("-id"))


@router.get("/scorecards/{scorecard_id}", response=ScorecardOut, summary="One scorecard")
def get_scorecard(request, scorecard_id: RecordId):
    return permissions.get_visible_or_404(_scorecards(request.user), pk=scorecard_id)


def _reload(user, scorecard_id: int) -> Scorecard:
    return permissions.get_visible_or_404(_scorecards(user), pk=scorecard_id)


@router.post(
    "/assignments/{assignment_id}/scorecard",
    response={200: ScorecardOut, **WRITE_ERRORS},
    summary="Start (or fetch) your scorecard for an assignment",
)
def start_scorecard(request, assignment_id: RecordId):
    assignment = selectors.assignment_for_member(request.user, assignment_id)
    scorecard = services.scorecard_start(actor=request.user, assignment=assignment)
    return _reload(request.user, scorecard.pk)


class RatingIn(Schema):
    question: RecordId = Field(..., description="A question id of this scorecard's rubric.")
    value: int | None = Field(None, ge=RATING_MIN, le=RATING_MAX)
    not_observed: bool = False
    evidence: str = Field("", max_length=20_000)


class SignalIn(Schema):
    direction: Literal["shown", "contrary"]
    evidence: str = Field(..., max_length=20_000)
    answers_prompt: str = Field(
        "",
        max_length=60,
        description="The key of the kit's learning-speed prompt whose answer the signal rests "
        "on. A learns-quickly signal shown needs it to submit, when the kit offers prompts.",
    )


class FlagIn(Schema):
    severity: Literal["orange", "red"]
    evidence: str = Field(..., max_length=20_000)
    question: RecordId | None = None
    possible_cultural_difference: bool = False
    cultural_note: str = Field("", max_length=20_000)


class ReasonIn(Schema):
    text: str = Field(..., max_length=20_000)
    question: RecordId | None = Field(
        None, description="A question id of this scorecard whose evidence the reason rests on."
    )
    flags: bool = Field(False, description="The reason rests on the flags the scorecard raises.")


class DraftIn(Schema):
    version: Version = Field(..., description="The version you last read; a newer one is a 409.")
    ratings: list[RatingIn] = Field(
        default_factory=list, max_length=200, description="Only these change."
    )
    summary: str | None = Field(None, max_length=20_000)
    recommendation: RecommendationName | None = None
    reason: ReasonIn | None = Field(
        None,
        description="When given, replaces the recommendation's reason. A no or strong no "
        "needs one (tied to the evidence or a flag) before the scorecard can be submitted.",
    )
    signals: dict[str, SignalIn | None] | None = Field(
        None, max_length=50, description="Trait key to signal; null clears the trait's signal."
    )
    flags: list[FlagIn] | None = Field(
        None, max_length=50, description="When given, replaces every flag."
    )


class VersionIn(Schema):
    version: Version


class AmendmentIn(Schema):
    text: str = Field(..., min_length=1, max_length=20_000)


def _own_scorecard(user, scorecard_id: int) -> Scorecard:
    """A scorecard the caller may read, for a write the services then authorise."""
    return permissions.get_visible_or_404(
        permissions.scorecards_visible_to(user).select_related(
            "assignment__application", "assignment__interview_format"
        ),
        pk=scorecard_id,
    )


@router.patch(
    "/scorecards/{scorecard_id}",
    response={200: ScorecardOut, **WRITE_ERRORS},
    summary="Save your draft",
)
def save_draft(request, scorecard_id: RecordId, payload: DraftIn):
    scorecard = _own_scorecard(request.user, scorecard_id)
    traits = dict(Trait.objects.values_list("key", "pk"))
    unknown = sorted(set(payload.signals or {}) - set(traits))
    if unknown:
        raise DomainError(f"Unknown trait: {', '.join(unknown)}.", field="signals")
    services.scorecard_save(
        actor=request.user,
        scorecard=scorecard,
        expected_version=payload.version,
        ratings={
            r.question: services.RatingInput(
                value=r.value, evidence=r.evidence, not_observed=r.not_observed
            )
            for r in payload.ratings
        },
        summary=payload.summary,
        recommendation=payload.recommendation,
        reason=None
        if payload.reason is None
        else services.ReasonInput(
            text=payload.reason.text,
            question_id=payload.reason.question,
            cites_flags=payload.reason.flags,
        ),
        signals=None
        if payload.signals is None
        else {
            traits[key]: None
            if signal is None
            else services.SignalInput(
                direction=signal.direction,
                evidence=signal.evidence,
                prompt=signal.answers_prompt,
            )
            for key, signal in payload.signals.items()
        },
        flags=None
        if payload.flags is None
        else [
            services.FlagInput(
                severity=f.severity,
                evidence=f.evidence,
                question_id=f.question,
                possible_cultural_difference=f.possible_cultural_difference,
                cultural_note=f.cultural_note,
            )
            for f in payload.flags
        ],
    )
    return _reload(request.user, scorecard_id)


@router.post(
    "/scorecards/{scorecard_id}/submit",
    response={200: ScorecardOut, **WRITE_ERRORS},
    summary="Submit your draft",
)
def submit(request, scorecard_id: RecordId, payload: VersionIn):
    scorecard = _own_scorecard(request.user, scorecard_id)
    services.scorecard_submit(
        actor=request.user, scorecard=scorecard, expected_version=payload.version
    )
    return _reload(request.user, scorecard_id)


@router.post(
    "/scorecards/{scorecard_id}/amendments",
    response={201: AmendmentOut, **WRITE_ERRORS},
    summary="Amend your submitted scorecard",
)
def amend(request, scorecard_id: RecordId, payload: AmendmentIn):
    scorecard = _own_scorecard(request.user, scorecard_id)
    amendment = services.amendment_add(actor=request.user, scorecard=scorecard, text=payload.text)
    return Status(201, amendment)
