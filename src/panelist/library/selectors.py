"""Reads of the library: the ladder table and the rubrics of one version."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from panelist.library.models import (
    Dimension,
    LevelExpectation,
    LibraryVersion,
    Rubric,
    RubricQuestion,
    Track,
)


@dataclass(frozen=True)
class LadderRow:
    dimension: Dimension
    cells: list[list[LevelExpectation]]  # one list per track, one expectation per rank


def ladder_table(version: LibraryVersion) -> tuple[list[Track], list[LadderRow]]:
    """Dimensions down, tracks across, each cell the track's ranks on that dimension."""
    tracks = list(Track.objects.prefetch_related("levels").order_by("order"))
    expectations = LevelExpectation.objects.filter(version=version).select_related(
        "level", "dimension"
    )
    cell: dict[tuple[int, int], list[LevelExpectation]] = {}
    dimensions: dict[int, Dimension] = {}
    for expectation in expectations:
        dimensions[expectation.dimension_id] = expectation.dimension
        cell.setdefault((expectation.dimension_id, expectation.level.track_id), []).append(
            expectation
        )
    rows = [
        LadderRow(
            dimension=dimension,
            cells=[
                sorted(cell.get((dimension.pk, track.pk), []), key=lambda e: e.level.rank)
                for track in tracks
            ],
        )
        for dimension in sorted(dimensions.values(), key=lambda d: d.order)
    ]
    return tracks, rows


def rubrics_of(version: LibraryVersion) -> list[Rubric]:
    questions = RubricQuestion.objects.prefetch_related("formats").order_by("order")
    return list(
        Rubric.objects.filter(version=version)
        .select_related("dimension")
        .prefetch_related(Prefetch("questions", queryset=questions))
        .order_by("dimension__order")
    )
