"""In Chromium, under the Content-Security-Policy: the main pages of each role report no
violation, htmx's autosave still works, and the API docs render under their own policy.

Violations are caught twice: the `securitypolicyviolation` events of each page (recorded by an
init script, which the policy does not govern) and Chromium's console messages.
"""

from __future__ import annotations

import re
from importlib import import_module
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from tests.demo_data import demo_data

pytestmark = pytest.mark.browser

PAGES_PER_ROLE = 25
NOT_CRAWLED = re.compile(r"^/(admin|api|static)/|/export|\.(csv|json|yaml|svg)$")
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`
    + ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture
def demo(transactional_db, library):
    demo_data()


def _signed_in_context(browser, live_server, username):
    """A browser context holding a session made in the database for ``username``."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    user = get_user_model().objects.get(username=username)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )
    return context


def _watched_page(context, console: list[str]):
    context.add_init_script(script=RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    return page


def _violations(page, label: str) -> list[str]:
    return [f"{label}: {text}" for text in page.evaluate("() => window.__cspViolations || []")]


def _crawl(page, live_server, username) -> tuple[list[str], list[str]]:
    visited, found, routes = [], [], set()
    queue = ["/"]
    while queue and len(visited) < PAGES_PER_ROLE:
        path = queue.pop(0)
        try:
            route = resolve(urlsplit(path).path).view_name
        except Resolver404:
            continue
        if route in routes:
            continue
        routes.add(route)
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, (username, path)
        page.wait_for_load_state("load")
        visited.append(path)
        found += _violations(page, f"{username} {path}")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" == live_server.url and not NOT_CRAWLED.search(
                parts.path
            ):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return visited, found


@pytest.mark.parametrize("username", ["admin", "maya", "rita", "omar"])
def test_main_pages_report_no_policy_violation(browser, live_server, demo, username):
    console: list[str] = []
    context = _signed_in_context(browser, live_server, username)
    page = _watched_page(context, console)
    try:
        visited, violations = _crawl(page, live_server, username)
    finally:
        context.close()
    print(f"{username}: {len(visited)} pages, {len(violations)} violations")
    assert len(visited) >= 5, visited
    assert not violations, "\n".join(violations)
    assert not console, "\n".join(console)


def test_htmx_autosave_works_under_the_policy(browser, live_server, demo, artifacts_dir):
    from panelist.interviews.models import Scorecard

    draft = Scorecard.objects.get(assignment__member__username="omar", submitted_at__isnull=True)
    console: list[str] = []
    context = _signed_in_context(browser, live_server, "omar")
    page = _watched_page(context, console)
    try:
        page.goto(f"{live_server.url}/interviews/assignments/{draft.assignment_id}/scorecard/")
        evidence = "Typed under the policy: they named the trade-off and what they would test."
        with page.expect_response(
            lambda response: (
                response.request.method == "POST"
                and response.request.headers.get("hx-request") == "true"
            )
        ) as autosave:
            page.locator("fieldset.question-card textarea").first.fill(evidence)
        assert autosave.value.status == 200
        expect(page.locator("#save-state")).to_contain_text("Draft saved")
        page.screenshot(path=str(artifacts_dir / "autosaved.png"), full_page=True)
        violations = _violations(page, "scorecard editor")
    finally:
        context.close()
    draft.refresh_from_db()
    assert evidence in [rating.evidence for rating in draft.ratings.all()]
    assert not violations, violations
    assert not console, console


def test_api_docs_render_under_their_own_policy(browser, live_server, demo, artifacts_dir):
    console: list[str] = []
    context = _signed_in_context(browser, live_server, "maya")
    page = _watched_page(context, console)
    try:
        page.goto(f"{live_server.url}/api/v1/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Panelist API")
        expect(page.locator(".opblock").first).to_be_visible()
        page.screenshot(path=str(artifacts_dir / "api-docs.png"))
        violations = _violations(page, "/api/v1/docs")
    finally:
        context.close()
    assert not violations, violations
    assert not console, console


def test_the_sign_in_page_reports_no_violation(browser, live_server, demo):
    console: list[str] = []
    context = browser.new_context()
    page = _watched_page(context, console)
    try:
        page.goto(f"{live_server.url}/login/")
        page.wait_for_load_state("load")
        violations = _violations(page, "/login/")
    finally:
        context.close()
    assert not violations, violations
    assert not console, console
