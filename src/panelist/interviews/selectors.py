"""Reads of assignments and scorecards, already authorised and prefetched."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet

from panelist.access.permissions import assignments_visible_to, scorecards_visible_to
from panelist.interviews.models import Assignment, Scorecard
from panelist.library.models import (
    Dimension,
    LearningPrompt,
    LevelExpectation,
    Rubric,
    RubricQuestion,
)


def scorecards_of_application(user, application) -> QuerySet[Scorecard]:
    """The scorecards on one application that the blind rule lets ``user`` read, with the
    member, the format and the flags the application page lists with each."""
    return (
        scorecards_visible_to(user)
        .filter(assignment__application=application)
        .select_related("assignment__member", "assignment__interview_format")
        .prefetch_related("flags")
        .order_by("submitted_at", "id")
    )


def scorecard_detail(user, scorecard_id: int) -> Scorecard:
    from panelist.access.permissions import get_visible_or_404

    return get_visible_or_404(
        scorecards_visible_to(user)
        .select_related(
            "assignment__member",
            "assignment__interview_format",
            "assignment__application__candidate",
            "assignment__application__opening",
            "reason_question",
        )
        .prefetch_related(
            "ratings__question__rubric__dimension",
            "signals__trait",
            "signals__learning_prompt",
            "flags__rating__question",
            "amendments__author",
        ),
        pk=scorecard_id,
    )


@dataclass(frozen=True)
class CommitteeWarnings:
    uncovered: list[Dimension]
    overloaded: list[tuple[object, int]]  # (member, number of dimensions held)

    def __bool__(self) -> bool:
        return bool(self.uncovered or self.overloaded)


MAX_DIMENSIONS_PER_MEMBER = 2


def committee_of(application) -> list[Assignment]:
    return list(
        application.assignments.select_related("member", "interview_format", "scorecard")
        .prefetch_related("dimensions")
        .order_by("scheduled_at", "id")
    )


def committee_warnings(
    assignments: list[Assignment], assessed: list[Dimension]
) -> CommitteeWarnings:
    """Dimensions nobody assesses, and members holding more than two dimensions."""
    covered: set[int] = set()
    held: dict[int, set[int]] = defaultdict(set)
    members = {}
    for assignment in assignments:
        keys = {d.pk for d in assignment.dimensions.all()}
        covered |= keys
        held[assignment.member_id] |= keys
        members[assignment.member_id] = assignment.member
    return CommitteeWarnings(
        uncovered=[d for d in assessed if d.pk not in covered],
        overloaded=[
            (members[member_id], len(keys))
            for member_id, keys in held.items()
            if len(keys) > MAX_DIMENSIONS_PER_MEMBER
        ],
    )


def assignment_for_member(user, assignment_id: int) -> Assignment:
    """An assignment its member works on (the kit and the scorecard form); 404 for others."""
    from panelist.access.permissions import get_visible_or_404

    return get_visible_or_404(
        assignments_visible_to(user)
        .filter(member=user)
        .select_related(
            "application__candidate",
            "application__opening__target_level",
            "application__opening__library_version",
            "interview_format",
            "scorecard",
        )
        .prefetch_related("dimensions"),
        pk=assignment_id,
    )


@dataclass(frozen=True)
class Kit:
    assignment: Assignment
    questions: list[RubricQuestion]
    expectations: list[LevelExpectation]
    summary_prompts: list[str]
    learning_prompts: list = field(default_factory=list)  # LearningPrompt: this format probes it


def interview_kit(assignment: Assignment) -> Kit:
    from panelist.interviews.services import questions_for

    opening = assignment.application.opening
    dimensions = list(assignment.dimensions.all())
    scorecard = getattr(assignment, "scorecard", None)
    version_id = scorecard.library_version_id if scorecard else opening.library_version_id
    expectations = list(
        LevelExpectation.objects.filter(
            version=version_id,
            level=opening.target_level_id,
            dimension__in=dimensions,
        ).select_related("dimension")
    )
    questions = list(questions_for(assignment, version_id=version_id))
    prompts = list(
        Rubric.objects.filter(version=version_id, dimension__in=dimensions)
        .exclude(summary_prompt="")
        .values_list("summary_prompt", flat=True)
    )
    learning = list(
        LearningPrompt.objects.filter(
            version=version_id, formats=assignment.interview_format_id
        ).order_by("order", "pk")
    )
    return Kit(assignment, questions, expectations, prompts, learning)
