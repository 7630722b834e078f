"""Import Greenhouse Harvest scorecards into Panelist, and export Panelist's in that shape.

An import validates every record before it writes anything, then writes in one transaction:
a file with one bad record imports nothing. Records already imported (by their Greenhouse
scorecard id) are skipped, so importing the same file twice creates nothing new.

Imported scorecards are stored as submitted, as Greenhouse held them: the evidence minimum
that the scorecard form enforces is not applied to history, and short evidence shows as thin
on the debrief like any other.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from pydantic import ValidationError

from panelist.access import permissions
from panelist.access.models import Role, User
from panelist.audit import services as audit
from panelist.audit.models import EventKind as AuditKind
from panelist.greenhouse.models import ErasedInPanelist, GreenhouseLink, HarvestRecord, LinkKind
from panelist.greenhouse.schema import HarvestScorecard, Mapping
from panelist.hiring.models import Application, Candidate, EventKind, Opening, Stage
from panelist.hiring.services import record_event
from panelist.interviews.models import Assignment, Rating, Scorecard, ScorecardStatus
from panelist.interviews.services import refresh_committee_complete
from panelist.library.models import InterviewFormat, Level, RubricQuestion
from panelist.library.services import latest_version
from panelist.teams.models import Team

QUESTION_REF = re.compile(r"^([a-z0-9-]+)/([a-z0-9-]+)$")
SUMMARY_QUESTION = "Summary"


class InvalidImport(ValueError):
    """The file cannot be imported; ``problems`` name each record and field at fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    skipped: list[tuple[int, int, str]] = field(default_factory=list)  # index, id, reason
    unmapped: Counter = field(default_factory=Counter)  # attribute name -> times kept as notes
    # records of candidates erased in Panelist, left out: by resource, counted, never listed
    erased: Counter = field(default_factory=Counter)

    def lines(self) -> list[str]:
        made = ", ".join(f"{n} {kind}" for kind, n in self.created.items() if n) or "nothing"
        lines = [f"Created: {made}."]
        for index, greenhouse_id, reason in self.skipped:
            lines.append(f"Skipped record {index} (Greenhouse scorecard {greenhouse_id}): {reason}")
        if self.erased:
            lines.append(f"Skipped {erased_line(self.erased)}")
        for name, count in sorted(self.unmapped.items()):
            lines.append(
                f"Attribute '{name}' has no Panelist question in the mapping: kept as a note "
                f"on {count} scorecard(s)."
            )
        return lines


# --- import -------------------------------------------------------------------------------


