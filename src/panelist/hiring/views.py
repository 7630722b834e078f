from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from panelist.access.permissions import applications_visible_to, get_visible_or_404
from panelist.hiring import selectors
from panelist.hiring.models import Stage
from panelist.interviews.selectors import scorecards_of_application


@login_required
@require_GET
def opening_detail(request: HttpRequest, opening_id: int) -> HttpResponse:
    opening = selectors.opening_detail(request.user, opening_id)
    by_stage = {stage: [] for stage in Stage}
    for application in opening.visible_applications:
        by_stage[Stage(application.stage)].append(application)
    return render(request, "hiring/opening_detail.html", {"opening": opening, "by_stage": by_stage})


@login_required
@require_GET
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_visible_or_404(
        applications_visible_to(request.user).select_related(
            "candidate", "opening__team", "opening__target_level", "opening__hiring_manager"
        ),
        pk=application_id,
    )
    assignments = (
        application.assignments.select_related("member", "interview_format", "scorecard")
        .prefetch_related("dimensions")
        .order_by("scheduled_at", "id")
    )
    return render(
        request,
        "hiring/application_detail.html",
        {
            "application": application,
            "assignments": assignments,
            "scorecards": scorecards_of_application(request.user, application),
        },
    )
