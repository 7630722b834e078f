"""What the candidate's page shows: the process and their interviews, never the committee's
work. Everything here is read from the stages, the committee's logistics and the library; no
scorecard, rating, evidence, flag, recommendation, note or decision rationale is queried."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch

from panelist.hiring.models import Stage
from panelist.interviews.models import Assignment
from panelist.library.models import Dimension

# The process as a candidate reads it, in order; withdrawn is shown apart.
PROCESS = [
    (Stage.APPLIED, "Application received", "We have your application."),
    (Stage.SCREENING, "First look", "Someone who runs the process reads your application."),
    (
        Stage.INTERVIEWING,
        "Interviews",
        "You meet the committee, one format at a time, as listed below.",
    ),
    (
        Stage.DEBRIEF,
        "Committee discussion",
        "The committee meets to discuss what they each saw.",
    ),
    (Stage.DECIDED, "Decision", "The hiring manager decides; your contact tells you the outcome."),
]


@dataclass
class StageStep:
    name: str
    text: str
    state: str  # "done", "current" or "next"


@dataclass
class Interview:
    assignment_id: int
    format_name: str
    format_description: str
    dimensions: list[Dimension]
    member_name: str
    member_role: str
    scheduled_at: object
    duration_minutes: int
    mode: str
    location: str


def process_steps(application) -> list[StageStep]:
    order = [stage for stage, _, _ in PROCESS]
    reached = order.index(application.stage) if application.stage in order else -1
    steps = []
    for position, (_, name, text) in enumerate(PROCESS):
        if position < reached or (position == reached and application.stage == Stage.DECIDED):
            state = "done"
        elif position == reached:
            state = "current"
        else:
            state = "next"
        steps.append(StageStep(name, text, state))
    return steps


def interviews_of(application) -> list[Interview]:
    """The committee's interviews as the candidate sees them: format, what it looks at, who
    and when (three queries)."""
    assignments = (
        Assignment.objects.filter(application=application)
        .select_related("member", "interview_format")
        .prefetch_related(Prefetch("dimensions", queryset=Dimension.objects.order_by("order")))
        .order_by("scheduled_at", "id")
    )
    manager_id = application.opening.hiring_manager_id
    return [
        Interview(
            assignment_id=assignment.pk,
            format_name=assignment.interview_format.name,
            format_description=assignment.interview_format.description,
            dimensions=list(assignment.dimensions.all()),
            member_name=str(assignment.member),
            member_role=(
                "Hiring manager"
                if assignment.member_id == manager_id
                else assignment.member.get_role_display()
            ),
            scheduled_at=assignment.scheduled_at,
            duration_minutes=assignment.interview_format.duration_minutes,
            mode=assignment.get_mode_display(),
            location=assignment.location,
        )
        for assignment in assignments
    ]


def interview_of(application, assignment_id: int) -> Interview | None:
    return next((i for i in interviews_of(application) if i.assignment_id == assignment_id), None)


# The latest links of an application shown on its page; older ones have long expired.
LINKS_SHOWN = 5


@dataclass
class ArrivedFile:
    file: object
    downloadable: bool


@dataclass
class CandidateSide:
    """The candidate's side as the application page shows it to the people who run it."""

    can_send_link: bool
    links: list
    code_links: list
    files: list[ArrivedFile]


def candidate_side(user, application) -> CandidateSide:
    """Links sent (for whoever may send them), and what has arrived: code links and the files'
    names, each file downloadable only where the permission layer says so."""
    from panelist.access import permissions
    from panelist.portal.models import CandidateFile, CandidateLink

    can_send = permissions.can_send_candidate_link(user, application)
    links = (
        list(
            CandidateLink.objects.filter(application=application).select_related("created_by")[
                :LINKS_SHOWN
            ]
        )
        if can_send
        else []
    )
    # Whether each file is the reader's to download, asked of it in the same query.
    files = list(
        CandidateFile.objects.filter(application=application).annotate(
            readable=Exists(permissions.candidate_files_visible_to(user).filter(pk=OuterRef("pk")))
        )
    )
    return CandidateSide(
        can_send_link=can_send,
        links=links,
        code_links=list(application.code_links.all()),
        files=[ArrivedFile(f, f.readable) for f in files],
    )