def parse_records(text: str) -> list[HarvestScorecard]:
    """Every record, or ``InvalidImport`` naming each record index and field at fault."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidImport([f"not valid JSON: {error}"]) from None
    if not isinstance(data, list):
        raise InvalidImport(["the file must hold a JSON array of Harvest scorecard objects"])
    records, problems = [], []
    for index, item in enumerate(data):
        try:
            records.append(HarvestScorecard.model_validate(item))
        except ValidationError as error:
            for e in error.errors(include_url=False):
                where = ".".join(str(part) for part in e["loc"]) or "(record)"
                problems.append(f"record {index}, field {where}: {e['msg']}")
    if problems:
        raise InvalidImport(problems)
    return records


@dataclass
class _Context:
    """What every record needs, resolved once before anything is written."""

    mapping: Mapping
    version: object
    questions: dict[tuple[str, str], RubricQuestion]
    formats: dict[str, InterviewFormat]  # by key
    format_names: dict[str, InterviewFormat]  # by lower-cased name
    level: Level


def _context(mapping: Mapping) -> _Context:
    version = latest_version()
    if version is None:
        raise InvalidImport(["no rubric library is loaded: run `panelist rubric load` first"])
    questions = {
        (q.rubric.dimension.key, q.key): q
        for q in RubricQuestion.objects.filter(rubric__version=version).select_related(
            "rubric__dimension"
        )
    }
    formats = {f.key: f for f in InterviewFormat.objects.prefetch_related("dimensions")}
    problems = []
    for name, ref in mapping.attributes.items():
        if tuple(ref.split("/")) not in questions:
            problems.append(
                f"mapping, attribute '{name}': no question '{ref}' in library v{version.number}"
            )
    for name, key in {**mapping.interviews, "(default)": mapping.default_interview_format}.items():
        if key not in formats:
            problems.append(f"mapping, interview '{name}': no interview format '{key}'")
    level = Level.objects.filter(key=mapping.opening.target_level).first()
    if level is None:
        problems.append(f"mapping, opening.target_level: no level '{mapping.opening.target_level}'")
    if problems:
        raise InvalidImport(problems)
    return _Context(
        mapping=mapping,
        version=version,
        questions=questions,
        formats=formats,
        format_names={f.name.lower(): f for f in formats.values()},
        level=level,
    )


def import_scorecards(text: str, mapping: Mapping, *, actor=None) -> ImportReport:
    """``actor``: who imports, for the audit log (None from the command line)."""
    records = parse_records(text)
    ctx = _context(mapping)
    report = ImportReport()
    with transaction.atomic():
        opening = _opening(ctx, report)
        for index, record in enumerate(records):
            _import_one(ctx, opening, index, record, report)
        audit.record(
            AuditKind.IMPORTED,
            actor,
            target=opening,
            source="greenhouse",
            records=len(records),
            created=", ".join(f"{n} {kind}" for kind, n in report.created.items() if n)[:120],
            skipped=len(report.skipped),
        )
    return report


LINKED_MODELS = {
    LinkKind.CANDIDATE: Candidate,
    LinkKind.APPLICATION: Application,
    LinkKind.USER: User,
    LinkKind.SCORECARD: Scorecard,
    LinkKind.JOB: Opening,
}


def _linked(kind: LinkKind, greenhouse_id: int) -> int | None:
    """The Panelist record made from this Greenhouse id, if it still exists."""
    link = GreenhouseLink.objects.filter(kind=kind, greenhouse_id=greenhouse_id).first()
    if link is None:
        return None
    if not LINKED_MODELS[kind].objects.filter(pk=link.object_id).exists():
        link.delete()  # deleted in Panelist since: import it afresh
        return None
    return link.object_id


def _link(kind: LinkKind, greenhouse_id: int, object_id: int) -> None:
    GreenhouseLink.objects.create(kind=kind, greenhouse_id=greenhouse_id, object_id=object_id)


def _opening(ctx: _Context, report: ImportReport) -> Opening:
    team, manager = opening_owner(ctx, report)
    target = ctx.mapping.opening
    opening = Opening.objects.filter(title=target.title, team=team).first()
    if opening is None:
        opening = Opening.objects.create(
            title=target.title,
            team=team,
            hiring_manager=manager,
            target_level=ctx.level,
            library_version=ctx.version,
            description="Candidates and scorecards imported from Greenhouse.",
        )
        report.created["openings"] += 1
    return opening


def opening_owner(ctx: _Context, report: ImportReport) -> tuple[Team, User]:
    """The mapping file's team and hiring manager for imported openings, made on first use."""
    target = ctx.mapping.opening
    team, made = Team.objects.get_or_create(
        slug=target.team, defaults={"name": target.team.replace("-", " ").capitalize()}
    )
    report.created["teams"] += made
    manager = User.objects.filter(username=target.hiring_manager).first()
    if manager is not None and not permissions.is_hiring_manager(manager):
        raise InvalidImport(
            [f"mapping, opening.hiring_manager: '{manager.username}' is not a hiring manager"]
        )
    if manager is None:
        manager = User.objects.create(
            username=target.hiring_manager,
            first_name="Greenhouse",
            last_name="import",
            role=Role.HIRING_MANAGER,
            password=make_password(None),
        )
        report.created["users"] += 1
    return team, manager


