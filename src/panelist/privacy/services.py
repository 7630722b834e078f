"""Candidates' data rights: a copy of their data, erasure, consent, legal hold, retention."""

from __future__ import annotations

import io
import json
import logging
import zipfile

from django.db import transaction
from django.utils import timezone

from panelist.audit import services as audit
from panelist.audit.models import EventKind
from panelist.core.errors import DomainError, NotAllowed
from panelist.hiring.models import Candidate
from panelist.interviews.models import Assignment
from panelist.privacy import erasers
from panelist.privacy.models import CandidatePrivacy
from panelist.privacy.selectors import due_by

logger = logging.getLogger(__name__)


class ErasureReason:
    """Why a candidate is erased: a choice, so that the audit log never holds free text that
    could name them."""

    CANDIDATE_REQUEST = "candidate_request"
    RETENTION = "retention"
    LEGAL_OBLIGATION = "legal_obligation"
    WITHDRAWN_CONSENT = "withdrawn_consent"
    CHOICES = [
        (CANDIDATE_REQUEST, "The candidate asked for it"),
        (RETENTION, "The retention period ended"),
        (LEGAL_OBLIGATION, "A legal obligation"),
        (WITHDRAWN_CONSENT, "The candidate withdrew their consent"),
    ]


def _may_manage(actor) -> None:
    from panelist.access import permissions

    if actor is not None and not permissions.can_manage_candidate_privacy(actor):
        raise NotAllowed("Only admins erase candidates, hold them or produce their copy.")


@transaction.atomic
def candidate_erase(
    *, candidate: Candidate, reason: str, actor=None, full: bool = False, now=None
) -> None:
    """Erase ``candidate``'s personal data by running every eraser (``erasers.ERASERS``) in one
    transaction. ``actor`` None: the candidate themselves, through their page, or retention.
    With ``full``, the candidate and everything hanging from them (ratings included) is
    deleted afterwards; otherwise the ratings stay, tied to an anonymous candidate."""
    _may_manage(actor)
    if reason not in dict(ErasureReason.CHOICES):
        raise DomainError("Choose why the candidate is erased.", field="reason")
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    privacy, _ = CandidatePrivacy.objects.get_or_create(candidate=candidate)
    if privacy.legal_hold and reason == ErasureReason.RETENTION:
        raise DomainError("This candidate is under a legal hold; retention does not erase them.")
    if privacy.erased_at is not None and not full:
        return
    now = now or timezone.now()
    application_ids = list(candidate.applications.values_list("pk", flat=True))
    erasure = erasers.Erasure(
        candidate=candidate,
        full=full,
        now=now,
        application_ids=application_ids,
        assignment_ids=list(
            Assignment.objects.filter(application__in=application_ids).values_list("pk", flat=True)
        ),
    )
    for eraser in erasers.ERASERS:
        eraser(erasure)
    audit.record(
        EventKind.CANDIDATE_ERASED,
        actor,
        target=f"candidate {candidate.pk}",
        candidate_id=candidate.pk,
        reason=reason,
        full=full,
        applications=len(application_ids),
        by_candidate=actor is None and reason == ErasureReason.CANDIDATE_REQUEST,
    )
    if full:
        candidate.delete()
        return
    privacy.erased_at = now
    privacy.talent_pool_consent_at = None
    privacy.save()


def talent_pool_consent(*, candidate: Candidate, consent: bool, now=None) -> CandidatePrivacy:
    """The candidate agrees (or no longer agrees) to be kept for later openings."""
    privacy, _ = CandidatePrivacy.objects.get_or_create(candidate=candidate)
    privacy.talent_pool_consent_at = (now or timezone.now()) if consent else None
    privacy.save(update_fields=["talent_pool_consent_at"])
    return privacy


def legal_hold_set(*, actor, candidate: Candidate, hold: bool, reason: str = "") -> None:
    """Stop (or restart) the retention clock for a candidate."""
    _may_manage(actor)
    if hold and not reason.strip():
        raise DomainError("Say why the candidate is held (a case number will do).", field="reason")
    privacy, _ = CandidatePrivacy.objects.get_or_create(candidate=candidate)
    privacy.legal_hold = hold
    privacy.legal_hold_reason = reason.strip()[:200] if hold else ""
    privacy.save(update_fields=["legal_hold", "legal_hold_reason"])


