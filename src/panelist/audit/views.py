from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from panelist.access import permissions
from panelist.audit import selectors
from panelist.audit.forms import EventFilterForm
from panelist.core.paging import page_of


@login_required
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first, 25 to a page, for admins; anyone else finds nothing here."""
    if not permissions.reads_audit_log(request.user):
        raise Http404("No such page.")
    form = EventFilterForm(request.GET or None)
    query = form.query()
    page = page_of(selectors.events_filtered(request.user, **query), request.GET.get("page"))
    return render(
        request,
        "audit/events.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(query),
            "retention_days": settings.PANELIST_AUDIT_RETENTION_DAYS,
        },
        status=422 if form.is_bound and form.errors else 200,
    )
