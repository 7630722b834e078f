"""What the candidate sends: links and seminar, PDF files checked by content, and who may
fetch the files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from panelist.portal.models import CandidateFile, CodeLink
from tests import factories
from tests.privacy.planting import pdf_bytes

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def _send(client, token, content: bytes, name="slides.pdf", kind="slides"):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(f"/c/{token}/files/", {"kind": kind, "file": upload})


def test_the_candidate_sends_code_links_and_the_seminar(client, process, token):
    response = client.post(
        f"/c/{token}/materials/",
        {
            "code_link_1": "https://github.com/ada/solver",
            "code_link_2": "https://github.com/ada/plots/pull/3",
            "seminar_title": "Gaussian processes for assays",
            "seminar_abstract": "What we found.",
        },
    )
    assert response.status_code == 302
    assert [link.url for link in CodeLink.objects.all()] == [
        "https://github.com/ada/solver",
        "https://github.com/ada/plots/pull/3",
    ]
    candidate = process.application.candidate
    candidate.refresh_from_db()
    assert candidate.seminar_title == "Gaussian processes for assays"


def test_a_bad_code_link_is_refused_on_its_field(client, process, token):
    response = client.post(f"/c/{token}/materials/", {"code_link_1": "not a link at all"})
    assert response.status_code == 422
    assert response.context["materials_form"].errors["code_link_1"]
    assert not CodeLink.objects.exists()


def test_a_pdf_arrives(client, process, token):
    response = _send(client, token, pdf_bytes("hello"))
    assert response.status_code == 302
    stored = CandidateFile.objects.get()
    assert stored.content_type == "application/pdf"
    assert stored.original_name == "slides.pdf"
    assert "slides" not in stored.file.name  # stored under a random name


def test_an_executable_renamed_pdf_is_refused(client, process, token):
    response = _send(client, token, EXE, name="slides.pdf")
    assert response.status_code == 422
    assert "not a PDF by its content" in response.context["file_form"].errors["file"][0]
    assert not CandidateFile.objects.exists()


def test_a_file_over_the_limit_is_refused(client, settings, process, token):
    response = _send(client, token, pdf_bytes(size=25 * 1024 * 1024))
    assert response.status_code == 422
    assert "at most 20 MB" in response.context["file_form"].errors["file"][0]
    assert not CandidateFile.objects.exists()


def test_the_limit_is_configurable(client, settings, process, token):
    settings.PANELIST_PORTAL_MAX_FILE_MB = 1
    assert _send(client, token, pdf_bytes(size=2 * 1024 * 1024)).status_code == 422
    assert _send(client, token, pdf_bytes(size=500_000)).status_code == 302


def test_too_many_attempts_are_refused(client, settings, process, token):
    settings.PANELIST_PORTAL_UPLOADS_PER_HOUR = 2
    assert _send(client, token, EXE).status_code == 422
    assert _send(client, token, EXE).status_code == 422
    response = _send(client, token, pdf_bytes())
    assert response.status_code == 429
    assert "wait an hour" in response.content.decode()
    assert not CandidateFile.objects.exists()


@pytest.fixture
def files(client, process, token, seminar_assignment):
    _send(client, token, pdf_bytes("slides"), name="talk.pdf", kind="slides")
    _send(client, token, pdf_bytes("cv"), name="cv.pdf", kind="cv")
    client.post(f"/c/{token}/materials/", {"code_link_1": "https://github.com/ada/solver"})
    return {f.kind: f for f in CandidateFile.objects.all()}


def _fetch(user, stored) -> int:
    reader = Client()
    reader.force_login(user)
    response = reader.get(f"/candidates/files/{stored.pk}/")
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    return response.status_code


def test_members_see_what_they_need_on_their_kits(files, process, people, seminar_assignment):
    coder = Client()
    coder.force_login(people.member)
    kit = coder.get(f"/interviews/assignments/{process.assignment.pk}/kit/").content.decode()
    assert "https://github.com/ada/solver" in kit
    assert "talk.pdf" not in kit
    assert "cv.pdf" in kit

    speaker = Client()
    speaker.force_login(seminar_assignment.member)
    kit = speaker.get(f"/interviews/assignments/{seminar_assignment.pk}/kit/").content.decode()
    assert "talk.pdf" in kit
    assert "https://github.com/ada/solver" not in kit


def test_who_may_fetch_each_file(files, people, seminar_assignment):
    slides, cv = files["slides"], files["cv"]
    assert _fetch(seminar_assignment.member, slides) == 200
    assert _fetch(people.manager, slides) == 200
    assert _fetch(people.admin, slides) == 200
    assert _fetch(people.member, cv) == 200
    assert _fetch(people.member, slides) == 404  # the coding member does not need the talk


def test_the_recruiter_and_other_openings_cannot_fetch_files(files, people, library):
    other_member = factories.AssignmentFactory(
        application=factories.ApplicationFactory(), dimensions=["communication"]
    ).member
    for outsider in (people.recruiter, other_member, people.outsider, people.other_manager):
        for stored in files.values():
            assert _fetch(outsider, stored) == 404


def test_the_recruiter_sees_what_has_arrived(client, files, process, people):
    client.force_login(people.recruiter)
    page = client.get(f"/hiring/applications/{process.application.pk}/").content.decode()
    assert "talk.pdf" in page and "cv.pdf" in page
    assert "https://github.com/ada/solver" in page
    assert f"/candidates/files/{files['cv'].pk}/" not in page


def test_anonymous_file_requests_go_to_sign_in(files):
    response = Client().get(f"/candidates/files/{files['cv'].pk}/")
    assert response.status_code == 302


def test_the_application_page_links_each_file_only_for_readers_allowed_to_fetch_it(
    client, files, process, people
):
    """Whether a file is the reader's to download is asked of each file on the page, as the
    download itself asks it: the coding member gets the CV but not the talk."""
    slides, cv = f"/candidates/files/{files['slides'].pk}/", f"/candidates/files/{files['cv'].pk}/"
    page_url = f"/hiring/applications/{process.application.pk}/"
    client.force_login(people.member)
    page = client.get(page_url).content.decode()
    assert "talk.pdf" in page and cv in page and slides not in page
    client.force_login(people.manager)
    page = client.get(page_url).content.decode()
    assert cv in page and slides in page
