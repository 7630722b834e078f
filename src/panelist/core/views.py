from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from panelist.access import permissions
from panelist.access.permissions import applications_visible_to
from panelist.core import selectors as home_selectors
from panelist.hiring import selectors as hiring_selectors
from panelist.library.services import latest_version
from panelist.outcomes import selectors as outcome_selectors


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
    """Each role's work, what waits on them first; long lists a page at a time, and the whole
    pipeline on the applications list rather than here."""
    user = request.user
    runs_pipeline = permissions.sees_whole_pipeline(user)
    manages = permissions.is_hiring_manager(user)
    opens = permissions.can_open_openings(user)
    context = {
        "interviews": home_selectors.interviews_page(user, request.GET.get("interviews_page")),
        "managed_openings": (
            home_selectors.managed_openings_page(user, request.GET.get("openings_page"))
            if opens
            else None
        ),
        "needs_action": home_selectors.needs_action(user) if runs_pipeline else [],
        "needs_me": home_selectors.needs_me(user) if manages else None,
        "stage_counts": (
            hiring_selectors.stage_counts(applications_visible_to(user)) if runs_pipeline else None
        ),
        "library_version": latest_version() if permissions.is_admin(user) else None,
        "can_open": opens,
        "can_add_candidates": permissions.can_manage_candidates(user),
        "reviews_due": outcome_selectors.reviews_due(user) if manages else [],
    }
    return render(request, "core/home.html", context)
