"""Marker strings planted in every free-text field about a candidate, their files and the mail
about them: tests then look for the markers where they must not be."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from panelist.decisions.models import (
    CommitteeRecommendation,
    CommitteeRecommendationRecord,
    Decision,
    Outcome,
    SkillAssessment,
    SkillAssessmentRecord,
    SkillHolding,
)
from panelist.hiring.models import ApplicationEvent, EventKind
from panelist.interviews.models import Amendment, Flag, Severity, TraitSignal
from panelist.library.models import Trait
from panelist.notifications.models import Kind, Notification, Status
from panelist.portal import services as portal_services
from panelist.portal.models import FileKind
from tests import factories

COMMITTEE_MARKERS = {
    "evidence": "ZQXEVIDENCE",
    "summary": "ZQXSUMMARY",
    "reason": "ZQXREASON",
    "flag": "ZQXFLAG",
    "cultural": "ZQXCULTURAL",
    "signal": "ZQXSIGNAL",
    "amendment": "ZQXAMENDMENT",
    "committee": "ZQXCOMMITTEENOTES",
    "rationale": "ZQXRATIONALE",
    "skill": "ZQXSKILLEVIDENCE",
    "notes": "ZQXRECRUITERNOTES",
}


def pdf_bytes(marker: str = "", size: int = 0) -> bytes:
    body = b"%PDF-1.4\n% " + marker.encode() + b"\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
    return body + b" " * max(0, size - len(body))


def plant_committee_work(application, manager) -> list[str]:
    """Ratings with evidence, a flag, a signal, an amendment, the committee's notes, the
    decision's rationale, a skill reading and the recruiters' notes, each with a marker."""
    m = COMMITTEE_MARKERS
    assignments = list(application.assignments.all())
    for assignment in assignments:
        scorecard = factories.write_scorecard(
            assignment, evidence=f"{m['evidence']} " + factories.EVIDENCE, submit=True
        )
        scorecard.summary = m["summary"]
        scorecard.recommendation_reason = m["reason"]
        scorecard.save(update_fields=["summary", "recommendation_reason"])
        Flag.objects.create(
            scorecard=scorecard,
            severity=Severity.ORANGE,
            evidence=m["flag"],
            possible_cultural_difference=True,
            cultural_note=m["cultural"],
        )
        TraitSignal.objects.create(
            scorecard=scorecard,
            trait=Trait.objects.first(),
            direction="shown",
            evidence=m["signal"],
        )
        Amendment.objects.create(scorecard=scorecard, author=assignment.member, text=m["amendment"])
    CommitteeRecommendation.objects.create(
        application=application, recommendation="yes", notes=m["committee"], recorded_by=manager
    )
    CommitteeRecommendationRecord.objects.create(
        application=application, recommendation="yes", notes=m["committee"], recorded_by=manager
    )
    skill = factories.SkillFactory()
    SkillAssessment.objects.create(
        application=application,
        skill=skill,
        holding=SkillHolding.HOLDS,
        evidence=m["skill"],
        recorded_by=manager,
    )
    SkillAssessmentRecord.objects.create(
        application=application,
        skill=skill,
        holding=SkillHolding.HOLDS,
        evidence=m["skill"],
        recorded_by=manager,
    )
    candidate = application.candidate
    candidate.notes = m["notes"]
    candidate.save(update_fields=["notes"])
    return list(m.values())


def plant_decision(application, manager, marker: str = COMMITTEE_MARKERS["rationale"]):
    return Decision.objects.create(
        application=application,
        outcome=Outcome.REJECT,
        rationale=marker,
        decided_by=manager,
    )


def plant_candidate_side(application, prefix: str) -> list[str]:
    """The candidate's own fields and materials, mail about them and a timeline sentence."""
    markers = [f"{prefix}{what}" for what in ("NAME", "MAIL", "PHONE", "SEMINAR", "ABSTRACT")]
    markers += [f"{prefix}CODE", f"{prefix}FILE", f"{prefix}NOTIFY", f"{prefix}TIMELINE"]
    candidate = application.candidate
    candidate.name = f"Ada {markers[0]}"
    candidate.email = f"{markers[1].lower()}@example.net"
    candidate.phone = markers[2]
    candidate.save()
    portal_services.materials_submit(
        application=application,
        code_links=[(f"https://code.example/{markers[5].lower()}", "")],
        seminar_title=markers[3],
        seminar_abstract=markers[4],
    )
    portal_services.file_upload(
        application=application,
        kind=FileKind.SLIDES,
        upload=SimpleUploadedFile("slides.pdf", pdf_bytes(markers[6]), "application/pdf"),
    )
    assignment = application.assignments.first()
    now = timezone.now()
    for status in (Status.PENDING, Status.SENT):
        Notification.objects.create(
            kind=Kind.ASSIGNED if status == Status.PENDING else Kind.REMINDER,
            subject=f"assignment:{assignment.pk}",
            recipient=assignment.member,
            due_at=now,
            next_attempt_at=now,
            status=status,
            sent_at=now if status == Status.SENT else None,
            context={"candidate": markers[7], "assignment_id": assignment.pk},
        )
    ApplicationEvent.objects.create(
        application=application, kind=EventKind.MERGED, description=f"Merged {markers[8]}"
    )
    return markers


LATER_MARKERS = {
    "coaching": "ZQXCOACHING",
    "complement": "ZQXCOMPLEMENT",
    "collaboration": "ZQXCOLLABORATION",
    "concern": "ZQXCONCERN",
    "confidence": "ZQXCONFIDENCE",
    "reading": "ZQXMEMBERREADING",
    "review": "ZQXHIREREVIEW",
}


def plant_later_work(application, manager) -> list[str]:
    """The manager's final evaluation, a member's skill reading, a hire review with its
    evidence, and the candidate's self-identification (choices, not text: tests check that
    its rows are gone)."""
    from datetime import date

    from panelist.decisions.models import FinalEvaluation, MemberSkillReading
    from panelist.fairness.models import Question
    from panelist.fairness.services import default_questions_ensure, record_self_identification
    from panelist.library.models import Dimension
    from panelist.outcomes.models import DimensionReview, HireStart, Review

    m = LATER_MARKERS
    FinalEvaluation.objects.create(
        application=application,
        coaching=m["coaching"],
        complement=m["complement"],
        collaboration=m["collaboration"],
        collaboration_concern=m["concern"],
        concern_possible_cultural_difference=True,
        confidence=m["confidence"],
        recorded_by=manager,
    )
    assignment = application.assignments.first()
    MemberSkillReading.objects.create(
        application=application,
        skill=factories.SkillFactory(),
        member=assignment.member,
        holding=SkillHolding.CAN_LEARN,
        evidence=m["reading"],
    )
    hired = factories.ApplicationFactory(candidate=application.candidate)
    hire = Decision.objects.create(
        application=hired,
        outcome=Outcome.HIRE,
        level=hired.opening.target_level,
        rationale="hired on another opening's terms",
        decided_by=manager,
    )
    start = HireStart.objects.create(
        decision=hire, start_date=date(2025, 1, 6), recorded_by=manager
    )
    review = Review.objects.create(
        hire=start, period=6, would_hire_again=True, still_in_role=True, reviewer=manager
    )
    DimensionReview.objects.create(
        review=review, dimension=Dimension.objects.first(), rating=3, evidence=m["review"]
    )
    default_questions_ensure()
    question = Question.objects.order_by("pk").first()
    record_self_identification(
        candidate=application.candidate, answers={question: question.options.first()}
    )
    return list(m.values())
