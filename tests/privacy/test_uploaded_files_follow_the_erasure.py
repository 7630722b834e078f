"""Uploaded files leave storage only through the erasure, once it commits: an erasure that
rolls back keeps them, and the Django administration cannot delete a candidate who has an
application (so no file is ever orphaned by a cascade there)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from panelist.hiring.models import Candidate
from panelist.portal import services as portal_services
from panelist.portal.models import CandidateFile, FileKind
from panelist.privacy import erasers
from panelist.privacy.services import ErasureReason, candidate_erase
from tests.privacy.planting import pdf_bytes


def _upload(application) -> CandidateFile:
    stored = portal_services.file_upload(
        application=application,
        kind=FileKind.CV,
        upload=SimpleUploadedFile("cv.pdf", pdf_bytes("CV"), "application/pdf"),
    )
    assert _on_disk(stored)
    return stored


def _on_disk(stored: CandidateFile) -> bool:
    return stored.file.storage.exists(stored.file.name)


@pytest.mark.parametrize("full", [False, True], ids=["anonymised", "deleted"])
def test_an_erasure_removes_the_files_from_storage_once_committed(
    transactional_db, people, process, full
):
    stored = _upload(process.application)
    kept = _upload(process.foreign_application)
    candidate_erase(
        candidate=process.application.candidate,
        reason=ErasureReason.CANDIDATE_REQUEST,
        actor=people.admin,
        full=full,
    )
    assert not CandidateFile.objects.filter(pk=stored.pk).exists()
    assert not _on_disk(stored)
    assert _on_disk(kept)  # another candidate's file stays


def test_an_erasure_that_rolls_back_keeps_every_file(
    transactional_db, people, process, monkeypatch
):
    stored = _upload(process.application)

    def fails(erasure):
        raise RuntimeError("the database went away")

    # the files' eraser runs first, then this one fails: the whole erasure rolls back
    monkeypatch.setattr(erasers, "ERASERS", [*erasers.ERASERS[:-1], fails])
    with pytest.raises(RuntimeError):
        candidate_erase(
            candidate=process.application.candidate,
            reason=ErasureReason.CANDIDATE_REQUEST,
            actor=people.admin,
            full=True,
        )
    assert CandidateFile.objects.filter(pk=stored.pk).exists()
    assert _on_disk(stored)


def test_the_administration_refuses_to_delete_a_candidate_with_files(client, people, process):
    """Applications are read-only in the administration, so a candidate who has one (and
    files hang only from applications) cannot be deleted there, even by a superuser: their
    data goes through the Data rights page's erasure."""
    stored = _upload(process.application)
    candidate = process.application.candidate
    assert people.admin.is_superuser
    client.force_login(people.admin)
    url = reverse("admin:hiring_candidate_delete", args=[candidate.pk])

    page = client.get(url)
    assert b"application" in page.content and b"permission to delete" in page.content
    erase_instead = reverse("privacy-candidate", args=[candidate.pk])
    assert f'href="{erase_instead}"'.encode() in page.content
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:hiring_candidate_changelist")
    selected = {"action": "delete_selected", "_selected_action": [candidate.pk]}
    asked = client.post(changelist, selected)
    assert b"permission to delete" in asked.content
    assert f'href="{erase_instead}"'.encode() in asked.content
    refused = client.post(changelist, selected | {"post": "yes"})
    assert refused.status_code == 403
    assert Candidate.objects.filter(pk=candidate.pk).exists()
    assert CandidateFile.objects.filter(pk=stored.pk).exists() and _on_disk(stored)
