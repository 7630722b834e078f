from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from panelist.access import permissions
from panelist.hiring import selectors as hiring_selectors
from panelist.interviews import selectors as interview_selectors
from panelist.library.services import latest_version


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not; for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    managed = list(hiring_selectors.openings_managed_by(user))
    ready = hiring_selectors.ready_for_debrief_by_opening(o.pk for o in managed)
    for opening in managed:
        opening.ready_for_debrief = ready.get(opening.pk, 0)
    context = {
        "assignments": interview_selectors.assignments_of_member(user),
        "managed_openings": managed,
        "pipeline": (
            hiring_selectors.pipeline(user) if permissions.sees_whole_pipeline(user) else None
        ),
        "library_version": latest_version() if permissions.is_admin(user) else None,
        "can_open": permissions.can_open_openings(user),
        "can_add_candidates": permissions.can_manage_candidates(user),
    }
    return render(request, "core/home.html", context)
