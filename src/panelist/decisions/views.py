from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from panelist.access import permissions
from panelist.calibration.models import OVERALL
from panelist.calibration.selectors import calibrated_scores
from panelist.core import stored
from panelist.core.errors import DomainError
from panelist.decisions import evaluation, selectors, services
from panelist.decisions.forms import (
    CommitteeRecommendationForm,
    DecisionForm,
    FinalEvaluationForm,
)
from panelist.decisions.models import CommitteeRecommendation, Outcome
from panelist.hiring import selectors as hiring_selectors


def _debrief_context(request, application, recommendation_form=None, *, calibration=True):
    """Everything the debrief and decision pages show, each thing read once: the reader's
    reach, the dimensions, the scorecards (whose aggregates are the decision support's
    evidence and whose flags its leadership reading) and, with ``calibration`` (the
    debrief's grid shows it; the decision page does not), the calibrated scores."""
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
    dimensions, expectations = selectors.dimensions_with_expectations(
        manager_id=application.opening.hiring_manager_id,
        version_id=application.opening.library_version_id,
    )
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
                application.opening,
                dimensions=dimensions,
                expectations=expectations,
                application=application,
            ),
        )
        if grid.reads_content
        else None
    )
    context = {}
    if calibration:
        calibrated_read = calibrated_scores(
            user,
            [application.pk],
            readable={application.pk} if reach.content and reach.submitted else set(),
            submitted_at={application.pk: [row.scorecard.submitted_at for row in grid.rows]},
        )
        calibrated = calibrated_read.of(application.pk)
        context = {
            "calibration": calibrated_read,
            "calibration_stale": calibrated_read.is_stale(application.pk),
            "calibrated_cells": [calibrated.get(d.key) for d in grid.dimensions],
            "calibrated_overall": calibrated.get(OVERALL),
        }
    return context | {
        "application": application,
        "debrief": grid,
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
    """Served from its stored rendering while nothing behind it has changed
    (``panelist.core.stored``): a committee reads it again and again around the meeting."""

    def body() -> str:
        application = hiring_selectors.application_detail(request.user, application_id)
        return _debrief_body(request, _debrief_context(request, application))

    return stored.page(
        request, "debrief", "decisions/debrief.html", body, application_id=application_id
    )


def _debrief_body(request, context) -> str:
    return render_to_string("decisions/_debrief_body.html", context, request)


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
    page = _debrief_body(request, _debrief_context(request, application, form))
    return render(request, "decisions/debrief.html", {"body": page}, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, application_id: int) -> HttpResponse:
    """The final evaluation, then the decision form with nothing preselected, beside what the
    evidence says: the level fit, the gaps nobody will coach and the flags, as the manager
    may read them.

    "Save the evaluation" records the four questions alone; "Record decision" records them
    and the decision together, in one transaction (a refused decision keeps neither)."""
    application = hiring_selectors.application_detail(request.user, application_id)
    if not permissions.can_decide(request.user, application):
        raise Http404("Only the opening's hiring manager decides.")
    context = _debrief_context(request, application, calibration=False)
    support = context["support"]
    passages = evaluation.evaluation_passages(context["debrief"]) if support else []
    current = evaluation.current_evaluations(
        [application.pk], passages={application.pk: passages}
    ).get(application.pk)
    posted = request.POST or None
    evaluation_form = FinalEvaluationForm(
        posted, passages=passages, initial=_evaluation_initial(current, support)
    )
    evaluate_only = request.method == "POST" and request.POST.get("action") == "evaluate"
    form = DecisionForm(
        None if evaluate_only else posted,
        supported_level=support.fit.supported if support else None,
    )
    if (
        request.method == "POST"
        and evaluation_form.is_valid()
        and (evaluate_only or form.is_valid())
    ):
        try:
            with transaction.atomic():
                if evaluate_only or _posts_evaluation(request, evaluation_form):
                    _record_evaluation(request, application, evaluation_form)
                if not evaluate_only:
                    data = form.cleaned_data
                    services.decision_record(
                        actor=request.user,
                        application=application,
                        outcome=Outcome(data["outcome"]),
                        level=data["level"],
                        rationale=data["rationale"],
                        confirm_above_supported_level=data["confirm_above_supported_level"],
                    )
        except DomainError as error:
            target = evaluation_form if error.field in evaluation_form.fields else form
            target.add_error(error.field if error.field in target.fields else None, error.message)
        else:
            if evaluate_only:
                messages.success(request, "Final evaluation saved; the outcome is still open.")
                return redirect("decide", application.pk)
            messages.success(request, "Final evaluation and decision recorded; closed.")
            return redirect("application-detail", application.pk)
    context["form"] = form
    context["evaluation_form"] = evaluation_form
    context["evaluation"] = current
    context["uncoached_gaps"] = (
        [(name, gap) for name, gap in support.gap_rows if not gap.coachable] if support else []
    )
    return render(
        request,
        "decisions/decide.html",
        context,
        status=422 if request.method == "POST" else 200,
    )


def _evaluation_initial(current, support) -> dict:
    """The current evaluation's answers, or questions 1 and 2 prefilled from support."""
    if current is not None:
        e = current.evaluation
        return {
            "coaching": e.coaching,
            "complement": e.complement,
            "collaboration": e.collaboration,
            "collaboration_concern": e.collaboration_concern,
            "concern_possible_cultural_difference": e.concern_possible_cultural_difference,
            "confidence": e.confidence,
            "q3_citations": [p.ref for p in current.citations.get(3, [])],
            "q4_citations": [p.ref for p in current.citations.get(4, [])],
        }
    return {
        "coaching": evaluation.prefill_coaching(support),
        "complement": evaluation.prefill_complement(support),
    }


def _posts_evaluation(request, form: FinalEvaluationForm) -> bool:
    """Whether the POST carries the evaluation: the page always does (questions 1 and 2 come
    prefilled); a client posting the decision alone records the decision alone."""
    return any(name in request.POST for name in form.fields)


def _record_evaluation(request, application, form: FinalEvaluationForm) -> None:
    data = form.cleaned_data
    services.final_evaluation_record(
        actor=request.user,
        application=application,
        coaching=data["coaching"],
        complement=data["complement"],
        collaboration=data["collaboration"],
        collaboration_concern=data["collaboration_concern"],
        concern_possible_cultural_difference=data["concern_possible_cultural_difference"],
        confidence=data["confidence"],
        citations=form.citations(),
    )
