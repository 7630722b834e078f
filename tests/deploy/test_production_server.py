"""`panelist serve` as the Deploy section runs it: every page answers, over secure cookies.

One server for the module (DEBUG=false, two gunicorn workers, its own data and database,
migrated, with the demo loaded). Each role's crawl starts at the home page with a session made
in the database (not through the sign-in form) and follows every link, stylesheet, script and
image on the site; pages that differ only by ids or query values are visited a few times each
(Django's admin pages once each).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest

from tests.deploy.server import create_sessions, demo_installation, serving

# Visits per kind of page: a path with its ids as N, and the names of its query parameters.
# Panelist's pages differ with the state of their records, so a few of each; Django's admin
# pages are the same generic view for any record, so one of each kind.
VISITS_PER_KIND = 3
ADMIN_VISITS_PER_KIND = 1
MAX_VISITS_PER_ROLE = 2_000


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("serve-data")
    with demo_installation("serve", data_dir) as (env, _):
        cookie_name, sessions = create_sessions(env)
        with serving(env, data_dir / "serve.log") as server:
            yield server, cookie_name, sessions


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "link": "href", "script": "src", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.found.append(value)


# Ids in paths: numbers, and UUIDs (the task results in the admin). Without the second, each
# of the demo's hundreds of task results was a kind of its own, and the admin's crawl spent its
# 2,000 visits on them before reaching the rest of the admin.
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def _kind(url: str) -> tuple[str, tuple[str, ...]]:
    parts = urlsplit(url)
    path = re.sub(r"\d+", "N", _UUID.sub("N", parts.path))
    return path, tuple(sorted({k for k, _ in parse_qsl(parts.query)}))


def _same_site(url: str, port: int) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", f"127.0.0.1:{port}"):
        return None
    return parts._replace(scheme="", netloc="", fragment="").geturl() or "/"


def crawl(server, cookies: dict[str, str], start: str) -> dict:
    """Every page reachable from ``start``: status per URL, and every Set-Cookie seen."""
    queue, seen, kinds = deque([start]), {start}, Counter()
    statuses: dict[str, int] = {}
    set_cookies: list[str] = []
    missing_hsts: list[str] = []
    while queue and len(statuses) < MAX_VISITS_PER_ROLE:
        url = queue.popleft()
        answer = server.request(url, cookies=cookies)
        statuses[url] = answer.status
        set_cookies += answer.set_cookies
        if not answer.headers.get("Strict-Transport-Security"):
            missing_hsts.append(url)
        found: list[str] = []
        if answer.status in (301, 302, 303, 307, 308):
            found = [answer.headers["Location"]]
        elif answer.status == 200 and "text/html" in answer.headers.get("Content-Type", ""):
            parser = _Links()
            parser.feed(answer.body.decode())
            found = parser.found
        for link in found:
            target = _same_site(urljoin(url, link), server.port)
            if target is None or target in seen:
                continue
            seen.add(target)
            kind = _kind(target)
            allowed = ADMIN_VISITS_PER_KIND if kind[0].startswith("/admin/") else VISITS_PER_KIND
            if kinds[kind] < allowed:
                kinds[kind] += 1
                queue.append(target)
    return {"statuses": statuses, "set_cookies": set_cookies, "missing_hsts": missing_hsts}


@pytest.mark.parametrize("role", ["admin", "manager", "recruiter", "interviewer"])
def test_every_page_answers_for_each_role_with_secure_cookies_and_hsts(production, role):
    server, cookie_name, sessions = production
    result = crawl(server, {cookie_name: sessions[role]}, "/")
    statuses = result["statuses"]
    failures = {url: status for url, status in statuses.items() if status >= 500}
    pages = [url for url, status in statuses.items() if status == 200]
    print(f"{role}: {len(statuses)} URLs visited, {len(pages)} answered 200")

    assert not failures, f"server errors as {role}: {failures}"
    assert statuses["/"] == 200, "the session made in the database did not sign in"
    assert len(pages) > 20
    assert any(url.startswith("/static/") and statuses[url] == 200 for url in statuses)
    assert not result["missing_hsts"], result["missing_hsts"][:5]
    assert result["set_cookies"], "no page set the CSRF cookie"
    assert all("; Secure" in cookie for cookie in result["set_cookies"])
    # The audit log is linked from the admin's navigation only, and answers.
    assert (statuses.get("/audit/") == 200) is (role == "admin"), statuses.get("/audit/")


def test_the_sign_in_page_answers_without_debug(production):
    server, _, _ = production
    result = crawl(server, {}, "/accounts/login/")
    assert result["statuses"]
    assert all(status < 500 for status in result["statuses"].values()), result["statuses"]
    assert 200 in result["statuses"].values()


def test_hsts_says_the_configured_age_and_only_over_https(production):
    server, _, _ = production
    secure = server.request("/healthz")
    assert secure.headers["Strict-Transport-Security"] == "max-age=3600; includeSubDomains"
    plain = server.request("/accounts/login/", through_proxy=False)
    assert plain.status == 301
    assert plain.headers["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in plain.headers


def test_the_session_cookie_is_secure_when_the_server_sets_it(production):
    server, cookie_name, sessions = production
    cookies = {cookie_name: sessions["recruiter"]}
    page = server.request("/account/tokens/", cookies=cookies)
    csrf_cookie = next(c for c in page.set_cookies if c.startswith("csrftoken="))
    csrf = csrf_cookie.split(";", 1)[0].split("=", 1)[1]
    created = server.request(
        "/account/tokens/new/",
        method="POST",
        cookies={**cookies, "csrftoken": csrf},
        body=f"name=deploy-test&csrfmiddlewaretoken={csrf}".encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://127.0.0.1:{server.port}",
            "Referer": f"https://127.0.0.1:{server.port}/account/tokens/",
        },
    )
    assert created.status == 302, created.body[:500]
    session_cookie = next(c for c in created.set_cookies if c.startswith(f"{cookie_name}="))
    assert "; Secure" in session_cookie
    assert "; HttpOnly" in session_cookie
