"""Reads for the home pages: what waits on the reader first, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page
from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from panelist.access.permissions import header_counts_for, own_assignments
from panelist.core.paging import Concatenated, page_of
from panelist.hiring import selectors as hiring_selectors
from panelist.hiring.models import CLOSED_STAGES, OPEN_STAGES, Application, Stage

SECTION_ROWS = 10
SECTION_COUNT_CAP = 100


def capped_label(count: int) -> str:
    """A count read up to one past the cap: "100+" beyond it."""
    return f"{SECTION_COUNT_CAP}+" if count > SECTION_COUNT_CAP else str(count)


WRITTEN_LISTED = 100


def interviews_page(user, number) -> Page:
    """The user's interviews on open applications, a page at a time: those still to write
    first, soonest due first, each marked when overdue; then the latest ``WRITTEN_LISTED``
    written (``page.written_truncated`` says when there are more)."""
    mine = (
        own_assignments(user)
        .exclude(application__stage__in=CLOSED_STAGES)
        .select_related(
            "application__candidate", "application__opening", "interview_format", "scorecard"
        )
        .prefetch_related("dimensions")
    )
    to_write = mine.filter(submitted=False).order_by(
        F("feedback_due").asc(nulls_last=True), "scheduled_at", "id"
    )
    written = mine.filter(submitted=True).order_by("-id")
    rows = Concatenated(to_write, written, second_limit=WRITTEN_LISTED)
    page = page_of(rows, number)
    page.written_truncated = rows.second_truncated
    page.written_listed = WRITTEN_LISTED
    now = timezone.now()
    for assignment in page.object_list:
        assignment.is_overdue = bool(
            not assignment.submitted and assignment.feedback_due and assignment.feedback_due < now
        )
    return page


def managed_openings_page(user, number) -> Page:
    """The manager's openings with their counts, a page at a time; the counts are read for
    that page's openings only."""
    page = page_of(hiring_selectors.openings_managed_by(user), number)
    counts = hiring_selectors.opening_counts(
        [o.pk for o in page.object_list], ready_cap=SECTION_COUNT_CAP
    )
    for opening in page.object_list:
        opening.active_applications = counts[opening.pk]["active"]
        opening.pending_scorecards = counts[opening.pk]["pending"]
        ready = counts[opening.pk]["ready"]
        opening.ready_for_debrief = ready
        opening.ready_label = capped_label(ready)
    return page


@dataclass(frozen=True)
class Section:
    """A short list on the home page: how many there are (counted up to ``SECTION_COUNT_CAP``,
    beyond which it says "more than"), the first few, and the query that opens them all on the
    applications list, which counts them exactly."""

    title: str
    explanation: str
    count: int
    applications: list[Application]
    query: str

    @property
    def count_label(self) -> str:
        return capped_label(self.count)

    @property
    def all_label(self) -> str:
        """The link to the whole list: "All 12", or "More than 100" past the cap."""
        if self.count > SECTION_COUNT_CAP:
            return f"More than {SECTION_COUNT_CAP}"
        return f"All {self.count}"

    @property
    def more(self) -> bool:
        return self.count > len(self.applications)


def _section(user, title, explanation, query, **filters) -> Section:
    """Two queries whatever the numbers. The first reads the ids of up to one more than the cap
    of matching applications, in no order, so that it stops early when many match: their
    number is the count. Within the cap, the longest waiting are picked from those ids. Past
    it, they are looked for stage by stage, each stage walked through its index in the order
    its applications reached it, stopping at the first rows that match rather than sorting
    every application in play."""
    rows = hiring_selectors.applications_list(user, hiring_selectors.ApplicationQuery(**filters))
    found = list(rows.order_by().values_list("pk", flat=True)[: SECTION_COUNT_CAP + 1])
    if len(found) <= SECTION_COUNT_CAP:
        heads = Q(pk__in=found)
    else:
        stages = [filters["stage"]] if filters.get("stage") else OPEN_STAGES
        walks = [
            rows.filter(stage=stage).order_by("stage_changed_at", "id").values("pk")[:SECTION_ROWS]
            for stage in stages
        ]
        if connection.features.supports_slicing_ordering_in_compound:
            # PostgreSQL: the walks' rows put together, then matched by key. Asked as an
            # ``OR`` of ``IN`` subqueries, it filtered every application against them.
            heads = Q(pk__in=walks[0].union(*walks[1:], all=True))
        else:  # SQLite allows no LIMIT inside a UNION, and walks the ``OR`` well
            heads = Q()
            for walk in walks:
                heads |= Q(pk__in=walk)
        # Picked in a subquery that says it returns at most SECTION_ROWS: asked directly,
        # PostgreSQL expected thousands of rows from the stage walks and hashed every
        # candidate to join them.
        heads = Q(
            pk__in=Application.objects.filter(heads)
            .order_by("stage_changed_at", "id")
            .values("pk")[:SECTION_ROWS]
        )
    # Only the rows found are read: their conditions were checked above.
    first = list(
        Application.objects.filter(heads)
        .select_related("candidate", "opening")
        .order_by("stage_changed_at", "id")[:SECTION_ROWS]
    )
    return Section(title, explanation, len(found), first, query)


def needs_action(user) -> list[Section]:
    """What waits on someone who runs the pipeline, oldest first."""
    Needs = hiring_selectors.Needs
    return [
        _section(
            user,
            "Ready for debrief",
            "Every committee member has submitted: move them to the debrief.",
            f"needs={Needs.READY.value}",
            needs=Needs.READY.value,
        ),
        _section(
            user,
            "Scorecards overdue",
            "A committee member is past the feedback deadline: remind them.",
            f"needs={Needs.OVERDUE.value}",
            needs=Needs.OVERDUE.value,
        ),
        _section(
            user,
            "New, not yet screened",
            "Added to an opening and waiting for a first look.",
            f"stage={Stage.APPLIED.value}",
            stage=Stage.APPLIED.value,
        ),
    ]


def needs_me(user) -> Section:
    """What waits on a hiring manager: their openings' candidates ready for or at the
    debrief, and their own scorecards still to write."""
    Needs = hiring_selectors.Needs
    return _section(
        user,
        "Waiting on you",
        "Ready for the debrief, waiting for your committee's recommendation and your "
        "decision, or your own scorecard still to write.",
        f"needs={Needs.ME.value}",
        needs=Needs.ME.value,
    )


@dataclass(frozen=True)
class HeaderCount:
    """One "waiting on you" count in the site header, linking to the list it counts."""

    label: str
    count: int
    query: str

    @property
    def count_label(self) -> str:
        return capped_label(self.count)


# The header's order and words; which ones a user gets is permissions.header_counts_for.
HEADER_COUNTS = (
    ("scorecard", "Scorecards to write"),
    ("ready", "Ready for debrief"),
    ("decide", "Decisions waiting"),
)


def header_counts(user) -> list[HeaderCount]:
    """The counts the header shows ``user``, in one query (none when they get none). A count
    the user may not have is left out, never shown as zero."""
    shown = header_counts_for(user)
    wanted = [name for name, _ in HEADER_COUNTS if name in shown]
    counted = hiring_selectors.needs_counts(user, wanted, cap=SECTION_COUNT_CAP)
    return [
        HeaderCount(label, counted[name], f"needs={name}")
        for name, label in HEADER_COUNTS
        if name in shown
    ]
