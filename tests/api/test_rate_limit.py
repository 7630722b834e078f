"""The API rate limit and the sign-in throttle: counted per user in the cache, and with
REDIS_URL set, counted together by every process of the installation."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from django.db import connection

from tests import factories

REDIS_URL = os.environ.get("PANELIST_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def test_past_the_rate_the_api_answers_429_with_when_to_retry(client, people, bearer, settings):
    settings.PANELIST_API_RATE = "3/m"
    headers = bearer(people.member)
    codes = [client.get("/api/v1/openings", headers=headers).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/openings", headers=headers)
    assert 1 <= int(response["Retry-After"]) <= 60
    other = client.get("/api/v1/openings", headers=bearer(people.manager))
    assert other.status_code == 200, "each user has a count of their own"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    user = urllib.parse.quote(database["USER"] or "")
    password = f":{urllib.parse.quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{database['NAME']}"


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the machine's Redis, removed afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.fail(f"Redis does not answer at {REDIS_URL}; start redis-server.")
    prefix = f"panelist-test-{uuid.uuid4().hex}"
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def two_servers(transactional_db, redis_prefix, tmp_path):
    """Two `panelist runserver` processes on loopback sharing this test's database and Redis."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "PANELIST_CACHE_PREFIX": redis_prefix,
        "PANELIST_API_RATE": "6/m",
        "PANELIST_DATA_DIR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    servers, urls = [], []
    for _ in range(2):
        port = _free_port()
        servers.append(
            subprocess.Popen(
                [sys.executable, "-m", "panelist", "runserver", "--noreload", f"127.0.0.1:{port}"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            _wait_until_up(url)
        yield urls
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not start")


def _status(request: urllib.request.Request, opener=None) -> tuple[int, str]:
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_two_processes_share_one_api_rate_limit(two_servers, people, bearer):
    headers = bearer(people.member)
    codes = [
        _status(urllib.request.Request(f"{two_servers[n % 2]}/api/v1/openings", headers=headers))[0]
        for n in range(8)
    ]
    assert codes == [200] * 6 + [429] * 2


def test_two_processes_share_one_sign_in_throttle(two_servers, db):
    factories.UserFactory(username="maya")
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def sign_in(url: str, password: str) -> str:
        page = _status(urllib.request.Request(f"{url}/accounts/login/"), opener)[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"login": "maya", "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            f"{url}/accounts/login/", data=body, headers={"Referer": f"{url}/accounts/login/"}
        )
        return _status(request, opener)[1]

    answers = [sign_in(two_servers[n % 2], f"guess-{n}") for n in range(6)]
    throttled = ["Too many failed sign-ins" in answer for answer in answers]
    assert throttled == [False] * 5 + [True]
    assert "Too many failed sign-ins" in sign_in(two_servers[1], "test-password")
