"""The admins' Greenhouse page: the last sync's state and report, and a button to sync."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from panelist.access import permissions
from panelist.greenhouse import sync

SHOWN = 50  # problems and skipped records listed on the page; the rest are counted


@login_required
@require_GET
def status(request: HttpRequest) -> HttpResponse:
    if not permissions.can_sync_greenhouse(request.user):
        raise Http404("No such page.")
    last = sync.last_sync()
    return render(
        request,
        "greenhouse/sync.html",
        {
            "last": last,
            "pulled": [(r.replace("_", " "), n) for r, n in last.pulled.items()] if last else [],
            "problems": last.problems[:SHOWN] if last else [],
            "more_problems": max(0, len(last.problems) - SHOWN) if last else 0,
            "skipped": last.skipped[:SHOWN] if last else [],
            "more_skipped": max(0, len(last.skipped) - SHOWN) if last else 0,
            "configured": bool(
                settings.PANELIST_GREENHOUSE_CLIENT_ID and settings.PANELIST_GREENHOUSE_SECRET
            ),
            "base_url": settings.PANELIST_GREENHOUSE_BASE_URL,
        },
    )


@login_required
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    if not permissions.can_sync_greenhouse(request.user):
        raise Http404("No such page.")
    try:
        sync.sync_request(actor=request.user)
    except sync.SyncBusy as busy:
        messages.warning(request, str(busy))
    else:
        messages.success(
            request, "Greenhouse sync queued: the background worker runs it; reload for its state."
        )
    return redirect("greenhouse-sync")
