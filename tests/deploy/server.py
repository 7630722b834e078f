"""`panelist serve` as a subprocess on loopback, with its own data and database, for the tests.

The server runs as production does (DEBUG=false, behind a TLS proxy that sets
X-Forwarded-Proto); a request says it came through that proxy by sending the header.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import environ

# The variables a developer's shell may hold that would change the server under test.
_SCRUBBED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DJANGO_SETTINGS_MODULE",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "PANELIST_BIND",
    "PANELIST_WORKERS",
    "PANELIST_TIMEOUT",
    "PANELIST_GRACEFUL_TIMEOUT",
}

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "serve-test-" + "k" * 20 + "-with-enough-variety-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_PROXY_SSL": "true",
    "SECURE_HSTS_SECONDS": "3600",
    "PANELIST_BIND": "127.0.0.1:0",
    "PANELIST_WORKERS": "2",
}

# Demo users, one per role (README: `make run` prints them).
USERS_BY_ROLE = {"admin": "admin", "manager": "maya", "recruiter": "rita", "interviewer": "ian"}

_CREATE_SESSIONS = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from panelist.access import permissions
store = import_module(settings.SESSION_ENGINE).SessionStore
keys = {}
for role, username in json.loads(%r).items():
    user = get_user_model().objects.get(username=username)
    if permissions.requires_two_factor(user):  # as in production: admins have an authenticator
        TOTP.activate(user, generate_totp_secret())
    session = store()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys[role] = session.session_key
print("SESSIONS " + json.dumps({"cookie": settings.SESSION_COOKIE_NAME, "keys": keys}))
"""


def panelist_run(
    *args: str, env: dict[str, str], timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``panelist ARGS`` and return how it ended, whatever its exit status."""
    return subprocess.run(
        [sys.executable, "-m", "panelist", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def panelist(*args: str, env: dict[str, str], timeout: int = 300) -> str:
    """Run ``panelist ARGS``, which must succeed; return what it printed."""
    done = panelist_run(*args, env=env, timeout=timeout)
    assert done.returncode == 0, f"panelist {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def base_environment(data_dir: Path, **overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _SCRUBBED}
    return {**env, **PRODUCTION, "PANELIST_DATA_DIR": str(data_dir), **overrides}


@contextlib.contextmanager
def own_database(name: str, data_dir: Path) -> Iterator[str]:
    """A database URL of the test's own: PostgreSQL beside DATABASE_URL's when that is set
    (created and dropped here), else an SQLite file in ``data_dir``."""
    shared = os.environ.get("DATABASE_URL", "")
    if not shared.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{data_dir / 'panelist.sqlite3'}"
        return
    import psycopg

    parts = environ.Env.db_url_config(shared)
    # Under pytest-xdist each worker is a process of its own running the same modules: the
    # worker's name (gw0, gw1, ...) keeps their databases apart.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    database = f"{parts['NAME']}_{name}{'_' + worker if worker else ''}"[-63:]
    admin = psycopg.connect(
        host=parts["HOST"] or "127.0.0.1",
        port=parts["PORT"] or 5432,
        user=parts["USER"],
        password=parts["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{database}"')
        try:
            yield urlsplit(shared)._replace(path=f"/{database}").geturl()
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@contextlib.contextmanager
def demo_installation(name: str, data_dir: Path) -> Iterator[tuple[dict[str, str], str]]:
    """A production environment on a database of its own (see ``own_database``), migrated,
    with the library and the demo loaded; yields the environment and the database URL."""
    with own_database(name, data_dir) as database_url:
        env = base_environment(data_dir, DATABASE_URL=database_url)
        panelist("migrate", "--no-input", "-v", "0", env=env)
        panelist("rubric", "load", env=env)
        panelist("demo", "--force", env=env)
        yield env, database_url


def create_sessions(env: dict[str, str]) -> tuple[str, dict[str, str]]:
    """A signed-in session per role, written straight into the server's session store."""
    output = panelist("shell", "-c", _CREATE_SESSIONS % json.dumps(USERS_BY_ROLE), env=env)
    line = next(line for line in output.splitlines() if line.startswith("SESSIONS "))
    found = json.loads(line.removeprefix("SESSIONS "))
    return found["cookie"], found["keys"]


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def set_cookies(self) -> list[str]:
        return self.headers.get_all("Set-Cookie") or []


@dataclass
class Server:
    port: int
    log: Path
    env: dict[str, str]

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        cookies: dict[str, str] | None = None,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        through_proxy: bool = True,
    ) -> Answer:
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if through_proxy:
            sent["X-Forwarded-Proto"] = "https"
        if cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            connection.close()


@contextlib.contextmanager
def serving(env: dict[str, str], log: Path) -> Iterator[Server]:
    """`panelist serve` until the block ends; its output goes to ``log``."""
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "panelist", "serve"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        port = _wait_for_port(process, log)
        yield Server(port=port, log=log, env=env)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_port(process: subprocess.Popen, log: Path) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        text = log.read_text()
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", text)
        if found and "Booting worker" in text:
            return int(found[1])
        if process.poll() is not None:
            raise AssertionError(f"panelist serve stopped ({process.returncode}):\n{text}")
        time.sleep(0.2)
    raise AssertionError(f"panelist serve did not listen within 120 s:\n{log.read_text()}")
