"""In Chromium, at a phone's width (390 x 844): every page of the loop, for each role of the
demo, fits the screen (no sideways scroll of the page; wide tables scroll in their own box)
and axe-core finds no accessibility violation on it.

The pages are found by following the same-site links from each role's home page, so a page
added later is checked without editing this file. The crawl is bounded: one page per route
(URL pattern, hence template) for each person, and a fixed number per person. Pages of one
route differ by their records, not by their markup, so a second one re-checked the same
template; each person still sees every route their links reach.

The people are checked in three groups, each a test of its own, so that pytest-xdist runs
them side by side (`make test`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib.resources import files
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from tests.browser.signing import sign_in
from tests.demo_data import demo_data

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PASSWORD = "phone-and-a11y"
PAGES_PER_ROUTE = 1
PAGES_PER_ROLE = 60
# Not pages of the loop: Django's own admin, the API and its docs, files to download.
NOT_CRAWLED = re.compile(r"^/(admin|api|static|media)/|/export|/yaml|\.(csv|json|yaml|png|svg)$")
NOT_CRAWLED_ROUTES = {"account_logout", "mfa_download_recovery_codes", "library-yaml"}
# A screenshot of each page with a finding, in test-artifacts/; of every page with
# PANELIST_SCREENSHOTS=all (a quarter of the crawl's time goes to them).
EVERY_SCREENSHOT = os.environ.get("PANELIST_SCREENSHOTS") == "all"

# One person per role and per state of the blind rule in the demo: the admin, the manager,
# the recruiter, a member who submitted, one still drafting (blind) and one not started.
USERNAMES = ("admin", "maya", "rita", "ian", "omar", "priya")
# Three groups of about the same number of pages; the signed-out pages go with the smallest.
SIGNED_OUT = "signed out"
GROUPS = (("admin", "rita"), ("maya", "ian"), ("omar", "priya", SIGNED_OUT))

# Overflow is measured on the page, not on the boxes that scroll by design.
WIDEST = """
() => {
  const limit = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (['auto', 'scroll', 'hidden'].includes(style.overflowX)) return true;
    }
    return false;
  };
  const wide = [];
  const all = [...document.body.querySelectorAll('*')];
  const over = all.filter((el) => el.getBoundingClientRect().right > limit + 1);
  const outside = over.filter((el) => !scrolls(el));
  for (const el of (outside.length ? outside : over)) {
    const box = el.getBoundingClientRect();
    {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.className && typeof el.className === 'string'
           ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      wide.push(`${name} (right edge ${Math.round(box.right)} px)`);
    }
  }
  return {width: document.documentElement.scrollWidth, wide: wide.slice(0, 6)};
}
"""


@dataclass
class Findings:
    overflow: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)


def _axe_source() -> str:
    try:
        return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        pytest.fail(
            "axe-core is missing: `make test` installs the test extras, which bundle it "
            "(the axe-playwright-python package)."
        )


@pytest.fixture
def demo(transactional_db, library):
    from panelist.access.models import User

    demo_data()
    for user in User.objects.filter(username__in=USERNAMES):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _links(page, live_server) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != live_server.url:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not NOT_CRAWLED.search(parts.path):
            found.append(path)
    return found


def _check(page, label: str, axe: str, findings: Findings, artifacts_dir) -> None:
    findings.visited.append(label)
    found_before = len(findings.overflow) + len(findings.violations)
    # A click that navigates returns before the next document exists; measure the page loaded.
    page.wait_for_load_state("load")
    measured = page.evaluate(WIDEST)
    if measured["width"] > PHONE["width"]:
        findings.overflow.append(
            f"{label}: {measured['width']} px wide; " + ", ".join(measured["wide"])
        )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's Content-Security-Policy refuses
        # the inline <script> that add_script_tag would insert.
        page.evaluate(axe)
    result = page.evaluate("async () => await window.axe.run(document)")
    for violation in result["violations"]:
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:4])
        findings.violations.append(
            f"{label}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
        )
    if EVERY_SCREENSHOT or len(findings.overflow) + len(findings.violations) > found_before:
        name = re.sub(r"[^\w-]+", "_", label).strip("_")[:120]
        page.screenshot(path=str(artifacts_dir / f"{name}.png"), full_page=True)


def _crawl(page, live_server, username, axe, findings, artifacts_dir) -> None:
    seen: set[str] = set()
    per_route: dict[str, int] = {}
    queue = ["/"]
    checked = 0
    while queue and checked < PAGES_PER_ROLE:
        path = queue.pop(0)
        route = _route(path.split("?")[0])
        if path in seen or route is None or route in NOT_CRAWLED_ROUTES:
            continue
        seen.add(path)
        if per_route.get(route, 0) >= PAGES_PER_ROUTE:
            continue
        per_route[route] = per_route.get(route, 0) + 1
        response = page.goto(f"{live_server.url}{path}")
        if response is None or response.status != 200:
            findings.overflow.append(f"{username} {path}: answered {response and response.status}")
            continue
        checked += 1
        _check(page, f"{username} {path}", axe, findings, artifacts_dir)
        queue.extend(link for link in _links(page, live_server) if link not in seen)


def _show_a_message(page, live_server, username, axe, findings, artifacts_dir) -> None:
    """A page that shows a message (here: a token created, then revoked)."""
    page.goto(f"{live_server.url}/account/tokens/")
    page.get_by_label("Name").fill("phone check")
    page.get_by_role("button", name="Create token").click()
    page.get_by_role("button", name="Revoke phone check").click()
    expect(page.locator(".messages")).to_contain_text("revoked")
    _check(page, f"{username} message after revoking a token", axe, findings, artifacts_dir)


def _signed_out_pages(page, live_server, axe, findings, artifacts_dir) -> None:
    """Pages no link from a home page reaches: before signing in, and from a mail."""
    from panelist.access.models import User
    from panelist.notifications.models import Kind
    from panelist.notifications.services import unsubscribe_token

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    _check(page, "signed out: sign-in", axe, findings, artifacts_dir)
    page.get_by_label("Username").fill("maya")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    _check(page, "signed out: sign-in refused", axe, findings, artifacts_dir)
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("button", name="Send the link")).to_be_visible()
    _check(page, "signed out: password reset", axe, findings, artifacts_dir)
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator("#id_email-errors")).to_contain_text("required")
    _check(page, "signed out: password reset refused", axe, findings, artifacts_dir)
    # Not one of the crawled users: a reset asked for leaves an unverified e-mail address
    # behind, and allauth then refuses that user an authenticator app (_account_pages).
    page.get_by_label("E-mail address").fill("ines@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your mail")
    _check(page, "signed out: password reset sent", axe, findings, artifacts_dir)
    maya = User.objects.get(username="maya")
    token = unsubscribe_token(user_id=maya.pk, kind=Kind.READY)
    page.goto(f"{live_server.url}/notifications/unsubscribe/{token}/")
    _check(page, "signed out: unsubscribe", axe, findings, artifacts_dir)
    _candidate_pages(page, live_server, axe, findings, artifacts_dir)


def _candidate_pages(page, live_server, axe, findings, artifacts_dir) -> None:
    """The candidate's private page (issue 16), open and expired, reached by its link only."""
    from datetime import timedelta

    from django.utils import timezone

    from panelist.access.models import User
    from panelist.hiring.models import Application
    from panelist.portal import links

    rita = User.objects.get(username="rita")
    application = Application.objects.filter(assignments__isnull=False).first()
    _, token = links.link_create(actor=rita, application=application)
    page.goto(f"{live_server.url}/c/{token}/")
    _check(page, "candidate: their page", axe, findings, artifacts_dir)
    _, expired = links.link_create(
        actor=rita, application=application, days=1, now=timezone.now() - timedelta(days=2)
    )
    page.goto(f"{live_server.url}/c/{expired}/")
    _check(page, "candidate: expired link", axe, findings, artifacts_dir)


