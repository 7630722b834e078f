"""The committee's recommendation and the manager's decision."""

from __future__ import annotations

from django.db import transaction

from panelist.access import permissions
from panelist.audit import services as audit
from panelist.audit.models import EventKind as AuditKind
from panelist.core.errors import DomainError, NotAllowed
from panelist.decisions import rules, selectors
from panelist.decisions.models import (
    CommitteeRecommendation,
    CommitteeRecommendationRecord,
    Decision,
    Outcome,
    SkillAssessment,
    SkillAssessmentRecord,
    SkillHolding,
)
from panelist.hiring.models import Application, EventKind, Stage
from panelist.hiring.services import lock_open_application, record_event, set_stage
from panelist.interviews.models import GO_RECOMMENDATIONS, Recommendation
from panelist.library.models import Level
from panelist.notifications.services import decision_recorded_notify
from panelist.webhooks import services as webhooks


def committee_recommend(
    *, actor, application: Application, recommendation: Recommendation, notes: str = ""
) -> CommitteeRecommendation:
    """Record the committee's recommendation. A re-recording keeps the earlier one: each is a
    new ``CommitteeRecommendationRecord`` and a timeline event with who and when, and the
    current one (``CommitteeRecommendation``) is the latest."""
    if not permissions.can_record_committee_recommendation(actor, application):
        raise NotAllowed("The opening's hiring manager records the committee's recommendation.")
    with transaction.atomic():
        lock_open_application(application)
        pending = _members_yet_to_submit(application)
        if pending:
            raise DomainError(
                "The committee recommends once every member has submitted: still waiting for "
                f"{', '.join(pending)}."
            )
        earlier = (
            CommitteeRecommendation.objects.select_related("recorded_by")
            .filter(application=application)
            .first()
        )
        kept = CommitteeRecommendationRecord.objects.create(
            application=application, recommendation=recommendation, notes=notes, recorded_by=actor
        )
        recorded, _ = CommitteeRecommendation.objects.update_or_create(
            application=application,
            defaults={
                "recommendation": recommendation,
                "notes": notes,
                "recorded_by": actor,
                "recorded_at": kept.recorded_at,
            },
        )
        if application.stage != Stage.DEBRIEF:
            set_stage(application, Stage.DEBRIEF)
        webhooks.emit("committee.recommended", application_id=application.pk)
        now_says = recorded.get_recommendation_display()
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.COMMITTEE,
            description=f"Committee recommends: {now_says}"
            if earlier is None
            else f"Committee recommendation re-recorded: {now_says} (was "
            f"{earlier.get_recommendation_display()}, recorded by {earlier.recorded_by} on "
            f"{earlier.recorded_at:%d %b %Y}; the earlier one is kept)",
        )
        audit.record(
            AuditKind.COMMITTEE_RECOMMENDED,
            actor,
            target=application,
            recommendation=recorded.recommendation,
            re_recorded=earlier is not None,
        )
    return recorded


def _members_yet_to_submit(application: Application) -> list[str]:
    from panelist.interviews.models import Assignment, ScorecardStatus

    waiting = (
        Assignment.objects.filter(application=application)
        .exclude(scorecard__status=ScorecardStatus.SUBMITTED)
        .select_related("member")
    )
    return sorted({str(assignment.member) for assignment in waiting})


def departs_from_committee(outcome: Outcome, committee: CommitteeRecommendation | None) -> bool:
    """A hire against a no-go, or a no-hire against a go, departs from the committee."""
    if committee is None:
        return False
    committee_says_go = committee.recommendation in GO_RECOMMENDATIONS
    return (outcome == Outcome.HIRE) != committee_says_go


def level_fit_for(actor, application: Application):
    """The level fit of the evidence ``actor`` can read, with the same rules as the
    decision-support page, so the page, the API and a refusal name the same level."""
    ctx = selectors.opening_context(application.opening)
    if not ctx.ladder:
        return None
    evidence = selectors.evidence_by_application(actor, [application.pk]).get(application.pk, {})
    return rules.level_fit(evidence, ctx.ladder, ctx.target_key)


