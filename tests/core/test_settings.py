"""Configuration from the environment: defaults for development, loud failures on bad values."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-production-secret-with-enough-variety-0123456789",
    "ALLOWED_HOSTS": "panelist.example.org",
    "EMAIL_URL": "smtp+tls://mailer:password@smtp.example.org:587",
    "PANELIST_BASE_URL": "https://panelist.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _panelist(*args: str, tmp_path, **env: str) -> subprocess.CompletedProcess:
    base = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "EMAIL_URL",
            "DATABASE_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    base["PANELIST_DATA_DIR"] = str(tmp_path / "data")
    return subprocess.run(
        [sys.executable, "-m", "panelist", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_development_defaults_need_no_variable(tmp_path):
    result = _panelist("check", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr


def test_deploy_check_passes_with_production_variables(tmp_path):
    result = _panelist(
        "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, **PRODUCTION
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": "mysql://root@localhost/panelist"}, "DATABASE_URL"),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://u@host:port/x"}, "DATABASE_URL"),
        ({"EMAIL_URL": "pigeon://coop"}, "EMAIL_URL"),
        ({"PANELIST_DATA_DIR": "/proc/forbidden"}, "PANELIST_DATA_DIR"),
        ({"PANELIST_MIN_EVIDENCE_CHARS": "twenty"}, "PANELIST_MIN_EVIDENCE_CHARS"),
        ({"TIME_ZONE": "Mars/Olympus_Mons"}, "TIME_ZONE"),
        ({"DATABASE_URL": "sqlite://"}, "DATABASE_URL"),
        ({"PANELIST_WEBHOOKS_ALLOW_PRIVATE": "perhaps"}, "PANELIST_WEBHOOKS_ALLOW_PRIVATE"),
        # Plain http to 127.0.0.1 is a receiver at a private address: both switches or neither.
        ({"PANELIST_WEBHOOKS_ALLOW_LOOPBACK": "true"}, "PANELIST_WEBHOOKS_ALLOW_LOOPBACK"),
    ],
)
def test_bad_setting_stops_the_start_naming_the_variable(tmp_path, overrides, variable):
    result = _panelist("check", tmp_path=tmp_path, **{**PRODUCTION, **overrides})
    assert result.returncode != 0
    assert f"Configuration error in {variable}:" in result.stderr
    assert "Traceback" not in result.stderr


def test_sqlite_runs_in_wal_mode(tmp_path):
    result = _panelist(
        "shell",
        "-c",
        "from django.db import connection\n"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "wal"


def test_database_password_is_not_printed_in_errors(tmp_path):
    result = _panelist(
        "check", tmp_path=tmp_path, DATABASE_URL="postgres://panelist:hunter2@db:notaport/x"
    )
    assert "Configuration error in DATABASE_URL:" in result.stderr
    assert "hunter2" not in result.stderr
    assert "panelist:***@db" in result.stderr
