"""Data rights: the candidate's own buttons (behind ``candidate_link_required``) and the
admin's pages for one candidate and for what retention will anonymise."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from panelist.access import permissions
from panelist.core.errors import DomainError
from panelist.core.paging import page_of
from panelist.hiring.models import Candidate
from panelist.portal import links
from panelist.privacy import selectors, services
from panelist.privacy.forms import AdminEraseForm, CandidateEraseForm, ConsentForm, LegalHoldForm

COPY_ATTEMPTS_PER_HOUR = 5


def _zip_response(body: bytes, candidate_id: int) -> HttpResponse:
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="candidate-{candidate_id}-data.zip"'
    response["Cache-Control"] = "no-store"
    return response


# --- the candidate's own buttons ------------------------------------------------------------


@links.candidate_link_required
@require_POST
def portal_copy(request: HttpRequest, application) -> HttpResponse:
    """The candidate downloads their copy at once (a few times an hour at most)."""
    if not links.attempt_allowed(request.candidate_link, "copy", COPY_ATTEMPTS_PER_HOUR):
        messages.error(request, "You asked for your copy several times this hour; try later.")
        return redirect("portal-home", request.candidate_token)
    body = services.data_copy(candidate=application.candidate)
    return _zip_response(body, application.candidate_id)


@links.candidate_link_required
@require_POST
def portal_consent(request: HttpRequest, application) -> HttpResponse:
    form = ConsentForm(request.POST)
    form.is_valid()
    consent = form.cleaned_data.get("consent", False)
    services.talent_pool_consent(candidate=application.candidate, consent=consent)
    messages.success(
        request,
        "Thank you: we keep your data for later openings."
        if consent
        else "Noted: your data follows the usual retention period.",
    )
    return redirect("portal-home", request.candidate_token)


@links.candidate_link_required
@require_POST
def portal_erase(request: HttpRequest, application) -> HttpResponse:
    form = CandidateEraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Tick the box to confirm that you want your data erased.")
        return redirect("portal-home", request.candidate_token)
    try:
        services.candidate_erase(
            candidate=application.candidate, reason=services.ErasureReason.CANDIDATE_REQUEST
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("portal-home", request.candidate_token)
    return render(
        request,
        "portal/erased.html",
        {"organisation": settings.PANELIST_ORGANISATION_NAME},
    )


# --- admins ---------------------------------------------------------------------------------


def _admin_only(request) -> None:
    if not permissions.can_manage_candidate_privacy(request.user):
        raise Http404("Only admins manage candidates' data rights.")


@login_required
@require_http_methods(["GET", "POST"])
def candidate_privacy(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """One candidate's data rights: the legal hold, the copy and the erasure."""
    _admin_only(request)
    candidate = permissions.get_visible_or_404(Candidate.objects.all(), pk=candidate_id)
    privacy = selectors.privacy_of(candidate)
    hold_form = LegalHoldForm(
        initial={"hold": privacy.legal_hold, "reason": privacy.legal_hold_reason}
    )
    erase_form = AdminEraseForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "hold":
            hold_form = LegalHoldForm(request.POST)
            if hold_form.is_valid():
                try:
                    services.legal_hold_set(
                        actor=request.user,
                        candidate=candidate,
                        hold=hold_form.cleaned_data["hold"],
                        reason=hold_form.cleaned_data["reason"],
                    )
                except DomainError as error:
                    hold_form.add_error(error.field, error.message)
                else:
                    messages.success(request, "Legal hold saved.")
                    return redirect("privacy-candidate", candidate.pk)
        elif action == "erase":
            erase_form = AdminEraseForm(request.POST)
            if erase_form.is_valid():
                full = erase_form.cleaned_data["full"]
                services.candidate_erase(
                    candidate=candidate,
                    reason=erase_form.cleaned_data["reason"],
                    actor=request.user,
                    full=full,
                )
                messages.success(request, f"Candidate {candidate_id} is erased.")
                if full:
                    return redirect("privacy-retention")
                return redirect("privacy-candidate", candidate_id)
        else:
            raise Http404("No such action.")
        status = 422
    return render(
        request,
        "privacy/candidate.html",
        {
            "candidate": candidate,
            "privacy": privacy,
            "hold_form": hold_form,
            "erase_form": erase_form,
            "applications": candidate.applications.select_related("opening"),
        },
        status=status,
    )


@login_required
@require_POST
def candidate_copy(request: HttpRequest, candidate_id: int) -> HttpResponse:
    _admin_only(request)
    candidate = permissions.get_visible_or_404(Candidate.objects.all(), pk=candidate_id)
    return _zip_response(services.data_copy(candidate=candidate, actor=request.user), candidate.pk)


@login_required
@require_GET
def retention_preview(request: HttpRequest) -> HttpResponse:
    """What the daily retention task will anonymise in the next 30 days, soonest first."""
    _admin_only(request)
    now = timezone.now()
    page = page_of(selectors.preview(now), request.GET.get("page"))
    return render(
        request,
        "privacy/retention.html",
        {"page": page, "now": now, "days": selectors.PREVIEW_DAYS},
    )
