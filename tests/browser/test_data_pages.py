"""In Chromium: a user creates, uses and revokes an API token; an admin uploads a library
file with errors and sees them by line."""

import re

import pytest
from playwright.sync_api import expect

from panelist.access.models import Role
from panelist.library.services import DEFAULT_LIBRARY_PATH
from tests import factories
from tests.browser.signing import sign_in

pytestmark = pytest.mark.browser


def test_a_token_is_shown_once_works_and_is_revoked(
    page, live_server, transactional_db, library, artifacts_dir
):
    factories.UserFactory(username="nora", role=Role.HIRING_MANAGER)
    sign_in(page, live_server, "nora")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("analysis notebook")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("Token").input_value()
    assert re.fullmatch(r"pnl_[\w-]{40,}", secret)
    page.screenshot(path=str(artifacts_dir / "token-created.png"), full_page=True)

    api = page.context.request
    answer = api.get(
        f"{live_server.url}/api/v1/openings", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 200 and answer.json()["count"] == 0

    page.reload()
    expect(page.get_by_label("Token")).to_have_count(0)  # shown once only
    page.get_by_role("button", name="Revoke analysis notebook").click()
    expect(page.locator(".messages")).to_contain_text("revoked")
    answer = api.get(
        f"{live_server.url}/api/v1/openings", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 401
    page.screenshot(path=str(artifacts_dir / "token-revoked.png"), full_page=True)


def test_an_admin_sees_upload_errors_by_line(
    page, live_server, transactional_db, library, artifacts_dir, tmp_path
):
    factories.UserFactory(username="ada", role=Role.ADMIN, is_staff=True)
    sign_in(page, live_server, "ada")
    page.get_by_role("link", name="Rubrics").click()
    page.get_by_role("link", name="Upload a new version").click()
    broken = tmp_path / "library.yaml"
    broken.write_text(
        DEFAULT_LIBRARY_PATH.read_text(encoding="utf-8").replace(
            "dimension: coding", "dimension: astrology", 1
        )
    )
    page.get_by_label("Library file (YAML)").set_input_files(str(broken))
    page.get_by_role("button", name="Validate and load").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("nothing was loaded")
    expect(alert.locator("tr", has_text="rubrics.3.dimension")).to_contain_text("astrology")
    page.screenshot(path=str(artifacts_dir / "library-upload-errors.png"), full_page=True)
