"""Every route is classified; a new route fails this test until someone decides who may use it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Routes anyone may open, signed in or not.
PUBLIC = {"healthz"}
# Signing in, out and resetting a password (django-allauth; tests/access/test_sign_in.py).
# Signup answers that it is closed; the code and e-mail confirmation routes answer only
# within a sign-in flow that this installation does not start.
PUBLIC |= {
    "account_login",
    "account_logout",
    "account_signup",
    "account_inactive",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_email",
    "account_email_verification_sent",
    "account_confirm_login_code",
    "mfa_authenticate",
}
# Routes that need a signed-in user; each view then filters through the permission layer.
SIGNED_IN = {
    "home",
    "library-ladder",
    "library-rubrics",
    "opening-detail",
    "application-detail",
    "scorecard-detail",
    "opening-create",
    "opening-edit",
    "candidate-create",
    "application-move",
    "scorecard-amend",
    "interview-kit",
    "scorecard-edit",
    "scorecard-submit",
    "committee",
    "assignment-change",
    "assignment-remove",
    "debrief",
    "committee-recommend",
    "decide",
    "application-attach",
    "decision-support",
    "skill-reading",
    "team-list",
    "team-detail",
    "team-heatmap",
    "support-radar",
    "comparison",
    "comparison-chart",
    "packet",
    "coaching",
    "calibration-interviewers",
    "calibration-run",
    "greenhouse-sync",
    "greenhouse-sync-run",
    "api-tokens",
    "api-token-create",
    "api-token-revoke",
    "export-opening-csv",
    "export-opening-json",
    "library-yaml",
    "library-upload",
}
# Candidates' notes, attaching an existing candidate, merging duplicates (issue 10).
SIGNED_IN |= {"candidate-notes", "candidate-attach", "candidate-merge"}
# The applications list and one stage of an opening, a page at a time (issue 11).
SIGNED_IN |= {"application-list", "opening-stage"}
# One's own password, e-mail, second factor and sessions (issue 12).
SIGNED_IN |= {
    "account-security",
    "account_change_password",
    "account_set_password",
    "account_email",
    "account_reauthenticate",
    "account_request_reauthentication_code",
    "account_confirm_reauthentication_code",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_deactivate_totp",
    "mfa_reauthenticate",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_generate_recovery_codes",
    "usersessions_list",
}
# Calendar feed, nudges and mail settings (issue 13). The feed and the unsubscribe links need
# no sign-in: each carries its own secret (tests/notifications).
SIGNED_IN |= {
    "calendar-feed",
    "calendar-feed-renew",
    "calendar-feed-revoke",
    "scorecard-nudge",
    "mail-settings",
    "mail-opt-in",
}
PUBLIC |= {"calendar-feed-ics", "mail-unsubscribe"}
# The audit log (issue 12, part 5): admins only, 404 for anyone else (tests/audit).
SIGNED_IN |= {"audit-events"}
# Company sign-in (OpenID Connect, tests/access/test_company_sign_in.py): the provider's routes
# answer 404 unless the environment configures one; error and cancel pages say only that.
# The signup form is never reached: a company sign-in creates the account or is refused.
PUBLIC |= {
    "openid_connect_login",
    "openid_connect_callback",
    "socialaccount_login_cancelled",
    "socialaccount_login_error",
    "socialaccount_signup",
}
SIGNED_IN |= {"socialaccount_connections"}
# Webhook subscriptions (issue 15): admins only, everyone else 404 (tests/webhooks).
SIGNED_IN |= {
    "webhook-list",
    "webhook-create",
    "webhook-detail",
    "webhook-edit",
    "webhook-rotate",
    "webhook-active",
    "webhook-test",
    "webhook-delete",
}
# The candidate's page (issue 16): no sign-in; each route opens only with a valid link
# (candidate_link_required, tests/portal). Sending links, fetching the candidate's files and
# the data-rights pages need a sign-in and the permission layer (tests/portal, tests/privacy).
PUBLIC |= {
    "portal-home",
    "portal-materials",
    "portal-file-upload",
    "portal-interview-ics",
    "portal-copy",
    "portal-consent",
    "portal-erase",
    "portal-self-identify",
}
SIGNED_IN |= {
    "candidate-link-create",
    "candidate-link-revoke",
    "candidate-file",
    "privacy-retention",
    "privacy-candidate",
    "privacy-copy",
}
# The adverse-impact report (issue 17): compliance admins only, everyone else 404 (tests/fairness).
SIGNED_IN |= {"fairness-report", "fairness-report-print", "fairness-report-csv"}
# Hires, their reviews and the validity page (issue 17): admins and the opening's hiring
# manager, 404 for anyone else (tests/outcomes).
SIGNED_IN |= {"outcomes-hires", "outcomes-hire-start", "outcomes-review", "outcomes-validity"}
# a committee member's own skill readings of a candidate (404 off the committee)
SIGNED_IN |= {"member-skill-readings"}
CLASSIFIED = PUBLIC | SIGNED_IN


def _named_routes():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # Django's admin has its own staff check
                if pattern.namespace == "api-v1":
                    continue  # bearer tokens, not sessions: tests/api/test_auth.py
                yield from walk(pattern.url_patterns, pattern.namespace)
            elif isinstance(pattern, URLPattern):
                yield pattern

    return list(walk(get_resolver().url_patterns))


def test_every_route_is_classified():
    unnamed = [str(p.pattern) for p in _named_routes() if not p.name]
    assert not unnamed, f"give these routes a name and classify them: {unnamed}"
    unknown = {p.name for p in _named_routes()} - CLASSIFIED
    assert not unknown, f"classify these new routes in test_url_matrix.py: {unknown}"


@pytest.mark.parametrize("name", sorted(SIGNED_IN))
def test_signed_in_routes_send_anonymous_users_to_login(client, name, db):
    pattern = next(p for p in _named_routes() if p.name == name)
    args = [1] * len(pattern.pattern.converters)
    response = client.get(reverse(name, args=args))
    if response.status_code == 405:  # POST-only: the same check on the method that acts
        response = client.post(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_logout_needs_a_post(client, people):
    client.force_login(people.member)
    client.get(reverse("account_logout"))
    assert client.get(reverse("home")).status_code == 200, "a GET must not sign out"
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302
