"""Reads about candidates' data rights: whether one is erased, their consent, and whom
retention anonymises when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from panelist.hiring.models import Application, Candidate, Stage
from panelist.privacy.models import CandidatePrivacy, RetentionPolicy

PREVIEW_DAYS = 30
DAYS_PER_MONTH = 30.44  # a month of the retention policy, in days


def is_erased(candidate) -> bool:
    return CandidatePrivacy.objects.filter(candidate=candidate, erased_at__isnull=False).exists()


def privacy_of(candidate) -> CandidatePrivacy:
    """The candidate's privacy row (unsaved when there is none yet)."""
    return CandidatePrivacy.objects.filter(candidate=candidate).first() or CandidatePrivacy(
        candidate=candidate
    )


def _months(months: int) -> timedelta:
    return timedelta(days=round(months * DAYS_PER_MONTH))


@dataclass
class Due:
    candidate: Candidate
    closed_at: datetime
    due_at: datetime
    talent_pool: bool


def retention_candidates():
    """Candidates retention may anonymise: every application closed without a hire, no legal
    hold, not erased yet; annotated with when their last application closed."""
    from panelist.decisions.models import Outcome

    open_or_hired = Application.objects.filter(candidate=OuterRef("pk")).filter(
        ~Q(stage__in=[Stage.DECIDED, Stage.WITHDRAWN]) | Q(decision__outcome=Outcome.HIRE)
    )
    held_or_erased = CandidatePrivacy.objects.filter(candidate=OuterRef("pk")).filter(
        Q(legal_hold=True) | Q(erased_at__isnull=False)
    )
    return (
        Candidate.objects.filter(Exists(Application.objects.filter(candidate=OuterRef("pk"))))
        .exclude(Exists(open_or_hired))
        .exclude(Exists(held_or_erased))
        .annotate(closed_at=Max("applications__stage_changed_at"))
        .select_related("privacy")
    )


def due_by(until: datetime, *, policy: RetentionPolicy | None = None) -> list[Due]:
    """Candidates whose retention ends before ``until``, soonest first. The retention runs
    from the last application's decision or withdrawal; a talent-pool consent lengthens it."""
    policy = policy or RetentionPolicy.current()
    short, long = _months(policy.months_after_decision), _months(policy.talent_pool_months)
    # The longest possible period bounds the query; the consent is checked per row.
    rows = retention_candidates().filter(closed_at__lt=until - min(short, long))
    due = []
    for candidate in rows:
        privacy = getattr(candidate, "privacy", None)
        pool = bool(privacy and privacy.talent_pool_consent_at)
        due_at = candidate.closed_at + (long if pool else short)
        if due_at < until:
            due.append(Due(candidate, candidate.closed_at, due_at, pool))
    due.sort(key=lambda row: (row.due_at, row.candidate.pk))
    return due


def preview(now: datetime | None = None) -> list[Due]:
    """What retention anonymises from now to PREVIEW_DAYS ahead (and what is already due)."""
    now = now or timezone.now()
    return due_by(now + timedelta(days=PREVIEW_DAYS))