def retention_apply(*, now=None, dry_run: bool = False) -> list[int]:
    """Anonymise every candidate whose retention has ended (daily, from the worker); returns
    their ids. Each candidate is erased in a transaction of its own, so one failure leaves the
    others done and is tried again the next day."""
    now = now or timezone.now()
    done = []
    for due in due_by(now):
        if dry_run:
            done.append(due.candidate.pk)
            continue
        try:
            candidate_erase(
                candidate=due.candidate, reason=ErasureReason.RETENTION, actor=None, now=now
            )
        except DomainError:
            logger.exception("Retention could not anonymise candidate %s.", due.candidate.pk)
            continue
        done.append(due.candidate.pk)
    return done


# --- the copy (access) ----------------------------------------------------------------------


def data_copy(*, candidate: Candidate, actor=None) -> bytes:
    """A ZIP of ``data.json`` (what Panelist holds about the candidate and their process) and
    the files they sent. The committee's assessment (scorecards, notes, recommendations) is
    not in it: it is the organisation's working material, released on request by an admin
    through the organisation's own procedure. ``actor`` None: the candidate asks, and their
    self-identification answers are in it too; never in a copy an admin produces."""
    from panelist.portal.models import CandidateFile, CodeLink

    _may_manage(actor)
    applications = list(
        candidate.applications.select_related("opening").prefetch_related(
            "events", "assignments__member", "assignments__interview_format"
        )
    )
    privacy = CandidatePrivacy.objects.filter(candidate=candidate).first()
    files = list(CandidateFile.objects.filter(application__candidate=candidate))
    document = {
        "produced_at": timezone.now().isoformat(),
        "candidate": {
            "name": candidate.name,
            "email": candidate.email,
            "phone": candidate.phone,
            "code_sample_url": candidate.code_sample_url,
            "seminar_title": candidate.seminar_title,
            "seminar_abstract": candidate.seminar_abstract,
            "seminar_url": candidate.seminar_url,
            "added_at": candidate.created_at.isoformat(),
        },
        "talent_pool_consent_at": (
            privacy.talent_pool_consent_at.isoformat()
            if privacy and privacy.talent_pool_consent_at
            else None
        ),
        "applications": [
            {
                "opening": application.opening.title,
                "stage": application.get_stage_display(),
                "added_at": application.created_at.isoformat(),
                "stage_changed_at": application.stage_changed_at.isoformat(),
                "steps": [
                    {"at": event.created_at.isoformat(), "what": event.get_kind_display()}
                    for event in application.events.all()
                ],
                "interviews": [
                    {
                        "format": assignment.interview_format.name,
                        "with": str(assignment.member),
                        "at": assignment.scheduled_at.isoformat()
                        if assignment.scheduled_at
                        else None,
                    }
                    for assignment in application.assignments.all()
                ],
                "code_links": [
                    link.url for link in CodeLink.objects.filter(application=application)
                ],
            }
            for application in applications
        ],
        "files": [
            {
                "name": stored.original_name,
                "kind": stored.get_kind_display(),
                "size": stored.size,
                "uploaded_at": stored.uploaded_at.isoformat(),
                "in_zip_as": f"files/{index}-{_safe_name(stored.original_name)}",
            }
            for index, stored in enumerate(files, start=1)
        ],
    }
    if actor is None:
        # How they described themselves goes only to the candidate: an admin producing the
        # copy would otherwise read one person's answers, which nobody may.
        from panelist.fairness.services import own_answers

        document["self_identification"] = own_answers(candidate)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(document, indent=2, ensure_ascii=False))
        for entry, stored in zip(document["files"], files, strict=True):
            with stored.file.open("rb") as handle:
                archive.writestr(entry["in_zip_as"], handle.read())
    audit.record(
        EventKind.CANDIDATE_COPY_PRODUCED,
        actor,
        target=f"candidate {candidate.pk}",
        candidate_id=candidate.pk,
        files=len(files),
        by_candidate=actor is None,
    )
    return buffer.getvalue()


def _safe_name(name: str) -> str:
    kept = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    return kept[-80:] or "file"