def _above_supported_refusal(fit, level) -> DomainError:
    if fit is not None and fit.supported is not None:
        reads = f"The evidence supports {fit.supported.name}"
    elif fit is not None and fit.consistent_with is not None:
        reads = (
            "The evidence confirms no level of the ladder yet (it is consistent with "
            f"{fit.consistent_with.name} on the dimensions assessed so far)"
        )
    else:
        reads = "The evidence supports no level of the ladder yet"
    return DomainError(
        f"{reads}; hiring as {level} is above it. Tick the confirmation that you hire above "
        "the level the evidence supports, or choose a lower level.",
        field="confirm_above_supported_level",
    )


def _missing_rationale(outcome: Outcome, committee: CommitteeRecommendation | None) -> DomainError:
    if committee is None:
        message = "No committee has recommended on this candidate; write why you decide now."
    elif departs_from_committee(outcome, committee):
        message = "This decision departs from the committee's recommendation; write the rationale."
    else:
        message = (
            "Write the rationale: why you decide this, in a sentence or two. Every decision "
            "records why, even when it follows the committee."
        )
    return DomainError(message, field="rationale")


def decision_record(
    *,
    actor,
    application: Application,
    outcome: Outcome,
    level=None,
    rationale: str = "",
    confirm_above_supported_level: bool = False,
) -> Decision:
    """Record the manager's decision, which closes the application.

    Every decision carries a rationale. A hire needs the committee's recommendation and a
    level; a hire above the level the evidence supports needs the manager's explicit
    confirmation (``confirm_above_supported_level``), and the decision keeps both the level
    the evidence supported then and that it was confirmed."""
    if not permissions.can_decide(actor, application):
        raise NotAllowed("Only the opening's hiring manager decides.")
    if outcome not in Outcome.values:
        raise DomainError("Choose an outcome: hire, keep searching or reject.", field="outcome")
    outcome = Outcome(outcome)
    if outcome == Outcome.HIRE and level is None:
        raise DomainError("Say at which level to hire.", field="level")
    with transaction.atomic():
        lock_open_application(application)
        committee = CommitteeRecommendation.objects.filter(application=application).first()
        if committee is None and outcome == Outcome.HIRE:
            raise DomainError(
                "Record the committee's recommendation before deciding to hire.",
                field="outcome",
            )
        if not rationale.strip():
            raise _missing_rationale(outcome, committee)
        fit = level_fit_for(actor, application)
        supported = Level.objects.get(key=fit.supported.key) if fit and fit.supported else None
        above = outcome == Outcome.HIRE and (
            supported is None or level.seniority > supported.seniority
        )
        if above and not confirm_above_supported_level:
            raise _above_supported_refusal(fit, level)
        decision = Decision.objects.create(
            application=application,
            outcome=outcome,
            level=level if outcome == Outcome.HIRE else None,
            rationale=rationale.strip(),
            supported_level=supported,
            above_supported_level_confirmed=above,
            decided_by=actor,
        )
        set_stage(application, Stage.DECIDED)
        outcome_text = decision.get_outcome_display()
        if decision.level:
            outcome_text += f" as {decision.level}"
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.DECIDED,
            description=f"Decision: {outcome_text}",
        )
        decision_recorded_notify(decision=decision)
        audit.record(
            AuditKind.DECISION_RECORDED,
            actor,
            target=application,
            outcome=decision.outcome,
            level=decision.level.key if decision.level else None,
            above_supported_level=decision.above_supported_level_confirmed,
        )
        webhooks.emit("decision.made", application_id=application.pk, decision_id=decision.pk)
    return decision


