"""Record when a hire started, write the manager's reviews, and ask for them when due."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from panelist.access import permissions
from panelist.core.errors import DomainError, NotAllowed
from panelist.decisions.models import Decision, Outcome
from panelist.library.models import RATING_MAX, RATING_MIN, Dimension
from panelist.notifications.models import Kind, Notification
from panelist.outcomes.models import DimensionReview, HireStart, Period, Review

EVIDENCE_MAX = 500
# A start date further than this from today is refused as a typing slip.
START_DATE_REACH = timedelta(days=3 * 365)
# The daily ask looks this far back for reviews that fell due (a worker stopped for a while
# still asks); older ones show on the Hires page but are not mailed.
ASK_WITHIN = timedelta(days=60)
ASK_HOUR = 9  # the ask is dated 9:00 on the day the review falls due (organisation's time)


def add_months(day: date, months: int) -> date:
    """``day`` moved ``months`` months on; the 31st becomes the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_due_on(start_date: date, period: int) -> date:
    return add_months(start_date, period)


def hire_start_record(*, actor, decision: Decision, start_date: date, today: date | None = None):
    """Record (or correct) the day a hire started. Refused once a review is written: the
    reviews were dated from it."""
    application = decision.application
    if not permissions.can_record_hire_start(actor, application):
        raise NotAllowed("The opening's hiring manager or an admin records the start date.")
    if decision.outcome != Outcome.HIRE:
        raise DomainError("Only a hire has a start date.")
    today = today or timezone.localdate()
    if not today - START_DATE_REACH <= start_date <= today + START_DATE_REACH:
        raise DomainError("Give a start date within three years of today.", field="start_date")
    if start_date < timezone.localdate(decision.decided_at):
        raise DomainError(
            f"The start date cannot come before the decision to hire "
            f"({timezone.localdate(decision.decided_at):%d %b %Y}).",
            field="start_date",
        )
    with transaction.atomic():
        existing = HireStart.objects.select_for_update().filter(decision=decision).first()
        if existing is not None and existing.reviews.exists():
            raise DomainError(
                "A review has been written from this start date; it can no longer change.",
                field="start_date",
            )
        hire, _ = HireStart.objects.update_or_create(
            decision=decision, defaults={"start_date": start_date, "recorded_by": actor}
        )
    return hire


@dataclass(frozen=True)
class DimensionInput:
    rating: int | None
    evidence: str


def review_submit(
    *,
    actor,
    hire: HireStart,
    period: int,
    dimensions: dict[int, DimensionInput],
    would_hire_again: bool | None,
    still_in_role: bool | None,
    today: date | None = None,
) -> Review:
    """Write the manager's review of a hire after ``period`` months, all in one transaction.

    ``dimensions`` maps each assessed dimension's id to its rating (1-4 against the level's
    expectations) and one line of evidence; every assessed dimension needs both. A review
    opens on the day it falls due and is written once: a second submission of the same
    period (a double click, two tabs) is refused, not merged."""
    application = hire.decision.application
    if not permissions.can_review_hire(actor, application):
        raise NotAllowed("Only the opening's hiring manager reviews the hire.")
    if period not in Period.values:
        raise DomainError("Reviews are at 6 and 12 months.")
    today = today or timezone.localdate()
    due = review_due_on(hire.start_date, period)
    if today < due:
        raise DomainError(f"The {period}-month review opens on {due:%d %B %Y}.")
    if would_hire_again is None:
        raise DomainError("Say whether you would hire them again.", field="would_hire_again")
    if still_in_role is None:
        raise DomainError("Say whether they are still in the role.", field="still_in_role")
    assessed = list(Dimension.objects.filter(assessed=True).order_by("order", "pk"))
    for dimension in assessed:
        given = dimensions.get(dimension.pk)
        field = f"dimension-{dimension.pk}"
        if given is None or given.rating is None:
            raise DomainError(f"Rate {dimension.name.lower()}.", field=f"{field}-rating")
        if not RATING_MIN <= given.rating <= RATING_MAX:
            raise DomainError(
                f"Rate {dimension.name.lower()} from {RATING_MIN} to {RATING_MAX}.",
                field=f"{field}-rating",
            )
        evidence = given.evidence.strip()
        if not evidence:
            raise DomainError(
                f"Give one line of evidence for {dimension.name.lower()}.",
                field=f"{field}-evidence",
            )
        if len(evidence) > EVIDENCE_MAX:
            raise DomainError(
                f"Keep the evidence for {dimension.name.lower()} to {EVIDENCE_MAX} characters.",
                field=f"{field}-evidence",
            )
    try:
        with transaction.atomic():
            review = Review.objects.create(
                hire=hire,
                period=period,
                would_hire_again=would_hire_again,
                still_in_role=still_in_role,
                reviewer=actor,
            )
            DimensionReview.objects.bulk_create(
                DimensionReview(
                    review=review,
                    dimension=dimension,
                    rating=dimensions[dimension.pk].rating,
                    evidence=dimensions[dimension.pk].evidence.strip(),
                )
                for dimension in assessed
            )
    except IntegrityError:
        raise DomainError(
            f"The {period}-month review of this hire has already been written."
        ) from None
    return review