def _import_one(ctx, opening, index: int, record: HarvestScorecard, report: ImportReport) -> None:
    if is_erased(
        candidate_id=record.candidate_id,
        application_id=record.application_id,
        scorecard_id=record.id,
    ):
        report.erased["scorecards"] += 1
        return
    existing = _linked(LinkKind.SCORECARD, record.id)
    if existing is not None:
        report.skipped.append(
            (index, record.id, f"already imported as Panelist scorecard {existing}")
        )
        return
    recommendation = ctx.mapping.recommendations[record.overall_recommendation]
    if recommendation is None:
        report.skipped.append(
            (
                index,
                record.id,
                f"overall recommendation '{record.overall_recommendation}' maps "
                "to none; Panelist counts only scorecards with a recommendation",
            )
        )
        return
    application = _application(opening, record, report)
    member = _interviewer(record, report)
    interview_format = _format(ctx, record.interview_name)
    ratings, notes = scorecard_ratings(ctx, record, report)

    dimensions = {q.rubric.dimension for q, *_ in ratings.values()} or set(
        interview_format.dimensions.all()
    )
    assignment, made = Assignment.objects.get_or_create(
        application=application,
        member=member,
        interview_format=interview_format,
        defaults={"scheduled_at": record.interviewed_at},
    )
    if not made and Scorecard.objects.filter(assignment=assignment).exists():
        report.skipped.append(
            (
                index,
                record.id,
                f"{member} already has a {interview_format.name} scorecard on this application",
            )
        )
        return
    assignment.dimensions.add(*dimensions)
    report.created["assignments"] += made

    submitted_at = record.submitted_at or timezone.now()
    scorecard = Scorecard.objects.create(
        assignment=assignment,
        library_version=ctx.version,
        status=ScorecardStatus.SUBMITTED,
        summary=_summary(record, notes),
        recommendation=recommendation,
        submitted_at=submitted_at,
    )
    Rating.objects.bulk_create(
        Rating(scorecard=scorecard, question=q, value=v, not_observed=n, evidence=e)
        for q, v, n, e in ratings.values()
    )
    record_event(
        application=application,
        actor=None,
        kind=EventKind.SUBMITTED,
        description=f"Imported from Greenhouse: {member}'s {interview_format.name} scorecard",
    )
    Assignment.objects.filter(pk=assignment.pk).update(submitted=True)
    refresh_committee_complete(application.pk)
    _link(LinkKind.SCORECARD, record.id, scorecard.pk)
    report.created["scorecards"] += 1


def scorecard_ratings(
    ctx: _Context, record: HarvestScorecard, report: ImportReport
) -> tuple[dict[int, tuple[RubricQuestion, int | None, bool, str]], list[str]]:
    """The record's attribute ratings on Panelist's scale, by question, and the attributes
    with no Panelist question as note lines for the summary."""
    ratings: dict[int, tuple[RubricQuestion, int | None, bool, str]] = {}
    notes: list[str] = []
    for attribute in record.attributes:
        question = _question(ctx, attribute.name)
        if question is None or question.pk in ratings:
            report.unmapped[attribute.name] += 1
            notes.append(
                f"- {attribute.name}"
                + (f" ({attribute.type})" if attribute.type else "")
                + f": {attribute.rating}"
                + (f". {attribute.note}" if attribute.note else "")
            )
            continue
        value = ctx.mapping.ratings[attribute.rating]
        observed = value != "not_observed"
        ratings[question.pk] = (
            question,
            value if observed else None,
            not observed,
            attribute.note or "",
        )
    return ratings, notes


def _application(opening, record: HarvestScorecard, report: ImportReport) -> Application:
    pk = _linked(LinkKind.APPLICATION, record.application_id)
    if pk is not None:
        return Application.objects.get(pk=pk)
    candidate_pk = _linked(LinkKind.CANDIDATE, record.candidate_id)
    if candidate_pk is None:
        candidate = Candidate.objects.create(
            name=f"Greenhouse candidate {record.candidate_id}",
            notes=f"Imported from Greenhouse (candidate id {record.candidate_id}).",
        )
        _link(LinkKind.CANDIDATE, record.candidate_id, candidate.pk)
        report.created["candidates"] += 1
        candidate_pk = candidate.pk
    application = Application.objects.create(
        candidate_id=candidate_pk, opening=opening, stage=Stage.INTERVIEWING
    )
    _link(LinkKind.APPLICATION, record.application_id, application.pk)
    report.created["applications"] += 1
    return application


def _interviewer(record: HarvestScorecard, report: ImportReport) -> User:
    person = record.interviewer
    pk = _linked(LinkKind.USER, person.id)
    if pk is not None:
        return User.objects.get(pk=pk)
    first, last = person.first_name or "", person.last_name or ""
    if not (first or last) and person.name:
        first, _, last = person.name.partition(" ")
    username, n = f"greenhouse-{person.id}", 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"greenhouse-{person.id}-{n}"
    user = User.objects.create(
        username=username,
        first_name=first[:150],
        last_name=last[:150],
        role=Role.INTERVIEWER,
        password=make_password(None),
    )
    _link(LinkKind.USER, person.id, user.pk)
    report.created["interviewers"] += 1
    return user


def _format(ctx: _Context, interview: str) -> InterviewFormat:
    key = ctx.mapping.interviews.get(interview)
    if key:
        return ctx.formats[key]
    return (
        ctx.format_names.get(interview.lower()) or ctx.formats[ctx.mapping.default_interview_format]
    )


