from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from panelist.access import permissions
from panelist.calibration import selectors, services
from panelist.calibration.models import Z90


@login_required
@require_GET
def interviewers(request: HttpRequest) -> HttpResponse:
    if not permissions.reads_calibration(request.user):
        raise Http404("No such page.")
    report = selectors.interviewer_report(page=request.GET.get("page", "1")[:9])
    return render(
        request,
        "calibration/interviewers.html",
        {
            "report": report,
            "chart": selectors.leniency_chart(report.run),
            "can_run": permissions.can_run_calibration(request.user),
            "min_ratings": selectors.MIN_RATINGS_TO_READ,
            "z90": Z90,
        },
    )


@login_required
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    if not permissions.can_run_calibration(request.user):
        raise Http404("No such page.")
    result = services.calibration_run(actor=request.user)
    fitted = result.fitted_count
    total = result.fits.count()
    messages.success(
        request,
        f"Calibration run on {result.scorecards} submitted scorecards: {fitted} of {total} "
        "targets fitted.",
    )
    return redirect("calibration-interviewers")
