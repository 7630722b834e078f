"""The candidate's voluntary form, and the adverse-impact report for compliance."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from panelist.access import permissions
from panelist.audit import services as audit
from panelist.audit.models import EventKind
from panelist.core.errors import DomainError
from panelist.fairness import selectors, services
from panelist.fairness.forms import ReportScopeForm, SelfIdentificationForm, initial_answers_of
from panelist.fairness.models import Question

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@require_http_methods(["GET", "POST"])
def self_identify(request: HttpRequest, application) -> HttpResponse:
    """The candidate's voluntary self-identification, under their private link.

    ``application`` is the one the link opens (the candidate portal resolves and checks the
    token before calling this). The page shows the candidate their own answers to change or
    withdraw; nobody else ever sees them."""
    candidate = application.candidate
    questions = list(Question.objects.filter(active=True).prefetch_related("options"))
    if request.method == "POST":
        form = SelfIdentificationForm(request.POST, questions=questions)
        if form.is_valid():
            try:
                if request.POST.get("action") == "withdraw":
                    services.erase_for_candidate(candidate)
                    messages.success(request, "Your answers are erased.")
                else:
                    services.record_self_identification(
                        candidate=candidate, answers=form.cleaned_answers()
                    )
                    messages.success(request, "Thank you: your answers are saved.")
                return redirect(request.get_full_path())
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
        status = 422
    else:
        form = SelfIdentificationForm(
            questions=questions, initial_answers=initial_answers_of(candidate)
        )
        status = 200
    return render(
        request,
        "fairness/self_identify.html",
        {"form": form, "opening": application.opening},
        status=status,
    )


def _scope_or_none(request: HttpRequest):
    form = ReportScopeForm(request.GET or None)
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    scope = selectors.Scope(
        opening=data.get("opening"),
        team=data.get("team"),
        start=data.get("start"),
        end=data.get("end"),
    )
    return form, scope


def _authorised(request: HttpRequest) -> None:
    if not permissions.reads_fairness_report(request.user):
        raise Http404("No such page.")


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    _authorised(request)
    form, scope = _scope_or_none(request)
    result = selectors.adverse_impact_report(scope) if scope is not None else None
    return render(
        request,
        "fairness/report.html",
        {
            "form": form,
            "report": result,
            "query": request.GET.urlencode(),
            "printable": False,
        },
        status=200 if scope is not None else 422,
    )


@login_required
@require_GET
def report_print(request: HttpRequest) -> HttpResponse:
    _authorised(request)
    form, scope = _scope_or_none(request)
    if scope is None:
        return redirect(f"{_report_url()}?{request.GET.urlencode()}")
    return render(
        request,
        "fairness/report.html",
        {
            "form": form,
            "report": selectors.adverse_impact_report(scope),
            "query": request.GET.urlencode(),
            "printable": True,
            "printed_at": timezone.now(),
        },
    )


@login_required
@require_GET
def report_csv(request: HttpRequest) -> HttpResponse:
    _authorised(request)
    _form, scope = _scope_or_none(request)
    if scope is None:
        return redirect(f"{_report_url()}?{request.GET.urlencode()}")
    result = selectors.adverse_impact_report(scope)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in selectors.report_csv_rows(result):
        writer.writerow([_cell(value) for value in row])
    audit.record(
        EventKind.EXPORTED,
        request.user,
        request,
        target="adverse-impact report",
        format="csv",
        scope=scope.label,
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="adverse-impact-{stamp}.csv"'
    return response


def _cell(value):
    """Text a spreadsheet would run as a formula is quoted (group names are typed by people)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _report_url() -> str:
    return reverse("fairness-report")