def skill_assessment_record(
    *, actor, application: Application, skill, holding: SkillHolding, evidence: str
) -> SkillAssessment:
    """Record whether the candidate holds a skill, can learn it or lacks it.

    Required skills feed the skill match; any other skill the committee saw feeds
    complementarity (what the candidate would add that the team lacks)."""
    if not permissions.can_record_committee_recommendation(actor, application):
        raise NotAllowed("The opening's hiring manager records the committee's skill reading.")
    if holding not in SkillHolding.values:
        raise DomainError("Choose holds, can learn or lacks.", field="holding")
    if not evidence.strip():
        raise DomainError(
            f"Say what showed it: the evidence for {skill} is what the committee weighs.",
            field="evidence",
        )
    with transaction.atomic():
        lock_open_application(application)
        earlier = (
            SkillAssessment.objects.select_related("recorded_by")
            .filter(application=application, skill=skill)
            .first()
        )
        kept = SkillAssessmentRecord.objects.create(
            application=application,
            skill=skill,
            holding=holding,
            evidence=evidence.strip(),
            recorded_by=actor,
        )
        assessment, _ = SkillAssessment.objects.update_or_create(
            application=application,
            skill=skill,
            defaults={
                "holding": holding,
                "evidence": kept.evidence,
                "recorded_by": actor,
            },
        )
        # The timeline says that a reading was taken and by whom, not what it says: it is read
        # by people (recruiters) who do not see the committee's skill readings.
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.COMMITTEE,
            description=f"Skill reading recorded: {skill}"
            if earlier is None
            else f"Skill reading of {skill} re-recorded (the earlier one, by "
            f"{earlier.recorded_by} on {earlier.recorded_at:%d %b %Y}, is kept)",
        )
    return assessment


# --- the final evaluation ---------------------------------------------------------------------

EVALUATION_ANSWER_MAX_CHARS = 5000
EVALUATION_MAX_CITATIONS = 40


def _parse_citations(citations: dict[int, list[str]]) -> list[tuple[int, str, int]]:
    """``{3: ["rating-12", "flag-3"], 4: ["signal-7"]}`` -> [(question, kind, id)], refusing
    anything else with a message tied to the question's field."""
    from panelist.decisions.models import CitationKind

    parsed = []
    for question, refs in citations.items():
        if question not in (3, 4):
            raise DomainError("Only questions 3 and 4 cite scorecard passages.", field="citations")
        for ref in refs:
            kind, _, number = str(ref).partition("-")
            if kind not in CitationKind.values or not number.isdigit() or len(number) > 18:
                raise DomainError(
                    f"{ref!r} is not a scorecard passage (rating-N, flag-N or signal-N).",
                    field=f"q{question}_citations",
                )
            parsed.append((question, kind, int(number)))
    if len(parsed) > EVALUATION_MAX_CITATIONS:
        raise DomainError(
            f"Cite at most {EVALUATION_MAX_CITATIONS} passages in all.", field="q3_citations"
        )
    return sorted(set(parsed))


def _readable_passages(actor, application: Application, parsed) -> None:
    """Refuse a citation of a passage that is not on a submitted scorecard of this
    application readable by ``actor``."""
    from panelist.access.permissions import scorecards_visible_to
    from panelist.interviews.models import Flag, Rating, ScorecardStatus, TraitSignal

    readable = scorecards_visible_to(actor).filter(
        assignment__application=application, status=ScorecardStatus.SUBMITTED
    )
    models_by_kind = {"rating": Rating, "flag": Flag, "signal": TraitSignal}
    for kind, model in models_by_kind.items():
        wanted = {pk for _, k, pk in parsed if k == kind}
        if not wanted:
            continue
        found = set(
            model.objects.filter(pk__in=wanted, scorecard__in=readable).values_list("pk", flat=True)
        )
        if wanted - found:
            raise DomainError(
                "A cited passage is not on a submitted scorecard of this candidate that you "
                "read; cite from the passages the page lists.",
                field="q3_citations",
            )


