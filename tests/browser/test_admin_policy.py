"""In Chromium: Django's admin works under Panelist's Content-Security-Policy. Every kind of
admin page reachable from its index (each changelist, change and add form, history, delete
confirmation) reports no violation, and the admin's own scripts run (select-all on a
changelist, the two-box selector of a many-to-many field, slugs filled in as a name is typed).

Django 5.2's admin templates write no inline script or style, with one exception that
tests/core/test_admin_inline_style.py keeps out: so the admin needs no looser policy, and
gets none (frame-ancestors 'none' and the rest hold on /admin/ as everywhere).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.test_content_security_policy import (
    _signed_in_context,
    _violations,
    _watched_page,
    demo,  # noqa: F401 - the fixture, for the test below
)

pytestmark = pytest.mark.browser

MAX_PAGES = 150
NOT_VISITED = re.compile(r"/logout/|/jsi18n/")


def _kind(path: str) -> str:
    return re.sub(r"/\d+/", "/N/", urlsplit(path).path)


def test_every_admin_page_reports_no_policy_violation(browser, live_server, demo, artifacts_dir):  # noqa: F811
    console: list[str] = []
    context = _signed_in_context(browser, live_server, "admin")
    page = _watched_page(context, console)
    found: list[str] = []
    visited: list[str] = []
    queue, kinds = ["/admin/"], set()
    try:
        while queue and len(visited) < MAX_PAGES:
            path = queue.pop(0)
            if _kind(path) in kinds or NOT_VISITED.search(path):
                continue
            kinds.add(_kind(path))
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, (path, response.status)
            page.wait_for_load_state("load")
            visited.append(path)
            found += _violations(page, path)
            for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
                parts = urlsplit(href)
                if f"{parts.scheme}://{parts.netloc}" == live_server.url and parts.path.startswith(
                    "/admin/"
                ):
                    queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))

        page.goto(f"{live_server.url}/admin/access/user/")
        page.screenshot(path=str(artifacts_dir / "admin-changelist.png"), full_page=True)
        page.locator("#action-toggle").check()
        assert page.locator("input.action-select:not(:checked)").count() == 0
        assert page.locator("input.action-select:checked").count() > 1
        found += _violations(page, "changelist, select all")

        page.goto(f"{live_server.url}/admin/library/interviewformat/add/")
        assert page.locator("#id_dimensions_filter").count() == 1, "SelectFilter2 did not run"
        found += _violations(page, "add form, two-box selector")

        page.goto(f"{live_server.url}/admin/teams/skill/add/")
        page.locator("#id_name").fill("Causal Inference")
        page.locator("#id_name").blur()
        assert page.locator("#id_slug").input_value() == "causal-inference", "slug not filled"
        page.screenshot(path=str(artifacts_dir / "admin-add-form.png"), full_page=True)
        found += _violations(page, "add form, prepopulated slug")
    finally:
        context.close()
    print(f"{len(visited)} admin pages visited")
    assert len(visited) > 30, visited
    assert not found, "\n".join(found)
    assert not console, "\n".join(console)
