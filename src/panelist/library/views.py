from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from panelist.access import permissions
from panelist.library import selectors, services
from panelist.library.models import LibraryVersion
from panelist.library.schema import InvalidLibrary

MAX_LIBRARY_BYTES = 1024 * 1024


def _version(request: HttpRequest) -> LibraryVersion:
    versions = LibraryVersion.objects.order_by("-number")
    raw = request.GET.get("version", "")
    if raw:
        if not raw.isdigit():
            raise Http404("Library versions are numbered 1, 2, 3 ...")
        version = versions.filter(number=int(raw)).first()
    else:
        version = versions.first()
    if version is None:
        raise Http404("No library is loaded yet; an admin runs `panelist rubric load`.")
    return version


@login_required
@require_GET
def ladder(request: HttpRequest) -> HttpResponse:
    version = _version(request)
    tracks, rows = selectors.ladder_table(version)
    return render(
        request,
        "library/ladder.html",
        {"version": version, "tracks": tracks, "rows": rows, "versions": _all_versions()},
    )


@login_required
@require_GET
def rubrics(request: HttpRequest) -> HttpResponse:
    version = _version(request)
    return render(
        request,
        "library/rubrics.html",
        {
            "version": version,
            "rubrics": selectors.rubrics_of(version),
            "learning_prompts": version.learning_prompts.order_by("order"),
            "versions": _all_versions(),
        },
    )


def _all_versions():
    return LibraryVersion.objects.order_by("-number").only("number", "name", "loaded_at")


@login_required
@require_GET
def version_yaml(request: HttpRequest, number: int) -> HttpResponse:
    """The library file a version was loaded from, byte for byte."""
    version = LibraryVersion.objects.filter(number=number).first()
    if version is None:
        raise Http404("No such library version.")
    response = HttpResponse(version.source_text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="panelist-library-v{number}.yaml"'
    return response


class LibraryUploadForm(forms.Form):
    file = forms.FileField(
        label="Library file (YAML)",
        help_text="Start from a version's YAML (download it above), edit, and upload. "
        f"At most {MAX_LIBRARY_BYTES // 1024} KB.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if not permissions.can_configure_library(request.user):
        raise Http404("No such page.")
    errors: list = []
    if _declared_size(request) > MAX_LIBRARY_BYTES + 64 * 1024:  # the file plus the form
        context = {
            "form": LibraryUploadForm(),
            "errors": [],
            "refusal": f"The upload is larger than {MAX_LIBRARY_BYTES // 1024} KB; nothing "
            "was read.",
            "versions": _all_versions(),
        }
        return render(request, "library/upload.html", context, status=413)
    form = LibraryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        text = _read_upload(upload, form)
        if text is not None:
            try:
                result = services.library_load(
                    text=text, source_name=upload.name, loaded_by=request.user
                )
            except InvalidLibrary as invalid:
                errors = invalid.errors
            else:
                messages.success(request, result.summary)
                return redirect(f"{reverse('library-rubrics')}?version={result.version.number}")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "library/upload.html",
        {"form": form, "errors": errors, "versions": _all_versions()},
        status=status,
    )


def _declared_size(request) -> int:
    """The body's declared length, read before Django stores any uploaded file."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _read_upload(upload, form) -> str | None:
    if upload.size > MAX_LIBRARY_BYTES:
        form.add_error(
            "file",
            f"The file is {upload.size // 1024} KB; the limit is {MAX_LIBRARY_BYTES // 1024} KB.",
        )
        return None
    try:
        return upload.read().decode("utf-8")
    except UnicodeDecodeError:
        form.add_error("file", "The file is not UTF-8 text; save it as UTF-8 and upload again.")
        return None
