"""The candidate's own data rights from their page, and the admin's page for one candidate."""

from __future__ import annotations

import io
import json
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from panelist.audit.models import AuditEvent, EventKind
from panelist.hiring.models import Candidate
from panelist.portal.models import CandidateLink
from panelist.privacy.models import CandidatePrivacy
from tests.privacy.planting import COMMITTEE_MARKERS, pdf_bytes, plant_committee_work


def _copy(response) -> tuple[dict, zipfile.ZipFile]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return json.loads(archive.read("data.json")), archive


def test_the_candidate_downloads_a_copy_with_their_files(client, process, people, token):
    client.post(
        f"/c/{token}/files/",
        {"kind": "cv", "file": SimpleUploadedFile("cv.pdf", pdf_bytes("mine"))},
    )
    plant_committee_work(process.application, people.manager)
    response = client.post(f"/c/{token}/my-data.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    data, archive = _copy(response)
    assert data["candidate"]["email"] == process.application.candidate.email
    assert data["applications"][0]["opening"] == process.opening.title
    [stored] = data["files"]
    assert archive.read(stored["in_zip_as"]).startswith(b"%PDF-")
    text = json.dumps(data)
    assert not [m for m in COMMITTEE_MARKERS.values() if m in text]
    assert AuditEvent.objects.filter(kind=EventKind.CANDIDATE_COPY_PRODUCED).exists()


def test_the_copy_needs_a_post(client, process, token):
    assert client.get(f"/c/{token}/my-data.zip").status_code == 405


def test_an_admin_produces_the_copy_for_any_candidate(client, process, people):
    client.force_login(people.admin)
    response = client.post(f"/privacy/candidates/{process.application.candidate_id}/copy/")
    data, _ = _copy(response)
    assert data["candidate"]["name"] == process.application.candidate.name


def test_the_candidate_gives_and_withdraws_talent_pool_consent(client, process, token):
    client.post(f"/c/{token}/talent-pool/", {"consent": "on"})
    privacy = CandidatePrivacy.objects.get(candidate=process.application.candidate)
    assert privacy.talent_pool_consent_at is not None
    client.post(f"/c/{token}/talent-pool/", {})
    privacy.refresh_from_db()
    assert privacy.talent_pool_consent_at is None


def test_the_candidate_erases_their_data_and_the_link_closes(client, process, token):
    refused = client.post(f"/c/{token}/erase/", {})
    assert refused.status_code == 302
    assert CandidateLink.objects.exists()
    response = client.post(f"/c/{token}/erase/", {"confirm": "on"})
    assert response.status_code == 200
    assert b"Your data is erased" in response.content
    candidate = Candidate.objects.get(pk=process.application.candidate_id)
    assert candidate.name == f"Erased candidate {candidate.pk}"
    assert candidate.email == ""
    assert not CandidateLink.objects.exists()
    assert Client().get(f"/c/{token}/").status_code == 404


def test_the_admin_erases_with_a_required_reason(client, process, people):
    client.force_login(people.admin)
    url = f"/privacy/candidates/{process.application.candidate_id}/"
    refused = client.post(url, {"action": "erase"})
    assert refused.status_code == 422
    assert refused.context["erase_form"].errors["reason"]
    client.post(url, {"action": "erase", "reason": "legal_obligation"})
    candidate = Candidate.objects.get(pk=process.application.candidate_id)
    assert candidate.name.startswith("Erased candidate")
    event = AuditEvent.objects.get(kind=EventKind.CANDIDATE_ERASED)
    assert event.actor_id == people.admin.pk


def test_the_admin_sets_a_legal_hold(client, process, people):
    client.force_login(people.admin)
    url = f"/privacy/candidates/{process.application.candidate_id}/"
    refused = client.post(url, {"action": "hold", "hold": "on", "reason": ""})
    assert refused.status_code == 422
    client.post(url, {"action": "hold", "hold": "on", "reason": "Case 4711"})
    assert CandidatePrivacy.objects.get(candidate=process.application.candidate).legal_hold


def test_self_identification_is_in_the_candidates_own_copy_only(client, process, people, token):
    from panelist.fairness.models import Question
    from panelist.fairness.services import default_questions_ensure, record_self_identification

    default_questions_ensure()
    question = Question.objects.order_by("pk").first()
    option = question.options.first()
    record_self_identification(candidate=process.application.candidate, answers={question: option})
    own, _ = _copy(client.post(f"/c/{token}/my-data.zip"))
    assert own["self_identification"] == [{"question": question.label, "answer": option.label}]
    admin = Client()
    admin.force_login(people.admin)
    produced, _ = _copy(admin.post(f"/privacy/candidates/{process.application.candidate_id}/copy/"))
    assert "self_identification" not in produced