def _account_pages(page, live_server, username, axe, findings, artifacts_dir) -> None:
    """Pages of the account that the crawl does not reach: the sessions list and setting up
    an authenticator app (behind allauth's password check)."""
    page.goto(f"{live_server.url}/accounts/sessions/")
    _check(page, f"{username} /accounts/sessions/", axe, findings, artifacts_dir)
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    if "reauthenticate" in page.url:
        _check(page, f"{username} password asked again", axe, findings, artifacts_dir)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_label("Authenticator secret")).to_be_visible()
    _check(page, f"{username} /accounts/2fa/totp/activate/", axe, findings, artifacts_dir)


def test_the_groups_cover_every_person_once():
    grouped = [name for group in GROUPS for name in group]
    assert sorted(grouped) == sorted([*USERNAMES, SIGNED_OUT])


@pytest.mark.parametrize("group", GROUPS, ids=["-".join(group) for group in GROUPS])
def test_every_page_of_the_loop_fits_a_phone_and_passes_axe(
    browser, live_server, demo, artifacts_dir, group
):
    axe = _axe_source()
    findings = Findings()
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15_000)
    people = [name for name in group if name != SIGNED_OUT]
    try:
        if SIGNED_OUT in group:
            _signed_out_pages(page, live_server, axe, findings, artifacts_dir)
        for username in people:
            sign_in(page, live_server, username, PASSWORD)
            _crawl(page, live_server, username, axe, findings, artifacts_dir)
            _show_a_message(page, live_server, username, axe, findings, artifacts_dir)
            if username == "maya":
                _account_pages(page, live_server, username, axe, findings, artifacts_dir)
    finally:
        context.close()
    (artifacts_dir / "visited.txt").write_text("\n".join(findings.visited), encoding="utf-8")
    for username in people:
        assert sum(label.startswith(f"{username} ") for label in findings.visited) >= 8, (
            f"{username} reached fewer than 8 pages: {findings.visited}"
        )
    problems = findings.overflow + findings.violations
    assert not problems, (
        f"{len(findings.overflow)} page(s) wider than {PHONE['width']} px and "
        f"{len(findings.violations)} axe violation(s) on {len(findings.visited)} pages:\n"
        + "\n".join(problems)
    )