def _question(ctx: _Context, attribute: str) -> RubricQuestion | None:
    ref = ctx.mapping.attributes.get(attribute, attribute)
    match = QUESTION_REF.match(ref)
    return ctx.questions.get(match.groups()) if match else None


def _summary(record: HarvestScorecard, notes: list[str]) -> str:
    answered = [q for q in record.questions if (q.answer or "").strip()]
    if len(answered) == 1 and answered[0].question == SUMMARY_QUESTION:
        parts = [answered[0].answer]
    else:
        parts = [f"{q.question}: {q.answer}" for q in answered]
    if notes:
        parts.append("Greenhouse attributes without a Panelist question:\n" + "\n".join(notes))
    return "\n\n".join(parts)


# --- candidates erased in Panelist ------------------------------------------------------

# The pulled records that are parts of a scorecard, by their ``parent_id``.
SCORECARD_PARTS = ("scorecard_candidate_attributes", "scorecard_question_answers")


def is_erased(
    *,
    candidate_id: int | None = None,
    application_id: int | None = None,
    scorecard_id: int | None = None,
) -> bool:
    """Whether any of these Greenhouse records belongs to a candidate erased in Panelist."""
    wanted = Q()
    for kind, greenhouse_id in (
        (LinkKind.CANDIDATE, candidate_id),
        (LinkKind.APPLICATION, application_id),
        (LinkKind.SCORECARD, scorecard_id),
    ):
        if greenhouse_id is not None:
            wanted |= Q(kind=kind, greenhouse_id=greenhouse_id)
    return bool(wanted) and ErasedInPanelist.objects.filter(wanted).exists()


def erased_among(kind: LinkKind, greenhouse_ids) -> set[int]:
    return set(
        ErasedInPanelist.objects.filter(
            kind=kind, greenhouse_id__in=list(greenhouse_ids)
        ).values_list("greenhouse_id", flat=True)
    )


def mark_erased(kind: LinkKind, greenhouse_ids) -> None:
    ErasedInPanelist.objects.bulk_create(
        [ErasedInPanelist(kind=kind, greenhouse_id=gid) for gid in greenhouse_ids],
        ignore_conflicts=True,
    )


def erase_for_candidate(
    *, candidate_id: int, application_ids: list[int], scorecard_ids: list[int]
) -> None:
    """For ``panelist.privacy``'s erasure: the raw records pulled about the candidate (their
    own, their applications', their scorecards' with ratings and answers, and any still
    pending that refers to them) are deleted, and the Greenhouse ids of the candidate, their
    applications and scorecards are kept as ``ErasedInPanelist`` in place of their links, so
    that no later sync or import writes them again."""
    links = GreenhouseLink.objects.all()
    candidates = set(
        links.filter(kind=LinkKind.CANDIDATE, object_id=candidate_id).values_list(
            "greenhouse_id", flat=True
        )
    )
    applications = set(
        links.filter(kind=LinkKind.APPLICATION, object_id__in=application_ids).values_list(
            "greenhouse_id", flat=True
        )
    )
    applications |= set(
        HarvestRecord.objects.filter(
            resource="applications", data__candidate_id__in=list(candidates)
        ).values_list("greenhouse_id", flat=True)
    )
    scorecards = set(
        links.filter(kind=LinkKind.SCORECARD, object_id__in=scorecard_ids).values_list(
            "greenhouse_id", flat=True
        )
    )
    scorecards |= set(
        HarvestRecord.objects.filter(resource="scorecards")
        .filter(
            Q(data__candidate_id__in=list(candidates))
            | Q(data__application_id__in=list(applications))
        )
        .values_list("greenhouse_id", flat=True)
    )
    pulled = HarvestRecord.objects.all()
    pulled.filter(resource="candidates", greenhouse_id__in=list(candidates)).delete()
    pulled.filter(resource="applications", greenhouse_id__in=list(applications)).delete()
    pulled.filter(resource="scorecards", greenhouse_id__in=list(scorecards)).delete()
    pulled.filter(resource__in=SCORECARD_PARTS, parent_id__in=list(scorecards)).delete()
    for kind, ids in (
        (LinkKind.CANDIDATE, candidates),
        (LinkKind.APPLICATION, applications),
        (LinkKind.SCORECARD, scorecards),
    ):
        mark_erased(kind, ids)
        links.filter(kind=kind, greenhouse_id__in=list(ids)).delete()


