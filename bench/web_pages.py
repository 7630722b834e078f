"""What ``bench/web.py`` measures: every page and API read, with the seeded ids it needs.

Plain data, importable without Django set up; ``tests/core/test_bench_web.py`` checks that
every named URL pattern and every GET operation of the API whose parameters the seed provides
is either measured here or listed in ``NOT_MEASURED`` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

# The URL parameters the seed provides (the fields of ``web_seed.Seeded`` used in URLs).
SEED_PARAMETERS = frozenset(
    {
        "opening_id",
        "application_id",
        "candidate_id",
        "scorecard_id",
        "assignment_id",
        "slug",
        "number",
    }
)

# Who reads a page: the demo's users.
READERS = {
    "manager": "maya",
    "recruiter": "rita",
    "admin": "admin",
    "interviewer": "ian",
}


@dataclass(frozen=True)
class Page:
    label: str
    reader: str | None  # a key of READERS; None: not logged in
    name: str = ""  # URL name, for pages
    path: str = ""  # API path under /api/v1, with {parameters}
    query: str = ""  # query string, {parameters} filled from the seed
    kind: str = "html"  # html | svg | export | api | health
    # Read as a reader reads it again: its stored rendering (panelist.core.stored) is kept
    # between the timed reads. Every other page is read with the store emptied first.
    stored: bool = False

    @property
    def parameters(self) -> tuple[str, ...]:
        import string

        text = self.path + self.query
        return tuple(f for _, f, _, _ in string.Formatter().parse(text) if f)


PAGES: tuple[Page, ...] = (
    Page("/healthz", None, name="healthz", kind="health"),
    Page("login form", None, name="account_login"),
    Page("home, manager", "manager", name="home"),
    Page("home, recruiter", "recruiter", name="home"),
    Page("home, admin", "admin", name="home"),
    Page("home, interviewer", "interviewer", name="home"),
    Page("ladder", "interviewer", name="library-ladder"),
    Page("rubrics", "interviewer", name="library-rubrics"),
    Page("library YAML", "admin", name="library-yaml", kind="export"),
    Page("library upload form", "admin", name="library-upload"),
    Page("new opening form", "manager", name="opening-create"),
    Page("opening detail", "manager", name="opening-detail"),
    Page("applications list, recruiter", "recruiter", name="application-list"),
    Page("applications search, recruiter", "recruiter", name="application-list", query="q=a"),
    Page("opening edit form", "manager", name="opening-edit"),
    Page("new candidate form", "recruiter", name="candidate-create"),
    Page("candidate merge form", "recruiter", name="candidate-merge"),
    Page("candidate notes", "recruiter", name="candidate-notes"),
    Page("application", "manager", name="application-detail"),
    Page("scorecard", "interviewer", name="scorecard-detail"),
    Page("interview kit", "interviewer", name="interview-kit"),
    Page("scorecard form", "interviewer", name="scorecard-edit"),
    Page("committee", "manager", name="committee"),
    Page("committee member change form", "manager", name="assignment-change"),
    Page("committee member removal", "manager", name="assignment-remove"),
    Page("debrief", "manager", name="debrief", stored=True),
    Page("debrief, rendered (store emptied)", "manager", name="debrief"),
    Page("decision form", "manager", name="decide"),
    Page("decision support", "manager", name="decision-support"),
    Page("radar chart (SVG)", "manager", name="support-radar", kind="svg"),
    Page("comparison", "manager", name="comparison"),
    Page("comparison chart (SVG)", "manager", name="comparison-chart", kind="svg"),
    Page("packet, one candidate", "manager", name="packet", query="a={application_id}"),
    Page("packet, whole opening", "manager", name="packet"),
    Page("teams", "manager", name="team-list"),
    Page("team", "manager", name="team-detail"),
    Page("team heatmap (SVG)", "manager", name="team-heatmap", kind="svg"),
    Page("coaching", "manager", name="coaching"),
    Page("Interviewers page", "manager", name="calibration-interviewers"),
    Page("API tokens", "manager", name="api-tokens"),
    Page("audit log", "admin", name="audit-events"),
    Page("CSV export", "manager", name="export-opening-csv", kind="export"),
    Page("JSON export", "manager", name="export-opening-json", kind="export"),
    # The API, read with the manager's token.
    Page("API openings", "manager", path="/openings", kind="api"),
    Page("API opening", "manager", path="/openings/{opening_id}", kind="api"),
    Page("API opening export", "manager", path="/openings/{opening_id}/export", kind="export"),
    Page("API candidates", "manager", path="/candidates", kind="api"),
    Page("API candidate", "manager", path="/candidates/{candidate_id}", kind="api"),
    Page("API applications", "manager", path="/applications", kind="api"),
    Page("API application", "manager", path="/applications/{application_id}", kind="api"),
    Page(
        "API calibrated scores",
        "manager",
        path="/applications/{application_id}/calibrated-scores",
        kind="api",
    ),
    Page(
        "API committee recommendation",
        "manager",
        path="/applications/{application_id}/committee-recommendation",
        kind="api",
    ),
    Page("API decision", "manager", path="/applications/{application_id}/decision", kind="api"),
    Page(
        "API members' skill readings",
        "manager",
        path="/applications/{application_id}/member-skill-readings",
        kind="api",
    ),
    Page("API assignments", "interviewer", path="/assignments", kind="api"),
    Page("API assignment", "interviewer", path="/assignments/{assignment_id}", kind="api"),
    Page("API scorecards", "manager", path="/scorecards", kind="api"),
    Page("API scorecard", "interviewer", path="/scorecards/{scorecard_id}", kind="api"),
    Page("API greenhouse scorecards", "manager", path="/greenhouse/scorecards", kind="export"),
    Page("API calibration, latest", "manager", path="/calibration/latest", kind="api"),
    Page("API calibration, interviewers", "manager", path="/calibration/interviewers", kind="api"),
    Page("API library", "manager", path="/library", kind="api"),
    Page("API library versions", "manager", path="/library/versions", kind="api"),
    Page("API library version", "manager", path="/library/versions/{number}", kind="api"),
    Page(
        "API library version YAML", "manager", path="/library/versions/{number}/yaml", kind="export"
    ),
    Page("API skills", "manager", path="/skills", kind="api"),
    Page("API coaching", "manager", path="/me/coaching", kind="api"),
    Page("API teams", "manager", path="/teams", kind="api"),
    Page("API team", "manager", path="/teams/{slug}", kind="api"),
)

# Named URL patterns the benchmark does not read, and why.
NOT_MEASURED = {
    "account_logout": "POST only (its GET asks to confirm)",
    "account-security": "one's own sessions and tokens: no seeded data behind it",
    "committee-recommend": "POST only",
    "candidate-attach": "POST only",
    "application-attach": "POST only",
    "application-move": "POST only",
    "scorecard-amend": "POST only",
    "scorecard-submit": "POST only",
    "skill-reading": "POST only",
    "member-skill-readings": "a committee member's own page: the seed's interviewer may sit on "
    "no committee of the seeded candidate (queries: tests/test_page_queries.py)",
    "calibration-run": "POST only",
    "api-token-create": "POST only",
    "calendar-feed-renew": "POST only",
    "calendar-feed-revoke": "POST only",
    "scorecard-nudge": "POST only",
    "mail-opt-in": "POST only",
    "calendar-feed": "one row of the reader's own, nothing that grows with the data",
    "mail-settings": "one field of the reader's own, nothing that grows with the data",
    "webhook-list": "admins' subscriptions, not pipeline data (queries: tests/webhooks)",
    "greenhouse-sync": "the last sync's state, not pipeline data",
    "greenhouse-sync-run": "POST only",
    "openid_connect_login": "company sign-in: 404 unless a provider is configured",
    "openid_connect_callback": "company sign-in: 404 unless a provider is configured",
    "socialaccount_connections": "one's own company account link, nothing that grows",
    "socialaccount_login_cancelled": "a fixed message",
    "socialaccount_login_error": "a fixed message",
    "socialaccount_signup": "never reached: company sign-in creates the account or refuses",
    "webhook-create": "a form with nothing behind it",
    "outcomes-hires": "hires and their reviews; the seed has none (queries: tests/outcomes)",
    "outcomes-validity": "reviewed hires; the seed has none (queries: tests/outcomes)",
}
# The adverse-impact report counts candidates' self-identified answers, which the seed does
# not create: measured here it would show only its "too few answers" notice. Its query count
# is fixed as the data grows (tests/fairness/test_report.py).
NOT_MEASURED |= {
    "candidate-link-create": "POST only",
    "privacy-copy": "POST only (a ZIP of one candidate's data)",
    "privacy-candidate": "one candidate's data-rights page: an admin's rare errand, not a list",
    "privacy-retention": "needs rejected candidates past their retention, which the seed lacks",
}
NOT_MEASURED |= {
    name: "needs self-identified answers, which the seed does not create"
    for name in ("fairness-report", "fairness-report-print", "fairness-report-csv")
}
# Sign-in steps of django-allauth other than the login form: each answers within a sign-in or
# password-reset flow, or for one's own account, none of which the seed starts.
NOT_MEASURED |= {
    name: "a step of signing in or of one's own account (django-allauth)"
    for name in (
        "account_signup",
        "account_inactive",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
        "account_email_verification_sent",
        "account_confirm_login_code",
        "account_change_password",
        "account_set_password",
        "account_email",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
        "mfa_authenticate",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_generate_recovery_codes",
        "usersessions_list",
    )
}
