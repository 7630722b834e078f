from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from panelist.access import permissions
from panelist.calibration.models import OVERALL
from panelist.calibration.selectors import calibrated_scores
from panelist.core.errors import DomainError
from panelist.decisions import selectors, services
from panelist.decisions.forms import CommitteeRecommendationForm, DecisionForm
from panelist.decisions.models import CommitteeRecommendation, Outcome
from panelist.hiring import selectors as hiring_selectors


def _debrief_context(request, application, recommendation_form=None):
    """Everything the debrief and decision pages show, each thing read once: the reader's
    reach, the dimensions, the scorecards (whose aggregates are the decision support's
    evidence and whose flags its leadership reading) and the calibration."""
    user = request.user
    reach = permissions.scorecard_reach(user, [application.pk])[application.pk]
    try:
        committee = application.committee_recommendation
    except CommitteeRecommendation.DoesNotExist:
        committee = None
    committee_hidden = reach.blind
    if committee_hidden:
        committee = None
    can_record = permissions.can_record_committee_recommendation(user, application)
    if recommendation_form is None and can_record and not application.is_closed:
        recommendation_form = CommitteeRecommendationForm(
            initial={"recommendation": committee.recommendation, "notes": committee.notes}
            if committee
            else None
        )
    dimensions = selectors.assessed_dimensions(manager_id=application.opening.hiring_manager_id)
    grid = selectors.debriefs(
        user, [application.pk], reach={application.pk: reach}, dimensions=dimensions
    )[application.pk]
    # A level fit read from part of the scorecards would mislead: none unless the reader
    # reads every submitted scorecard.
    support = (
        selectors.decision_support(
            user,
            application,
            grid=grid,
            reach=reach,
            ctx=selectors.opening_context(
                application.opening, dimensions=dimensions, application=application
            ),
        )
        if grid.reads_content
        else None
    )
    calibration = calibrated_scores(
        user,
        [application.pk],
        readable={application.pk} if reach.content and reach.submitted else set(),
        submitted_at={application.pk: [row.scorecard.submitted_at for row in grid.rows]},
    )
    calibrated = calibration.of(application.pk)
    return {
        "application": application,
        "debrief": grid,
        "calibration": calibration,
        "calibration_stale": calibration.is_stale(application.pk),
        "calibrated_cells": [calibrated.get(d.key) for d in grid.dimensions],
        "calibrated_overall": calibrated.get(OVERALL),
        "committee": committee,
        "committee_hidden": committee_hidden,
        "still_blind": reach.blind,
        "show_committee_notes": permissions.reads_committee_notes(user, application, reach=reach),
        "recommendation_form": recommendation_form,
        "can_decide": permissions.can_decide(user, application),
        "support": support,
        "leadership": selectors.with_leadership(user, application, support, grid=grid)
        if support
        else None,
    }


@login_required
@require_GET
def debrief(request: HttpRequest, application_id: int) -> HttpResponse:
    application = hiring_selectors.application_detail(request.user, application_id)
    return render(request, "decisions/debrief.html", _debrief_context(request, application))


@login_required
@require_POST
def committee_recommend(request: HttpRequest, application_id: int) -> HttpResponse:
    application = hiring_selectors.application_detail(request.user, application_id)
    if not permissions.can_record_committee_recommendation(request.user, application):
        raise PermissionDenied("Only the opening's hiring manager records the recommendation.")
    form = CommitteeRecommendationForm(request.POST)
    if form.is_valid():
        try:
            services.committee_recommend(
                actor=request.user,
                application=application,
                recommendation=form.cleaned_data["recommendation"],
                notes=form.cleaned_data["notes"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Committee recommendation recorded.")
            return redirect("debrief", application.pk)
    return render(
        request, "decisions/debrief.html", _debrief_context(request, application, form), status=422
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, application_id: int) -> HttpResponse:
    """The decision form with nothing preselected, beside what the evidence says: the level
    fit, the gaps the manager will not coach and the flags, as the manager may read them."""
    application = hiring_selectors.application_detail(request.user, application_id)
    if not permissions.can_decide(request.user, application):
        raise Http404("Only the opening's hiring manager decides.")
    context = _debrief_context(request, application)
    support = context["support"]
    form = DecisionForm(
        request.POST or None, supported_level=support.fit.supported if support else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_record(
                actor=request.user,
                application=application,
                outcome=Outcome(data["outcome"]),
                level=data["level"],
                rationale=data["rationale"],
                confirm_above_supported_level=data["confirm_above_supported_level"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Decision recorded; the application is closed.")
            return redirect("application-detail", application.pk)
    context["form"] = form
    context["uncoached_gaps"] = (
        [(name, gap) for name, gap in support.gap_rows if not gap.coachable] if support else []
    )
    return render(request, "decisions/decide.html", context, status=422 if form.is_bound else 200)
