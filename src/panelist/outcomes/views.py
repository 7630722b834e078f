"""Thin pages over the outcomes services: hires, their start dates and reviews, validity."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from panelist.access import permissions
from panelist.core.errors import DomainError
from panelist.outcomes import selectors, services
from panelist.outcomes.forms import HireStartForm, ReviewForm
from panelist.outcomes.models import Period


@login_required
@require_GET
def hires(request: HttpRequest) -> HttpResponse:
    if not permissions.reads_hires(request.user):
        raise Http404("No such page.")
    page, rows = selectors.hires_page(request.user, request.GET.get("page", "1")[:9])
    return render(
        request,
        "outcomes/hires.html",
        {
            "page": page,
            "rows": rows,
            "today": timezone.localdate(),
            "start_form": HireStartForm(),
        },
    )


@login_required
@require_POST
def hire_start(request: HttpRequest, decision_id: int) -> HttpResponse:
    row = selectors.hire_or_404(request.user, decision_id)
    form = HireStartForm(request.POST)
    if form.is_valid():
        try:
            services.hire_start_record(
                actor=request.user,
                decision=row.decision,
                start_date=form.cleaned_data["start_date"],
            )
        except DomainError as error:
            messages.error(request, f"{row.application.candidate.name}: {error.message}")
        else:
            messages.success(request, f"Start date of {row.application.candidate.name} recorded.")
    else:
        messages.error(
            request,
            f"{row.application.candidate.name}: {form.errors['start_date'][0]}",
        )
    return redirect("outcomes-hires")


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, decision_id: int, period: int) -> HttpResponse:
    """The review form once it is due; the review as written once it is in."""
    row = selectors.hire_or_404(request.user, decision_id)
    if period not in Period.values or row.start is None:
        raise Http404("No such review.")
    state = next(state for state in row.periods if state.period == period)
    dimensions = selectors.review_form_dimensions(row)
    context = {"row": row, "state": state, "dimensions": dimensions}
    if state.review is not None:
        if request.method == "POST":
            messages.error(request, f"The {period}-month review has already been written.")
            return redirect("outcomes-review", decision_id, period)
        context["written"] = list(
            state.review.dimensions.select_related("dimension").order_by("dimension__order")
        )
        return render(request, "outcomes/review.html", context)
    may_write = permissions.can_review_hire(request.user, row.application)
    today = timezone.localdate()
    form = ReviewForm(request.POST or None, dimensions=dimensions)
    if request.method == "POST":
        if not may_write:
            raise Http404("Only the opening's hiring manager reviews the hire.")
        if not state.is_open(today):
            messages.error(request, f"The {period}-month review opens on {state.due:%d %B %Y}.")
            return redirect("outcomes-review", decision_id, period)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.review_submit(
                    actor=request.user,
                    hire=row.start,
                    period=period,
                    dimensions={
                        item.dimension.pk: services.DimensionInput(
                            rating=data[f"dimension-{item.dimension.pk}-rating"],
                            evidence=data[f"dimension-{item.dimension.pk}-evidence"],
                        )
                        for item in dimensions
                    },
                    would_hire_again=form.yes_no("would_hire_again"),
                    still_in_role=form.yes_no("still_in_role"),
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    f"{Period(period).label} of {row.application.candidate.name} recorded.",
                )
                return redirect("outcomes-hires")
    context.update(form=form, may_write=may_write, open=state.is_open(today))
    return render(request, "outcomes/review.html", context, status=422 if form.is_bound else 200)


@login_required
@require_GET
def validity(request: HttpRequest) -> HttpResponse:
    if not permissions.reads_hires(request.user):
        raise Http404("No such page.")
    report = selectors.validity_report(
        request.user, interviewer_page=request.GET.get("page", "1")[:9]
    )
    return render(request, "outcomes/validity.html", {"report": report})
