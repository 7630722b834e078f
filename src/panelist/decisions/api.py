"""API: the committee's recommendation and the manager's decision on an application."""

from datetime import datetime
from typing import Literal

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from panelist.access import permissions
from panelist.api.schemas import PersonOut, Problem, RecordId
from panelist.core.errors import DomainError
from panelist.decisions import services
from panelist.decisions.models import CommitteeRecommendation, Decision
from panelist.hiring.selectors import application_detail
from panelist.library.models import Level

router = Router()

RecommendationName = Literal["strong_no", "no", "yes", "strong_yes"]
ERRORS = {403: Problem, 404: Problem, 409: Problem, 422: Problem}


class CommitteeOut(Schema):
    application: int
    recommendation: RecommendationName
    notes: str | None = Field(
        None,
        description="Hidden from recruiters unless granted every scorecard, and from admins "
        "off the committee.",
    )
    recorded_by: PersonOut
    recorded_at: datetime


class CommitteeIn(Schema):
    recommendation: RecommendationName
    notes: str = Field("", max_length=20_000)


def _committee_out(user, application, committee: CommitteeRecommendation) -> dict:
    return {
        "application": application.pk,
        "recommendation": committee.recommendation,
        "notes": committee.notes if permissions.reads_committee_notes(user, application) else None,
        "recorded_by": committee.recorded_by,
        "recorded_at": committee.recorded_at,
    }


@router.get(
    "/applications/{application_id}/committee-recommendation",
    response={200: CommitteeOut, 404: Problem},
    summary="The committee's recommendation",
    description="404 until it is recorded, and while you still have a scorecard to submit on "
    "this candidate.",
)
def get_committee(request, application_id: RecordId):
    application = application_detail(request.user, application_id)
    committee = (
        CommitteeRecommendation.objects.select_related("recorded_by")
        .filter(application=application)
        .first()
    )
    if committee is None or permissions.still_blind_on(request.user, application):
        raise Http404
    return _committee_out(request.user, application, committee)


@router.put(
    "/applications/{application_id}/committee-recommendation",
    response={200: CommitteeOut, **ERRORS},
    summary="Record or update the committee's recommendation (the opening's manager)",
)
def put_committee(request, application_id: RecordId, payload: CommitteeIn):
    application = application_detail(request.user, application_id)
    committee = services.committee_recommend(
        actor=request.user,
        application=application,
        recommendation=payload.recommendation,
        notes=payload.notes,
    )
    return _committee_out(request.user, application, committee)


class DecisionOut(Schema):
    application: int
    outcome: Literal["hire", "keep_searching", "reject"]
    level: str | None
    rationale: str = Field(description="Empty while you still have a scorecard to submit here.")
    decided_by: PersonOut
    decided_at: datetime

    @staticmethod
    def resolve_application(obj) -> int:
        return obj.application_id

    @staticmethod
    def resolve_level(obj) -> str | None:
        return obj.level.key if obj.level else None


class DecisionIn(Schema):
    outcome: Literal["hire", "keep_searching", "reject"]
    level: str | None = Field(None, description="A level key; required to hire.")
    rationale: str = Field(
        "",
        max_length=20_000,
        description="Why you decide this; required for every decision (422 with field "
        "`rationale` when empty).",
    )
    confirm_above_supported_level: bool = Field(
        False,
        description="Set to true to hire at a level above the one the evidence supports; "
        "without it such a hire answers 422 with field `confirm_above_supported_level`.",
    )


@router.get(
    "/applications/{application_id}/decision",
    response={200: DecisionOut, 404: Problem},
    summary="The manager's decision",
)
def get_decision(request, application_id: RecordId):
    application = application_detail(request.user, application_id)
    decision = (
        Decision.objects.select_related("level", "decided_by")
        .filter(application=application)
        .first()
    )
    if decision is None:
        raise Http404
    if not permissions.reads_decision_rationale(request.user, application):
        decision.rationale = ""
    return decision


@router.post(
    "/applications/{application_id}/decision",
    response={201: DecisionOut, **ERRORS},
    summary="Decide (the opening's hiring manager)",
    description="Every decision needs a rationale; a hire needs the committee's recommendation, "
    "and a hire above the level the evidence supports needs `confirm_above_supported_level`.",
)
def post_decision(request, application_id: RecordId, payload: DecisionIn):
    application = application_detail(request.user, application_id)
    level = None
    if payload.level:
        level = Level.objects.filter(key=payload.level).first()
        if level is None:
            raise DomainError(f"Unknown level '{payload.level}'.", field="level")
    decision = services.decision_record(
        actor=request.user,
        application=application,
        outcome=payload.outcome,
        level=level,
        rationale=payload.rationale,
        confirm_above_supported_level=payload.confirm_above_supported_level,
    )
    return Status(201, decision)


# --- committee members' skill readings (the blind rule applies) -----------------------------

HoldingName = Literal["holds", "can_learn", "lacks"]


class MemberSkillReadingOut(Schema):
    skill: str = Field(description="The skill's slug.")
    member: PersonOut
    holding: HoldingName
    evidence: str
    recorded_at: datetime

    @staticmethod
    def resolve_skill(obj) -> str:
        return obj.skill.slug


class MemberSkillReadingIn(Schema):
    skill: str = Field(max_length=60, description="The skill's slug.")
    holding: HoldingName
    evidence: str = Field(max_length=5000)


@router.get(
    "/applications/{application_id}/member-skill-readings",
    response={200: list[MemberSkillReadingOut], 404: Problem},
    summary="The committee members' current skill readings",
    description="Each member's latest reading per skill. As with scorecards, a member reads "
    "only their own until they have submitted their scorecard on the candidate; the opening's "
    "manager reads them all. At most one row per member and skill.",
)
@paginate
def get_member_skill_readings(request, application_id: RecordId):
    from panelist.decisions.evaluation import latest_member_readings

    application = application_detail(request.user, application_id)
    reach = permissions.scorecard_reach(request.user, [application.pk])[application.pk]
    if not (reach.content or reach.member):
        raise Http404
    return latest_member_readings(request.user, application, reach=reach)


@router.post(
    "/applications/{application_id}/member-skill-readings",
    response={201: MemberSkillReadingOut, **ERRORS},
    summary="Record your reading of a skill your interview touched (a committee member)",
)
def post_member_skill_reading(request, application_id: RecordId, payload: MemberSkillReadingIn):
    from panelist.teams.models import Skill

    application = application_detail(request.user, application_id)
    skill = Skill.objects.filter(slug=payload.skill).first()
    if skill is None:
        raise DomainError(f"Unknown skill '{payload.skill}'.", field="skill")
    reading = services.member_skill_reading_record(
        actor=request.user,
        application=application,
        skill=skill,
        holding=payload.holding,
        evidence=payload.evidence,
    )
    return Status(201, reading)
