"""Loading a library file into the database as a new version."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import F

from panelist.audit import services as audit
from panelist.audit.models import EventKind
from panelist.library import models
from panelist.library.schema import LibrarySpec, parse_library

PARKED_RANK_OFFSET = 1000
DEFAULT_LIBRARY_PATH = Path(__file__).resolve().parent / "data" / "default_library.yaml"


@dataclass(frozen=True)
class LoadResult:
    version: models.LibraryVersion
    created: bool

    @property
    def summary(self) -> str:
        version = self.version
        counts = (
            f"{version.rubrics.count()} rubrics, "
            f"{models.RubricQuestion.objects.filter(rubric__version=version).count()} questions, "
            f"{version.expectations.count()} level expectations"
        )
        if self.created:
            return f"Loaded {version.source_name} as library version {version.number} ({counts})."
        return (
            f"{version.source_name} is unchanged since library version {version.number}; "
            "nothing loaded."
        )


def library_load(*, text: str, source_name: str, loaded_by=None) -> LoadResult:
    """Validate ``text`` and store it as the next library version.

    Identities (dimensions, formats, traits, tracks, levels) are updated in place by key; the
    rubric questions and level expectations are added under the new version, so nothing written
    against an earlier version changes. Loading the same text as the latest version again adds
    nothing. Raises ``InvalidLibrary`` when the file does not validate.
    """
    spec = parse_library(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with transaction.atomic():
        latest = models.LibraryVersion.objects.select_for_update().order_by("-number").first()
        if latest is not None and latest.source_sha256 == digest:
            _audit_load(loaded_by, latest, source_name, created=False)
            return LoadResult(version=latest, created=False)
        version = models.LibraryVersion.objects.create(
            number=(latest.number + 1) if latest else 1,
            name=spec.name,
            description=spec.description,
            source_name=source_name,
            source_sha256=digest,
            source_text=text,
            loaded_by=loaded_by,
        )
        _store(spec, version)
        _audit_load(loaded_by, version, source_name, created=True)
    return LoadResult(version=version, created=True)


def _audit_load(loaded_by, version: models.LibraryVersion, source_name: str, *, created: bool):
    audit.record(
        EventKind.LIBRARY_UPLOADED,
        loaded_by,
        target=version,
        file=source_name[:120],
        version=version.number,
        new_version=created,
    )


def library_load_default(*, loaded_by=None) -> LoadResult:
    return library_load(
        text=DEFAULT_LIBRARY_PATH.read_text(encoding="utf-8"),
        source_name=DEFAULT_LIBRARY_PATH.name,
        loaded_by=loaded_by,
    )


def _upsert(model, key: str, **fields):
    obj, _ = model.objects.update_or_create(key=key, defaults=fields)
    return obj


def _store(spec: LibrarySpec, version: models.LibraryVersion) -> None:
    dimensions = {
        d.key: _upsert(
            models.Dimension,
            d.key,
            name=d.name,
            description=d.description,
            assessed=d.assessed,
            order=order,
        )
        for order, d in enumerate(spec.dimensions)
    }
    formats = {}
    for order, f in enumerate(spec.formats):
        fmt = _upsert(
            models.InterviewFormat,
            f.key,
            name=f.name,
            description=f.description,
            duration_minutes=f.duration_minutes,
            order=order,
        )
        fmt.dimensions.set([dimensions[key] for key in f.dimensions])
        formats[f.key] = fmt
    for order, t in enumerate(spec.traits):
        _upsert(models.Trait, t.key, name=t.name, description=t.description, order=order)

    # Ranks may be reordered or levels renamed between versions: park the ranks of existing
    # levels out of the way first, so the (track, rank) uniqueness holds at every step.
    models.Level.objects.update(rank=F("rank") + PARKED_RANK_OFFSET)
    expectations = []
    seniority = 0
    for order, t in enumerate(spec.ladder.tracks):
        track = _upsert(models.Track, t.key, name=t.name, description=t.description, order=order)
        for rank, r in enumerate(t.ranks, start=1):
            seniority += 1
            level = _upsert(
                models.Level, r.key, name=r.name, track=track, rank=rank, seniority=seniority
            )
            for key, e in t.expectations.items():
                expectations.append(
                    models.LevelExpectation(
                        version=version,
                        level=level,
                        dimension=dimensions[key],
                        summary=e.summary,
                        text=e.text,
                        expected_rating=Decimal(str(e.expected_rating[rank - 1])),
                    )
                )
    models.LevelExpectation.objects.bulk_create(expectations)

    for r in spec.rubrics:
        rubric = models.Rubric.objects.create(
            version=version,
            dimension=dimensions[r.dimension],
            title=r.title,
            description=r.description,
            summary_prompt=r.summary_prompt or "",
        )
        for order, q in enumerate(r.questions):
            question = models.RubricQuestion.objects.create(
                rubric=rubric,
                key=q.key,
                order=order,
                prompt=q.prompt,
                guidance=q.guidance,
                strong_signal=q.strong_signal,
                flag_signal=q.flag_signal,
                anchor_1=q.anchors[1],
                anchor_2=q.anchors[2],
                anchor_3=q.anchors[3],
                anchor_4=q.anchors[4],
            )
            question.formats.set([formats[key] for key in q.formats])

    prompts = models.LearningPrompt.objects.bulk_create(
        models.LearningPrompt(
            version=version,
            key=p.key,
            order=order,
            prompt=p.prompt,
            follow_ups=p.follow_ups,
            listen_for=p.listen_for,
        )
        for order, p in enumerate(spec.learning_prompts)
    )
    models.LearningPrompt.formats.through.objects.bulk_create(
        models.LearningPrompt.formats.through(
            learningprompt_id=prompt.pk, interviewformat_id=formats[key].pk
        )
        for prompt, p in zip(prompts, spec.learning_prompts, strict=True)
        for key in p.formats
    )


def latest_version() -> models.LibraryVersion | None:
    return models.LibraryVersion.objects.order_by("-number").first()