def _absolute(path: str) -> str:
    return settings.PANELIST_BASE_URL + path


def _ask_moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(ASK_HOUR)))


def review_requests_schedule(*, now: datetime | None = None) -> int:
    """Ask each hiring manager for the reviews that fell due (on the day, at ``ASK_HOUR``)
    within ``ASK_WITHIN`` and are not written yet. Returns how many asks are new.

    Run daily or more often: the ask's key (kind, hire, manager, due moment) is unique, so a
    second run, a retried task or a second worker adds nothing. The mail leaves with the
    other due notifications (``notifications_due``)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = []
    for period in Period.values:
        # Hires whose review of this period fell due between today - ASK_WITHIN and today.
        latest_start = add_months(today, -period)
        earliest_start = add_months(today - ASK_WITHIN, -period)
        hires = (
            HireStart.objects.filter(start_date__gt=earliest_start, start_date__lte=latest_start)
            .exclude(reviews__period=period)
            .select_related(
                "decision__level",
                "decision__application__candidate",
                "decision__application__opening__hiring_manager",
            )
        )
        for hire in hires:
            due = review_due_on(hire.start_date, period)
            if due > today:
                continue
            application = hire.decision.application
            manager = application.opening.hiring_manager
            if not (manager.is_active and manager.email) or not permissions.can_review_hire(
                manager, application
            ):
                continue
            rows.append(
                Notification(
                    kind=Kind.REVIEW,
                    subject=f"hire:{hire.decision_id}",
                    recipient=manager,
                    due_at=_ask_moment(due),
                    context={
                        "decision_id": hire.decision_id,
                        "period": period,
                        "candidate": application.candidate.name,
                        "opening": application.opening.title,
                        "level": str(hire.decision.level) if hire.decision.level else "",
                        "start_date": hire.start_date.isoformat(),
                        "review_url": _absolute(
                            reverse("outcomes-review", args=[hire.decision_id, period])
                        ),
                    },
                    next_attempt_at=now,
                )
            )
    if not rows:
        return 0
    before = Notification.objects.filter(kind=Kind.REVIEW).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return Notification.objects.filter(kind=Kind.REVIEW).count() - before


def review_request_obsolete(notification: Notification) -> str:
    """Why an ask for a review should no longer leave ("" when it should): the review was
    written meanwhile, or the hire is gone."""
    _, _, decision_id = notification.subject.partition(":")
    period = notification.context.get("period")
    if not decision_id.isdigit():
        return ""
    hire = HireStart.objects.filter(decision_id=int(decision_id)).first()
    if hire is None:
        return "The hire's record is gone."
    if hire.reviews.filter(period=period).exists():
        return "The review has been written."
    return ""
