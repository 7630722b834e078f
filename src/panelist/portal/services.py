"""What a candidate sends through their link: code links, the seminar, files."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from panelist.core.errors import DomainError
from panelist.portal.materials import sniffed_type
from panelist.portal.models import CandidateFile, CodeLink, FileKind

MAX_CODE_LINKS = 5
SNIFF_BYTES = 8


def max_file_bytes() -> int:
    return settings.PANELIST_PORTAL_MAX_FILE_MB * 1024 * 1024


@transaction.atomic
def materials_submit(
    *, application, code_links: list[tuple[str, str]], seminar_title: str, seminar_abstract: str
) -> None:
    """Replace the application's code links and the seminar's title and abstract with what the
    candidate sent (all in one transaction)."""
    if len(code_links) > MAX_CODE_LINKS:
        raise DomainError(f"Send at most {MAX_CODE_LINKS} code links.", field="code_links")
    CodeLink.objects.filter(application=application).delete()
    now = timezone.now()
    CodeLink.objects.bulk_create(
        CodeLink(application=application, url=url, note=note, submitted_at=now)
        for url, note in code_links
    )
    candidate = application.candidate
    candidate.seminar_title = seminar_title
    candidate.seminar_abstract = seminar_abstract
    if code_links and not candidate.code_sample_url:
        candidate.code_sample_url = code_links[0][0]
    candidate.version += 1
    candidate.save(
        update_fields=["seminar_title", "seminar_abstract", "code_sample_url", "version"]
    )


def file_upload(*, application, kind: FileKind, upload: UploadedFile) -> CandidateFile:
    """Store one file the candidate sent, refusing what is too large, too many, or not of an
    allowed type by its content (the name and the browser's claimed type are not trusted)."""
    limit = max_file_bytes()
    if upload.size > limit:
        raise DomainError(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; files may be at most "
            f"{settings.PANELIST_PORTAL_MAX_FILE_MB} MB.",
            field="file",
        )
    if application.candidate_files.count() >= settings.PANELIST_PORTAL_MAX_FILES:
        raise DomainError(
            f"You have sent {settings.PANELIST_PORTAL_MAX_FILES} files, the most there is room "
            "for; ask your contact to remove one.",
            field="file",
        )
    upload.seek(0)
    sniffed = sniffed_type(upload.read(SNIFF_BYTES))
    upload.seek(0)
    if sniffed is None:
        allowed = ", ".join(name.upper() for name in settings.PANELIST_PORTAL_FILE_TYPES)
        raise DomainError(
            f"This file is not a {allowed} by its content, whatever its name says; "
            f"save it as {allowed} and send it again.",
            field="file",
        )
    _, content_type = sniffed
    stored = CandidateFile(
        application=application,
        kind=kind,
        original_name=(upload.name or "file")[-200:],
        size=upload.size,
        content_type=content_type,
    )
    stored.file.save("upload.pdf", upload, save=False)
    try:
        stored.save()
    except Exception:
        stored.file.delete(save=False)
        raise
    return stored
