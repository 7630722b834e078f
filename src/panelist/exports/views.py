from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from panelist.exports import services
from panelist.hiring.selectors import opening_detail


def _download(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _filename(opening, extension: str) -> str:
    return f"panelist-opening-{opening.pk}-{slugify(opening.title)[:40]}.{extension}"


@login_required
@require_GET
def opening_csv(request: HttpRequest, opening_id: int) -> HttpResponse:
    opening = opening_detail(request.user, opening_id)
    export = services.opening_export(request.user, opening)
    return _download(services.to_csv(export), "text/csv; charset=utf-8", _filename(opening, "csv"))


@login_required
@require_GET
def opening_json(request: HttpRequest, opening_id: int) -> HttpResponse:
    opening = opening_detail(request.user, opening_id)
    export = services.opening_export(request.user, opening)
    return _download(
        json.dumps(export, indent=2, ensure_ascii=False),
        "application/json",
        _filename(opening, "json"),
    )
