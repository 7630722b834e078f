from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from panelist.library import selectors
from panelist.library.models import LibraryVersion


def _version(request: HttpRequest) -> LibraryVersion:
    versions = LibraryVersion.objects.order_by("-number")
    raw = request.GET.get("version", "")
    if raw:
        if not raw.isdigit():
            raise Http404("Library versions are numbered 1, 2, 3 ...")
        version = versions.filter(number=int(raw)).first()
    else:
        version = versions.first()
    if version is None:
        raise Http404("No library is loaded yet; an admin runs `panelist rubric load`.")
    return version


@login_required
@require_GET
def ladder(request: HttpRequest) -> HttpResponse:
    version = _version(request)
    tracks, rows = selectors.ladder_table(version)
    return render(
        request,
        "library/ladder.html",
        {"version": version, "tracks": tracks, "rows": rows, "versions": _all_versions()},
    )


@login_required
@require_GET
def rubrics(request: HttpRequest) -> HttpResponse:
    version = _version(request)
    return render(
        request,
        "library/rubrics.html",
        {
            "version": version,
            "rubrics": selectors.rubrics_of(version),
            "learning_prompts": version.learning_prompts.order_by("order"),
            "versions": _all_versions(),
        },
    )


def _all_versions():
    return LibraryVersion.objects.order_by("-number").only("number", "name", "loaded_at")
