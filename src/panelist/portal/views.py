"""The candidate's page (``/c/<token>/...``, through ``candidate_link_required``) and, for the
people who run the pipeline, sending the link and fetching what the candidate sent."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from panelist.access import permissions
from panelist.access.permissions import applications_visible_to, get_visible_or_404
from panelist.core.errors import DomainError, NotAllowed
from panelist.notifications import calendar
from panelist.portal import links, selectors, services
from panelist.portal.forms import CODE_LINK_FIELDS, FileForm, LinkCreateForm, MaterialsForm
from panelist.portal.links import candidate_link_required
from panelist.portal.models import CandidateLink, FileKind

# --- the candidate's side ------------------------------------------------------------------


def _materials_initial(application) -> dict:
    candidate = application.candidate
    initial = {
        "seminar_title": candidate.seminar_title,
        "seminar_abstract": candidate.seminar_abstract,
    }
    for name, link in zip(CODE_LINK_FIELDS, application.code_links.all(), strict=False):
        initial[name] = link.url
    return initial


def _portal_page(
    request, application, *, materials_form=None, file_form=None, file_refusal="", status=200
):
    from panelist.privacy.selectors import privacy_of

    return render(
        request,
        "portal/home.html",
        {
            "application": application,
            "token": request.candidate_token,
            "link": request.candidate_link,
            "steps": selectors.process_steps(application),
            "interviews": selectors.interviews_of(application),
            "materials_form": materials_form
            or MaterialsForm(initial=_materials_initial(application)),
            "file_form": file_form or FileForm(),
            "file_refusal": file_refusal,
            "code_links": list(application.code_links.all()),
            "files": list(application.candidate_files.all()),
            "max_file_mb": settings.PANELIST_PORTAL_MAX_FILE_MB,
            "privacy": privacy_of(application.candidate),
            "organisation": settings.PANELIST_ORGANISATION_NAME,
        },
        status=status,
    )


@candidate_link_required
@require_GET
def portal_home(request: HttpRequest, application) -> HttpResponse:
    return _portal_page(request, application)


@candidate_link_required
@require_POST
def portal_materials(request: HttpRequest, application) -> HttpResponse:
    form = MaterialsForm(request.POST)
    if not form.is_valid():
        return _portal_page(request, application, materials_form=form, status=422)
    try:
        services.materials_submit(
            application=application,
            code_links=form.code_links(),
            seminar_title=form.cleaned_data["seminar_title"],
            seminar_abstract=form.cleaned_data["seminar_abstract"],
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _portal_page(request, application, materials_form=form, status=422)
    messages.success(request, "Thank you: your links and seminar are saved.")
    return redirect("portal-home", request.candidate_token)


@candidate_link_required
@require_POST
def portal_file_upload(request: HttpRequest, application) -> HttpResponse:
    limit = settings.PANELIST_PORTAL_UPLOADS_PER_HOUR
    if not links.attempt_allowed(request.candidate_link, "upload", limit):
        refusal = (
            f"You have tried to send {limit} files in the last hour, the most we accept; "
            "please wait an hour before trying again."
        )
        return _portal_page(request, application, file_refusal=refusal, status=429)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _portal_page(request, application, file_form=form, status=422)
    try:
        stored = services.file_upload(
            application=application,
            kind=FileKind(form.cleaned_data["kind"]),
            upload=form.cleaned_data["file"],
        )
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return _portal_page(request, application, file_form=form, status=422)
    messages.success(request, f"Thank you: your {stored.get_kind_display().lower()} has arrived.")
    return redirect("portal-home", request.candidate_token)


@candidate_link_required
@require_GET
def portal_interview_ics(request: HttpRequest, application, assignment_id: int) -> HttpResponse:
    interview = selectors.interview_of(application, assignment_id)
    if interview is None or interview.scheduled_at is None:
        raise Http404("No such scheduled interview.")
    host = settings.PANELIST_BASE_URL.split("//", 1)[-1].split("/", 1)[0] or "panelist"
    body = calendar.candidate_interview(
        uid=f"panelist-candidate-interview-{assignment_id}@{host}",
        title=f"{interview.format_name} ({settings.PANELIST_ORGANISATION_NAME})",
        start=interview.scheduled_at,
        minutes=interview.duration_minutes,
        location=interview.location,
        description=f"With {interview.member_name}, {interview.member_role}. "
        f"{interview.format_description}",
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{assignment_id}.ics"'
    return response


# --- for the people who run the pipeline ---------------------------------------------------


def _sendable_application(request, application_id: int):
    application = get_visible_or_404(
        applications_visible_to(request.user).select_related("candidate", "opening"),
        pk=application_id,
    )
    if not permissions.can_send_candidate_link(request.user, application):
        raise Http404("Only those who run the candidate's pipeline send links.")
    return application


@login_required
@require_POST
def candidate_link_create(request: HttpRequest, application_id: int) -> HttpResponse:
    """Make a link and show it once (only its digest is kept)."""
    application = _sendable_application(request, application_id)
    form = LinkCreateForm(request.POST)
    form.is_valid()
    try:
        link, token = links.link_create(actor=request.user, application=application)
    except NotAllowed as refusal:
        messages.error(request, refusal.message)
        return redirect("application-detail", application.pk)
    url = links.link_url(token)
    emailed = bool(form.cleaned_data.get("email_candidate")) and links.link_email(
        actor=request.user, link=link, token=token
    )
    response = render(
        request,
        "portal/link_created.html",
        {"application": application, "link": link, "url": url, "emailed": emailed},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def candidate_link_revoke(request: HttpRequest, link_id: int) -> HttpResponse:
    link = get_visible_or_404(
        CandidateLink.objects.filter(application__in=applications_visible_to(request.user)),
        pk=link_id,
    )
    _sendable_application(request, link.application_id)
    if links.link_revoke(actor=request.user, link=link):
        messages.success(request, "The link is revoked: it no longer opens the page.")
    return redirect("application-detail", link.application_id)


@login_required
@require_GET
def candidate_file_download(request: HttpRequest, file_id: int) -> FileResponse:
    """A file the candidate sent, to those the permission layer lets read it; 404 otherwise."""
    stored = get_visible_or_404(permissions.candidate_files_visible_to(request.user), pk=file_id)
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
