"""In Chromium: the audit log as an admin reads it after signing in through the form, at a
laptop's width and at a phone's: no sideways scroll of the page, no axe-core violation, no
Content-Security-Policy violation, and the filters narrow the list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_content_security_policy import RECORD_VIOLATIONS, _violations
from tests.browser.test_phone_and_a11y import WIDEST, _axe_source

pytestmark = pytest.mark.browser

PASSWORD = "audit-page-password"


@pytest.fixture
def admin_with_history(transactional_db):
    from panelist.access.models import Role
    from panelist.audit import services
    from panelist.audit.models import EventKind
    from tests import factories

    admin = factories.UserFactory(
        username="admin", role=Role.ADMIN, is_staff=True, is_superuser=True
    )
    admin.set_password(PASSWORD)
    admin.save()
    member = factories.UserFactory(username="member", first_name="Maya", last_name="Lindqvist")
    long_agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) " * 3
    for number in range(30):
        services.record(EventKind.SIGN_IN_FAILED, actor_name=f"someone-{number}", reason="password")
    services.record(EventKind.TOKEN_CREATED, member, target="API token 12", prefix="pnl_Ab12Cd")
    services.record(
        EventKind.SETTINGS_CHANGED,
        admin,
        target="organisation settings",
        two_factor_for_everyone=True,
        recruiter_access="recommendations",
    )
    from panelist.audit.models import AuditEvent

    AuditEvent.objects.create(
        kind=EventKind.SIGNED_IN,
        actor=member,
        actor_name="member",
        user_agent=long_agent[:300],
        ip="2001:db8:85a3::8a2e:370:7334",
    )
    return admin


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_the_audit_page_reads_well_at_both_widths(
    browser, live_server, admin_with_history, artifacts_dir, width, height
):
    axe = _axe_source()
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(script=RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("admin")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("link", name="Audit log").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
        expect(page.get_by_role("status")).to_contain_text("25 shown, newest first")
        assert page.evaluate(WIDEST)["width"] <= width, page.evaluate(WIDEST)
        page.evaluate(axe)
        result = page.evaluate("async () => await window.axe.run(document)")
        assert not result["violations"], [v["id"] for v in result["violations"]]
        page.screenshot(path=str(artifacts_dir / f"audit-{width}.png"), full_page=True)
        page.locator("tbody tr").nth(2).scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts_dir / f"audit-{width}-rows.png"))

        page.get_by_label("What").select_option("token_created")
        page.get_by_role("button", name="Show events").click()
        expect(page.get_by_role("status")).to_contain_text("1 event matches")
        expect(page.locator("tbody tr")).to_have_count(1)
        expect(page.locator("tbody")).to_contain_text("pnl_Ab12Cd")
        page.screenshot(path=str(artifacts_dir / f"audit-{width}-filtered.png"), full_page=True)
        violations = _violations(page, "/audit/")
    finally:
        context.close()
    assert not violations, violations