def final_evaluation_record(
    *,
    actor,
    application: Application,
    coaching: str,
    complement: str,
    collaboration: str = "",
    collaboration_concern: str = "",
    concern_possible_cultural_difference: bool = False,
    confidence: str = "",
    citations: dict[int, list[str]] | None = None,
):
    """Record the manager's final evaluation: the four questions weighed before the outcome.

    Questions 1 (coaching) and 2 (complement) need an answer (the page prefills them from
    decision support); 3 (collaboration) and 4 (confidence) cite the scorecard passages they
    rest on. A concern under question 3 can be marked as a possible cultural difference, for
    the manager to weigh rather than act on silently. Each recording is kept (append-only)
    and noted on the timeline without its content (recruiters read the timeline)."""
    from panelist.decisions.models import CitationKind, EvaluationCitation, FinalEvaluation

    if not permissions.can_decide(actor, application):
        raise NotAllowed("The opening's hiring manager writes the final evaluation.")
    answers = {
        "coaching": coaching.strip(),
        "complement": complement.strip(),
        "collaboration": collaboration.strip(),
        "collaboration_concern": collaboration_concern.strip(),
        "confidence": confidence.strip(),
    }
    for name, text in answers.items():
        if len(text) > EVALUATION_ANSWER_MAX_CHARS:
            raise DomainError(
                f"Keep each answer under {EVALUATION_ANSWER_MAX_CHARS} characters.", field=name
            )
    if not answers["coaching"]:
        raise DomainError(
            "Answer question 1: can you and the team coach what they lack?", field="coaching"
        )
    if not answers["complement"]:
        raise DomainError(
            "Answer question 2: what do they add to the team's skills?", field="complement"
        )
    if concern_possible_cultural_difference and not answers["collaboration_concern"]:
        raise DomainError(
            "Write the concern before marking it as a possible cultural difference.",
            field="collaboration_concern",
        )
    parsed = _parse_citations(citations or {})
    with transaction.atomic():
        lock_open_application(application)
        _readable_passages(actor, application, parsed)
        earlier = (
            FinalEvaluation.objects.filter(application=application)
            .order_by("-recorded_at", "-id")
            .first()
        )
        evaluation = FinalEvaluation.objects.create(
            application=application,
            concern_possible_cultural_difference=bool(concern_possible_cultural_difference),
            recorded_by=actor,
            **answers,
        )
        EvaluationCitation.objects.bulk_create(
            EvaluationCitation(
                evaluation=evaluation,
                question=question,
                kind=CitationKind(kind),
                **{f"{kind}_id": pk},
            )
            for question, kind, pk in parsed
        )
        cited = len(parsed)
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.COMMITTEE,
            description=(
                "Final evaluation recorded: the four questions answered"
                if earlier is None
                else "Final evaluation re-recorded (the earlier one, of "
                f"{earlier.recorded_at:%d %b %Y}, is kept)"
            )
            + f", citing {cited} scorecard passage{'s' if cited != 1 else ''}",
        )
    return evaluation


# --- committee members' skill readings --------------------------------------------------------

MEMBER_READING_EVIDENCE_MAX_CHARS = 5000


def member_skill_reading_record(
    *, actor, application: Application, skill, holding: str, evidence: str
):
    """Record a committee member's reading of a skill their interview touched (the skill's
    dimension is one they assess on this candidate): holds, can learn or lacks, with the
    evidence. Each recording is kept; a member's latest on a skill is their current one. The
    hiring manager's own reading (``skill_assessment_record``) stays the summary."""
    from panelist.decisions.models import MemberSkillReading
    from panelist.interviews.models import Assignment

    if holding not in SkillHolding.values:
        raise DomainError("Choose holds, can learn or lacks.", field="holding")
    text = evidence.strip()
    if not text:
        raise DomainError(f"Say what in your interview showed it for {skill}.", field="evidence")
    if len(text) > MEMBER_READING_EVIDENCE_MAX_CHARS:
        raise DomainError(
            f"Keep the evidence under {MEMBER_READING_EVIDENCE_MAX_CHARS} characters.",
            field="evidence",
        )
    touched = (
        skill.dimension_id is not None
        and Assignment.objects.filter(
            application=application, member=actor.pk, dimensions=skill.dimension_id
        ).exists()
    )
    if not touched:
        raise NotAllowed(
            f"Only a committee member whose interview assesses {skill}'s dimension reads it."
        )
    with transaction.atomic():
        lock_open_application(application)
        reading = MemberSkillReading.objects.create(
            application=application, skill=skill, member=actor, holding=holding, evidence=text
        )
    return reading
