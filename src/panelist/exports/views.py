from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from panelist.exports import services


def _encoded(pieces: Iterator[str]) -> Iterator[bytes]:
    for piece in pieces:
        if piece:
            yield piece.encode("utf-8")


def _download(pieces: Iterator[str], content_type: str, filename: str) -> StreamingHttpResponse:
    """Streamed: the rows are read chunk by chunk as the client downloads them (see
    ``exports.services``); the opening is authorised before the first byte (404 otherwise)."""
    response = StreamingHttpResponse(_encoded(pieces), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _filename(opening, extension: str) -> str:
    return f"panelist-opening-{opening.pk}-{slugify(opening.title)[:40]}.{extension}"


@login_required
@require_GET
def opening_csv(request: HttpRequest, opening_id: int) -> StreamingHttpResponse:
    opening = services.exported_opening(request.user, opening_id)
    export = services.opening_export_stream(request.user, opening, fmt="csv")
    return _download(
        services.csv_chunks(export.dimensions, export.records()),
        "text/csv; charset=utf-8",
        _filename(opening, "csv"),
    )


@login_required
@require_GET
def opening_json(request: HttpRequest, opening_id: int) -> StreamingHttpResponse:
    opening = services.exported_opening(request.user, opening_id)
    export = services.opening_export_stream(request.user, opening, fmt="json")
    return _download(
        services.json_chunks(export.head(), export.records()),
        "application/json",
        _filename(opening, "json"),
    )
