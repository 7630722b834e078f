"""In Chromium, as the candidate, with nothing but their link: the process, sending links and
a PDF, clean refusals (too large, not a PDF, too many attempts, an expired and a revoked
link), and the copy of their data. Each page fits a phone and passes axe-core."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from panelist.portal import links
from panelist.portal.models import CandidateFile, CandidateLink, CodeLink
from tests.browser.test_phone_and_a11y import _axe_source
from tests.privacy.planting import pdf_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def candidate_link(live_server, transactional_db, settings, tmp_path, process, people):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.PANELIST_PORTAL_UPLOADS_PER_HOUR = 4
    _, token = links.link_create(actor=people.recruiter, application=process.application)
    return f"{live_server.url}/c/{token}/"


def _accessible_on_a_phone(page, axe: str, shot) -> None:
    page.screenshot(path=str(shot.with_name(shot.stem + "-1280.png")), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(shot.with_name(shot.stem + "-390.png")), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.evaluate(axe)
    result = page.evaluate("async () => await window.axe.run(document)")
    assert [v["id"] for v in result["violations"]] == []
    page.set_viewport_size({"width": 1280, "height": 900})


def _send(page, path, kind="Seminar slides"):
    page.get_by_label("What it is").select_option(label=kind)
    page.get_by_label("File (PDF)").set_input_files(str(path))
    page.get_by_role("button", name="Send the file").click()


def test_the_candidate_follows_the_process_and_sends_materials(
    page, candidate_link, process, artifacts_dir, tmp_path
):
    axe = _axe_source()
    page.goto(candidate_link)
    expect(page.get_by_role("heading", level=1)).to_contain_text(process.application.candidate.name)
    steps = page.get_by_role("region", name="Where you stand")
    expect(steps).to_contain_text("you are here")
    expect(
        page.get_by_role("heading", name="Code review of the candidate's own code")
    ).to_be_visible()
    expect(page.get_by_text(str(process.assignment.member)).first).to_be_visible()
    _accessible_on_a_phone(page, axe, artifacts_dir / "candidate-page.png")

    page.get_by_label("Code link 1").fill("https://github.com/ada/solver")
    page.get_by_label("Seminar title").fill("Gaussian processes for assays")
    page.get_by_label("Seminar abstract").fill("The problem, the method, what we found.")
    page.get_by_role("button", name="Save links and seminar").click()
    expect(page.get_by_text("your links and seminar are saved")).to_be_visible()
    assert CodeLink.objects.get().url == "https://github.com/ada/solver"

    good = tmp_path / "talk.pdf"
    good.write_bytes(pdf_bytes("talk"))
    _send(page, good)
    expect(page.get_by_text("your seminar slides has arrived")).to_be_visible()
    expect(page.get_by_role("region", name="Your documents")).to_contain_text("talk.pdf")

    big = tmp_path / "big.pdf"
    big.write_bytes(pdf_bytes(size=25 * 1024 * 1024))
    _send(page, big)
    expect(page.get_by_text(re.compile("files may be at most 20 MB"))).to_be_visible()

    exe = tmp_path / "setup.pdf"
    exe.write_bytes(b"MZ\x90\x00" + b"\x00" * 4096)
    _send(page, exe)
    expect(page.get_by_text(re.compile("not a PDF by its content"))).to_be_visible()
    _accessible_on_a_phone(page, axe, artifacts_dir / "refused-file.png")

    _send(page, good, kind="CV")
    expect(page.get_by_text("your cv has arrived")).to_be_visible()
    _send(page, good, kind="Paper")
    expect(page.get_by_role("alert")).to_contain_text("wait an hour")
    assert CandidateFile.objects.count() == 2

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    archive = zipfile.ZipFile(download_info.value.path())
    data = json.loads(archive.read("data.json"))
    assert data["candidate"]["seminar_title"] == "Gaussian processes for assays"
    assert len(data["files"]) == 2


def test_expired_and_revoked_links_say_whom_to_contact(
    page, candidate_link, live_server, process, people, artifacts_dir
):
    axe = _axe_source()
    _, expired = links.link_create(
        actor=people.recruiter,
        application=process.application,
        days=1,
        now=timezone.now() - timedelta(days=2),
    )
    page.goto(f"{live_server.url}/c/{expired}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    expect(page.get_by_text("has expired")).to_be_visible()
    expect(page.get_by_role("link", name=people.recruiter.email)).to_be_visible()
    _accessible_on_a_phone(page, axe, artifacts_dir / "expired.png")

    links.link_revoke(actor=people.recruiter, link=CandidateLink.objects.order_by("created_at")[1])
    page.goto(candidate_link)
    expect(page.get_by_text("withdrawn by the people who run your application")).to_be_visible()
    expect(page.get_by_role("link", name=people.recruiter.email)).to_be_visible()
