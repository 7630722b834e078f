"""The Greenhouse Harvest v3 sync: pull what changed, then write it into Panelist.

Two phases. The pull reads every resource page by page; each page is stored (as
``HarvestRecord`` rows) together with the cursor of the next page in one transaction, so a
sync that stops mid-pull resumes at the page it had not stored. The apply writes the pending
records into Panelist, each in its own transaction: a record that cannot be written is
reported by its Greenhouse id and field, stays pending for the next sync, and leaves every
record written before it as it was. Jobs become openings, candidates candidates, applications
applications, and a submitted scorecard, joined with its attribute ratings (named through the
job's candidate attributes) and its question answers, becomes a submitted Panelist scorecard
through the same code as the v1 file import. Records are linked by Greenhouse id
(``GreenhouseLink``), so a second sync creates nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from pydantic import BaseModel, ValidationError

from panelist.audit import services as audit
from panelist.audit.models import EventKind as AuditKind
from panelist.greenhouse import harvest_v3 as v3
from panelist.greenhouse.client import HarvestClient, HarvestError, HarvestSettings
from panelist.greenhouse.models import (
    HarvestCursor,
    HarvestRecord,
    HarvestSync,
    LinkKind,
    SyncStatus,
)
from panelist.greenhouse.schema import (
    HarvestAttribute,
    HarvestQuestion,
    HarvestScorecard,
    HarvestUser,
    Mapping,
)
from panelist.greenhouse.services import (
    SCORECARD_PARTS,
    ImportReport,
    InvalidImport,
    _Context,
    _context,
    _import_one,
    _link,
    _linked,
    _summary,
    erased_among,
    erased_line,
    is_erased,
    mark_erased,
    opening_owner,
    scorecard_ratings,
)
from panelist.hiring.models import Application, Candidate, Opening, Stage
from panelist.interviews.models import Rating, Scorecard

Progress = Callable[[str], None]

# Records joined into their parent rather than written on their own; their parent's field.
CHILDREN = {
    "scorecard_candidate_attributes": "scorecard_id",
    "scorecard_question_answers": "scorecard_id",
    "candidate_attributes": "job_id",
}
# Read when a scorecard needs them, never written on their own.
REFERENCE_ONLY = {"users"}
# A run keeps this many problem and skipped lines; the refused records themselves stay
# pending with their problem in HarvestRecord.problem whatever their number.
KEPT_LINES = 1000
# How a pulled record is known to be one of a candidate erased in Panelist: by its own id or
# by a reference, each of a kind of ``ErasedInPanelist``.
ERASED_BY = {
    "candidates": [("id", LinkKind.CANDIDATE)],
    "applications": [("id", LinkKind.APPLICATION), ("candidate_id", LinkKind.CANDIDATE)],
    "scorecards": [
        ("id", LinkKind.SCORECARD),
        ("application_id", LinkKind.APPLICATION),
        ("candidate_id", LinkKind.CANDIDATE),
    ],
    **{part: [("scorecard_id", LinkKind.SCORECARD)] for part in SCORECARD_PARTS},
}
OWN_KIND = {
    "candidates": LinkKind.CANDIDATE,
    "applications": LinkKind.APPLICATION,
    "scorecards": LinkKind.SCORECARD,
}


class RecordProblem(ValueError):
    """One record cannot be written; the message names it by Greenhouse id and field."""


def singular(resource: str) -> str:
    return resource[:-1] if resource.endswith("s") else resource


class SyncBusy(ValueError):
    """A sync is already queued or running."""


# A sync queued or running for longer than this is taken for dead (its worker stopped), and
# no longer keeps another from being queued; the next one resumes where it stopped.
STALE_AFTER = timedelta(hours=1)


def sync_request(*, actor) -> HarvestSync:
    """Queue a sync for the background worker, one at a time."""
    from panelist.greenhouse import tasks

    with transaction.atomic():
        busy = (
            HarvestSync.objects.select_for_update()
            .filter(
                status__in=[SyncStatus.QUEUED, SyncStatus.RUNNING],
                queued_at__gte=timezone.now() - STALE_AFTER,
            )
            .first()
        )
        if busy is not None:
            raise SyncBusy(
                f"A Greenhouse sync is already {busy.get_status_display().lower()} "
                f"(since {busy.queued_at:%H:%M} UTC); wait for it to finish."
            )
        sync = HarvestSync.objects.create(requested_by=actor)
        transaction.on_commit(lambda: tasks.sync_greenhouse.enqueue(sync_id=sync.pk))
    return sync


def sync_run(
    *,
    mapping: Mapping,
    sync: HarvestSync | None = None,
    client: HarvestClient | None = None,
    progress: Progress | None = None,
) -> HarvestSync:
    """Run one sync and return its record (status, counts, problems). Never raises for what
    Greenhouse or a record does wrong: that is in the returned record."""
    sync = sync or HarvestSync.objects.create()
    sync.status, sync.started_at = SyncStatus.RUNNING, timezone.now()
    sync.save(update_fields=["status", "started_at"])
    other = (
        HarvestSync.objects.filter(
            status=SyncStatus.RUNNING, started_at__gte=timezone.now() - STALE_AFTER
        )
        .exclude(pk=sync.pk)
        .order_by("started_at")
        .first()
    )
    if other is not None and other.started_at <= sync.started_at:
        sync.status, sync.finished_at = SyncStatus.FAILED, timezone.now()
        sync.error = f"Greenhouse sync {other.pk} is running; one sync runs at a time."
        sync.save()
        return sync
    say = progress or (lambda line: None)
    report = ImportReport()
    try:
        ctx = _context(mapping)
        client = client or HarvestClient(_settings())
        for resource in v3.RESOURCES:
            _pull(client, resource, sync, report.erased, say)
    except (HarvestError, InvalidImport) as error:
        sync.error = str(error)
        sync.status = SyncStatus.FAILED
        sync.finished_at = timezone.now()
        sync.save()
        return sync
    updated: Counter = Counter()
    _apply(ctx, sync, report, updated, say)
    sync.created = {k: n for k, n in report.created.items() if n}
    sync.updated = {k: n for k, n in updated.items() if n}
    sync.skipped += [f"scorecard {gid}: {reason}" for _, gid, reason in report.skipped]
    sync.skipped += [
        f"attribute '{name}' has no Panelist question in the mapping: kept as a note "
        f"on {count} scorecard(s)"
        for name, count in sorted(report.unmapped.items())
    ]
    if report.erased:
        sync.skipped.append(erased_line(report.erased))
    sync.status = SyncStatus.PARTIAL if sync.problems else SyncStatus.SUCCEEDED
    sync.problems = _bounded(sync.problems, "refused records")
    sync.skipped = _bounded(sync.skipped, "records left out")
    sync.finished_at = timezone.now()
    sync.save()
    audit.record(
        AuditKind.IMPORTED,
        sync.requested_by,
        target=sync,
        source="greenhouse sync",
        status=sync.status,
        created=", ".join(f"{n} {kind}" for kind, n in sync.created.items())[:120],
        updated=", ".join(f"{n} {kind}" for kind, n in sync.updated.items())[:120],
        refused=len(sync.problems),
    )
    return sync


def _settings() -> HarvestSettings:
    return HarvestSettings.from_settings()


def _bounded(lines: list[str], what: str) -> list[str]:
    if len(lines) <= KEPT_LINES:
        return lines
    return [*lines[:KEPT_LINES], f"and {len(lines) - KEPT_LINES} more {what} not kept"]


# --- pull ---------------------------------------------------------------------------------


def _pull(
    client: HarvestClient, resource: str, sync: HarvestSync, erased: Counter, say: Progress
) -> None:
    cursor, _ = HarvestCursor.objects.get_or_create(resource=resource)
    url = cursor.next_url
    if not url:
        params = {"per_page": str(settings.PANELIST_GREENHOUSE_PER_PAGE)}
        if cursor.since is not None:
            params[v3.UPDATED_SINCE_PARAM] = v3.updated_since(cursor.since)
        url = client.first_url(resource, params)
    pages = 0
    while url:
        records, next_url = client.page(url)
        pages += 1
        with transaction.atomic():
            read = _stage(resource, records, sync, erased)
            cursor.next_url = next_url or ""
            if not next_url:
                cursor.since = HarvestRecord.objects.filter(resource=resource).aggregate(
                    Max("updated_at")
                )["updated_at__max"]
            cursor.save()
            sync.pulled[resource] = sync.pulled.get(resource, 0) + read
            sync.save(update_fields=["pulled", "problems"])
        say(f"Pulled {resource}: page {pages}, {sync.pulled[resource]} record(s)")
        url = next_url


def _an_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _stage(resource: str, records: list[dict], sync: HarvestSync, erased: Counter) -> int:
    """Store a page's records; those of candidates erased in Panelist are not even stored,
    only counted, and a new one (a later application of theirs, its scorecards) is marked
    erased in turn so that what refers to it is left out too."""
    parent_field = CHILDREN.get(resource)
    references = ERASED_BY.get(resource, [])
    gone = {
        kind: erased_among(
            kind,
            {raw.get(name) for raw in records for name, _ in references if _an_id(raw.get(name))},
        )
        for kind in {kind for _, kind in references}
    }
    read = 0
    for raw in records:
        gid = raw.get("id")
        if not isinstance(gid, int) or isinstance(gid, bool) or gid < 1:
            sync.problems.append(f"a {singular(resource)} without a valid id: not read")
            continue
        if any(raw.get(name) in gone[kind] for name, kind in references if _an_id(raw.get(name))):
            read += 1
            erased[resource] += 1
            _forget(resource, gid)
            continue
        parent = raw.get(parent_field) if parent_field else None
        parent = parent if isinstance(parent, int) and not isinstance(parent, bool) else None
        stamp = raw.get("updated_at")
        updated_at = parse_datetime(stamp) if isinstance(stamp, str) else None
        existing = HarvestRecord.objects.filter(resource=resource, greenhouse_id=gid).first()
        read += 1
        if existing is not None and existing.data == raw:
            continue  # seen before (the high-water mark is inclusive)
        applied = resource in CHILDREN or resource in REFERENCE_ONLY
        HarvestRecord.objects.update_or_create(
            resource=resource,
            greenhouse_id=gid,
            defaults={
                "data": raw,
                "parent_id": parent,
                "updated_at": updated_at,
                "applied": applied,
                "problem": "",
            },
        )
        if (
            resource in SCORECARD_PARTS and parent is not None
        ):  # the scorecard is written again, joined
            HarvestRecord.objects.filter(resource="scorecards", greenhouse_id=parent).update(
                applied=False
            )
    return read


def _forget(resource: str, gid: int) -> None:
    """A record of an erased candidate: marked, if it is one of theirs, and not kept."""
    if resource in OWN_KIND:
        mark_erased(OWN_KIND[resource], [gid])
    HarvestRecord.objects.filter(resource=resource, greenhouse_id=gid).delete()
    if resource == "scorecards":
        HarvestRecord.objects.filter(resource__in=SCORECARD_PARTS, parent_id=gid).delete()


def _left_out(record: HarvestRecord, report: ImportReport, *, lock: int | None, **ids) -> bool:
    """Whether ``record`` is one of a candidate erased in Panelist (then forgotten and
    counted). ``lock``: the Panelist candidate the record would write to, locked first so that
    an erasure committing meanwhile is seen (the erasure locks the same row)."""
    if lock is not None:
        list(Candidate.objects.select_for_update().filter(pk=lock).values_list("pk"))
    if not is_erased(**ids):
        return False
    report.erased[record.resource] += 1
    _forget(record.resource, record.greenhouse_id)
    return True


def _candidate_of(application_pk: int | None) -> int | None:
    if application_pk is None:
        return None
    return (
        Application.objects.filter(pk=application_pk).values_list("candidate_id", flat=True).first()
    )


# --- apply --------------------------------------------------------------------------------


def _apply(ctx, sync: HarvestSync, report: ImportReport, updated: Counter, say) -> None:
    writers = {
        "jobs": _apply_job,
        "candidates": _apply_candidate,
        "applications": _apply_application,
        "scorecards": _apply_scorecard,
    }
    for resource, write in writers.items():
        pending = HarvestRecord.objects.filter(resource=resource, applied=False).order_by(
            "greenhouse_id"
        )
        done = 0
        for record in pending.iterator():
            try:
                with transaction.atomic():
                    write(ctx, record, report, updated, sync)
                    HarvestRecord.objects.filter(pk=record.pk).update(applied=True, problem="")
            except (RecordProblem, DatabaseError, ValueError) as error:
                problem = (
                    str(error)
                    if isinstance(error, RecordProblem)
                    else f"{singular(resource)} {record.greenhouse_id}: {error}"
                )
                HarvestRecord.objects.filter(pk=record.pk).update(problem=problem[:2000])
                sync.problems.append(problem)
            done += 1
        if done:
            say(f"Wrote {resource}: {done} record(s)")


def _valid(shape: type[BaseModel], resource: str, record: HarvestRecord):
    try:
        return shape.model_validate(record.data)
    except ValidationError as error:
        fields = "; ".join(
            f"field {'.'.join(str(p) for p in e['loc']) or '(record)'}: {e['msg']}"
            for e in error.errors(include_url=False)
        )
        raise RecordProblem(f"{singular(resource)} {record.greenhouse_id}, {fields}") from None


def _apply_job(ctx: _Context, record, report, updated, sync) -> None:
    job = _valid(v3.Job, "jobs", record)
    pk = _linked(LinkKind.JOB, job.id)
    if pk is not None:
        if Opening.objects.filter(pk=pk).exclude(title=job.name).update(title=job.name):
            updated["openings"] += 1
        return
    team, manager = opening_owner(ctx, report)
    opening = Opening.objects.create(
        title=job.name,
        team=team,
        hiring_manager=manager,
        target_level=ctx.level,
        library_version=ctx.version,
        description=f"Synced from Greenhouse (job {job.id}).",
    )
    _link(LinkKind.JOB, job.id, opening.pk)
    report.created["openings"] += 1


def _email(candidate: v3.Candidate) -> str:
    for address in candidate.email_addresses:
        if "@" in address.value:
            return address.value.strip()
    return ""


def _apply_candidate(ctx, record, report, updated, sync) -> None:
    person = _valid(v3.Candidate, "candidates", record)
    name, email = person.full_name[:200], _email(person)
    pk = _linked(LinkKind.CANDIDATE, person.id)
    if _left_out(record, report, lock=pk, candidate_id=person.id):
        return
    if pk is not None:
        changed = Candidate.objects.filter(pk=pk).exclude(name=name, email=email)
        if changed.exists():
            candidate = Candidate.objects.get(pk=pk)
            candidate.name, candidate.email = name, email
            candidate.version += 1
            candidate.save(update_fields=["name", "email", "version"])
            updated["candidates"] += 1
        return
    candidate = Candidate.objects.create(
        name=name, email=email, notes=f"Synced from Greenhouse (candidate id {person.id})."
    )
    _link(LinkKind.CANDIDATE, person.id, candidate.pk)
    report.created["candidates"] += 1


def _apply_application(ctx, record, report, updated, sync) -> None:
    application = _valid(v3.Application, "applications", record)
    candidate_pk = _linked(LinkKind.CANDIDATE, application.candidate_id)
    if _left_out(
        record,
        report,
        lock=candidate_pk,
        candidate_id=application.candidate_id,
        application_id=application.id,
    ):
        return
    if _linked(LinkKind.APPLICATION, application.id) is not None:
        return
    if candidate_pk is None:
        raise RecordProblem(
            f"application {application.id}, field candidate_id: candidate "
            f"{application.candidate_id} has not been synced"
        )
    opening_pk = _linked(LinkKind.JOB, application.job_id)
    if opening_pk is None:
        raise RecordProblem(
            f"application {application.id}, field job_id: job {application.job_id} "
            "has not been synced"
        )
    made, created = Application.objects.get_or_create(
        candidate_id=candidate_pk, opening_id=opening_pk, defaults={"stage": Stage.INTERVIEWING}
    )
    _link(LinkKind.APPLICATION, application.id, made.pk)
    report.created["applications"] += created


def _apply_scorecard(ctx: _Context, record, report, updated, sync) -> None:
    card = _valid(v3.Scorecard, "scorecards", record)
    if _left_out(
        record,
        report,
        lock=_candidate_of(_linked(LinkKind.APPLICATION, card.application_id)),
        candidate_id=card.candidate_id,
        application_id=card.application_id,
        scorecard_id=card.id,
    ):
        return
    if card.is_draft:
        sync.skipped.append(f"scorecard {card.id}: a draft, not submitted in Greenhouse")
        return
    joined = _joined(card)
    existing = _linked(LinkKind.SCORECARD, card.id)
    if existing is not None:
        _update_scorecard(ctx, existing, joined, report, updated)
        return
    if _linked(LinkKind.APPLICATION, card.application_id) is None:
        raise RecordProblem(
            f"scorecard {card.id}, field application_id: application {card.application_id} "
            "has not been synced"
        )
    _import_one(ctx, None, card.id, joined, report)


def _joined(card: v3.Scorecard) -> HarvestScorecard:
    """The v3 scorecard with its attribute ratings and answers, in the shape the v1 import
    writes from."""
    attributes = []
    children = list(HarvestRecord.objects.filter(parent_id=card.id).order_by("greenhouse_id"))
    ratings = [
        _valid(v3.ScorecardCandidateAttribute, "scorecard_candidate_attributes", row)
        for row in children
        if row.resource == "scorecard_candidate_attributes"
    ]
    names = {
        r.greenhouse_id: r.data
        for r in HarvestRecord.objects.filter(
            resource="candidate_attributes",
            greenhouse_id__in={r.candidate_attribute_id for r in ratings},
        )
    }
    for rating in ratings:
        named = names.get(rating.candidate_attribute_id)
        if named is None:
            raise RecordProblem(
                f"scorecard_candidate_attribute {rating.id}, field candidate_attribute_id: "
                f"no candidate attribute {rating.candidate_attribute_id} on the job"
            )
        attribute = v3.CandidateAttribute.model_validate(named)
        attributes.append(
            HarvestAttribute(
                name=attribute.name, type=attribute.type, note=rating.note, rating=rating.rating
            )
        )
    questions = [
        HarvestQuestion(id=a.id, question=a.question, answer=a.answer)
        for a in (
            _valid(v3.ScorecardQuestionAnswer, "scorecard_question_answers", row)
            for row in children
            if row.resource == "scorecard_question_answers"
        )
    ]
    user = HarvestRecord.objects.filter(resource="users", greenhouse_id=card.interviewer_id).first()
    interviewer = (
        HarvestUser.model_validate(v3.User.model_validate(user.data).model_dump())
        if user is not None
        else HarvestUser(id=card.interviewer_id)
    )
    return HarvestScorecard(
        id=card.id,
        candidate_id=card.candidate_id,
        application_id=card.application_id,
        interview=card.interview_name,
        interviewed_at=card.interviewed_at,
        submitted_at=card.submitted_at,
        interviewer=interviewer,
        overall_recommendation=card.candidate_rating or "no_decision",
        attributes=attributes,
        questions=questions,
    )


def _update_scorecard(ctx, pk: int, record: HarvestScorecard, report, updated) -> None:
    """An edit in Greenhouse to a scorecard synced before: its recommendation, ratings and
    summary follow; a recommendation that now maps to none leaves the card as it was."""
    recommendation = ctx.mapping.recommendations[record.overall_recommendation]
    if recommendation is None:
        return
    scorecard = Scorecard.objects.get(pk=pk)
    ratings, notes = scorecard_ratings(ctx, record, report)
    summary = _summary(record, notes)
    current = {
        r.question_id: (r.value, r.not_observed, r.evidence) for r in scorecard.ratings.all()
    }
    wanted = {pk: (v, n, e) for pk, (q, v, n, e) in ratings.items()}
    if (
        scorecard.recommendation == recommendation
        and scorecard.summary == summary
        and current == wanted
    ):
        return
    scorecard.recommendation, scorecard.summary = recommendation, summary
    scorecard.save(update_fields=["recommendation", "summary", "updated_at"])
    if current != wanted:
        scorecard.ratings.all().delete()
        Rating.objects.bulk_create(
            Rating(scorecard=scorecard, question=q, value=v, not_observed=n, evidence=e)
            for q, v, n, e in ratings.values()
        )
    updated["scorecards"] += 1


def last_sync() -> HarvestSync | None:
    return HarvestSync.objects.select_related("requested_by").first()


def sync_lines(sync: HarvestSync) -> list[str]:
    """The summary the command prints and the page shows."""
    lines = [f"Greenhouse sync {sync.pk}: {sync.get_status_display().lower()}."]
    if sync.error:
        lines.append(f"Stopped: {sync.error} The next sync resumes where this one stopped.")
    if sync.pulled:
        lines.append(
            "Read: " + ", ".join(f"{n} {resource}" for resource, n in sync.pulled.items()) + "."
        )
    made = ", ".join(f"{n} {kind}" for kind, n in sync.created.items()) or "nothing"
    if sync.status in (SyncStatus.SUCCEEDED, SyncStatus.PARTIAL):
        lines.append(f"Created: {made}.")
        if sync.updated:
            lines.append(
                "Updated: " + ", ".join(f"{n} {kind}" for kind, n in sync.updated.items()) + "."
            )
    lines += [f"Problem: {p}" for p in sync.problems]
    lines += [f"Skipped: {s}" for s in sync.skipped]
    return lines