def erased_line(counts: Counter) -> str:
    """What a sync or an import left out as records of erased candidates: counted by kind,
    neither named nor listed by id, so that the report itself keeps nobody."""
    kinds = ", ".join(
        f"{n} {resource[:-1] if n == 1 and resource.endswith('s') else resource}"
        for resource, n in counts.items()
        if n
    )
    return f"{kinds} of candidates erased in Panelist: not imported, their erasure stands."


# --- export -------------------------------------------------------------------------------


class HarvestPages:
    """Scorecards mapped to Harvest objects one page at a time, for the API's pagination:
    ``count_up_to`` counts in the database, and a slice maps only the scorecards in it."""

    def __init__(self, scorecards, mapping: Mapping) -> None:
        self.scorecards = scorecards
        self.mapping = mapping

    def count_up_to(self, bound: int) -> int:
        return self.scorecards.order_by()[:bound].count()

    def __getitem__(self, page: slice) -> list[dict]:
        return harvest_records(self.scorecards[page], self.mapping)


def export_scorecards(user, mapping: Mapping, *, opening=None) -> list[dict]:
    """The submitted scorecards ``user`` may read, as Harvest v1 scorecard objects.

    ``opening``: an Opening or its id, to export one opening only.
    """
    return harvest_records(harvest_scorecards(user, opening=opening), mapping)


def harvest_scorecards(user, *, opening=None):
    """The submitted scorecards ``user`` may read, ready to map; an export, so it is written
    to the audit log (each page the API serves, once per command)."""
    audit.record(
        AuditKind.EXPORTED,
        user,
        target=opening if isinstance(opening, Opening) else None,
        format="greenhouse",
        opening=getattr(opening, "pk", opening),
    )
    scorecards = (
        permissions.scorecards_visible_to(user)
        .filter(status=ScorecardStatus.SUBMITTED)
        .select_related(
            "assignment__member", "assignment__interview_format", "assignment__application"
        )
        .prefetch_related("ratings__question__rubric__dimension")
        .order_by("pk")
    )
    if opening is not None:
        scorecards = scorecards.filter(assignment__application__opening=opening)
    return scorecards


def harvest_records(scorecards, mapping: Mapping) -> list[dict]:
    recommendation_out = _first_key_for(mapping.recommendations)
    rating_out = _first_key_for(mapping.ratings)
    attribute_out = {ref: name for name, ref in reversed(mapping.attributes.items())}
    records = []
    for scorecard in scorecards:
        assignment = scorecard.assignment
        member = assignment.member
        person = {
            "id": member.pk,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "name": member.display_name,
        }
        attributes = []
        for rating in scorecard.ratings.all():
            if rating.value is None and not rating.not_observed:
                continue
            dimension = rating.question.rubric.dimension
            ref = f"{dimension.key}/{rating.question.key}"
            attributes.append(
                {
                    "name": attribute_out.get(ref, ref),
                    "type": dimension.name,
                    "note": rating.evidence or None,
                    "rating": rating_out["not_observed" if rating.not_observed else rating.value],
                }
            )
        grouped: dict[str, list[str]] = {
            key: [] for key in ("definitely_not", "no", "mixed", "yes", "strong_yes")
        }
        for attribute in attributes:
            grouped.setdefault(attribute["rating"], []).append(attribute["name"])
        records.append(
            {
                "id": scorecard.pk,
                "created_at": _iso(scorecard.created_at),
                "updated_at": _iso(scorecard.updated_at),
                "interview": assignment.interview_format.name,
                "interview_step": {
                    "id": assignment.interview_format.pk,
                    "name": assignment.interview_format.name,
                },
                "candidate_id": assignment.application.candidate_id,
                "application_id": assignment.application_id,
                "interviewed_at": _iso(assignment.scheduled_at),
                "submitted_by": person,
                "interviewer": person,
                "submitted_at": _iso(scorecard.submitted_at),
                "overall_recommendation": recommendation_out[scorecard.recommendation],
                "attributes": attributes,
                "ratings": {k: v for k, v in grouped.items() if k != "no_decision"},
                "questions": [
                    {"id": None, "question": SUMMARY_QUESTION, "answer": scorecard.summary}
                ]
                if scorecard.summary
                else [],
            }
        )
    return records


def _first_key_for(mapping: dict) -> dict:
    reverse: dict = {}
    for key, value in mapping.items():
        if value is not None:
            reverse.setdefault(value, key)
    return reverse


def _iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None
