"""The backup drill, on the database of the run (SQLite, or PostgreSQL when DATABASE_URL says
so; CI runs both): make data, back up while the server runs, wipe, restore, and every
opening's JSON export comes back byte for byte.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import psycopg
import pytest
from environ import Env

from tests.deploy.server import demo_installation, panelist, panelist_run, serving

_OPENINGS = """
import json
from panelist.hiring.models import Opening
print("OPENINGS " + json.dumps(
    [[o.pk, o.hiring_manager.username] for o in Opening.objects.select_related("hiring_manager")]
))
"""


def _exports(env) -> dict[int, bytes]:
    """Every opening's JSON export, as its own hiring manager (who reads every scorecard)."""
    output = panelist("shell", "-c", _OPENINGS, env=env)
    openings = json.loads(
        next(line for line in output.splitlines() if line.startswith("OPENINGS "))[9:]
    )
    exports = {}
    for opening_id, manager in openings:
        done = subprocess.run(
            [
                *(sys.executable, "-m", "panelist", "export", "--format", "json"),
                *("--opening", str(opening_id), "--out", "-", "--user", manager),
            ],
            env=env,
            capture_output=True,
            check=True,
            timeout=120,
        )
        exports[opening_id] = done.stdout
    return exports


def _wipe(database_url: str, data_dir) -> None:
    if database_url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            (data_dir / f"panelist.sqlite3{suffix}").unlink(missing_ok=True)
        return
    parts = Env.db_url_config(database_url)
    with psycopg.connect(
        host=parts["HOST"],
        port=parts["PORT"] or 5432,
        user=parts["USER"],
        password=parts["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE "{parts["NAME"]}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{parts["NAME"]}"')


def _timed(*args: str, env) -> tuple[float, str]:
    started = time.monotonic()
    output = panelist(*args, env=env)
    return time.monotonic() - started, output


def _own_seconds(said: str) -> float:
    """The time the command reports for its own work, without Python's and Django's start."""
    return float(re.search(r"([0-9.]+) s\)", said)[1])


@pytest.fixture(scope="module")
def drill_environment(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("drill-data")
    with demo_installation("drill", data_dir) as (env, database_url):
        yield env, database_url, data_dir


def test_backup_wipe_restore_gives_back_every_export_byte_for_byte(drill_environment, tmp_path):
    env, database_url, data_dir = drill_environment
    before = _exports(env)
    assert len(before) >= 2 and all(len(export) > 200 for export in before.values())

    backup = tmp_path / "panelist.backup"
    with serving(env, data_dir / "serve.log") as server:
        assert server.request("/healthz").status == 200
        backup_seconds, backed_up = _timed("backup", str(backup), env=env)
        assert server.request("/healthz").status == 200
    assert f"to {backup}" in backed_up

    _wipe(database_url, data_dir)
    restore_seconds, said = _timed("restore", str(backup), env=env)
    assert "Restored" in said
    after = _exports(env)

    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(
        f"{engine}: backup {_own_seconds(backed_up):.1f} s, restore {_own_seconds(said):.1f} s "
        f"(whole commands {backup_seconds:.1f} s and {restore_seconds:.1f} s), "
        f"{backup.stat().st_size / 1e6:.1f} MB, {len(before)} openings"
    )
    assert after == before


def test_restore_refuses_a_database_with_records_unless_forced(drill_environment, tmp_path):
    env, _, _ = drill_environment
    backup = tmp_path / "panelist.backup"
    panelist("backup", str(backup), env=env)

    refused = panelist_run("restore", str(backup), env=env)
    assert refused.returncode == 1
    assert "The database is not empty" in refused.stderr
    assert "--force" in refused.stderr

    again = panelist_run("backup", str(backup), env=env)
    assert again.returncode == 1
    assert "exists; name a new file, or pass --force" in again.stderr

    assert "Restored" in panelist("restore", str(backup), "--force", env=env)


def test_restore_refuses_a_file_that_is_no_backup(drill_environment, tmp_path):
    env, _, _ = drill_environment
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a database")
    refused = panelist_run("restore", str(not_a_backup), "--force", env=env, timeout=120)
    assert refused.returncode == 1
    assert "is not a Panelist backup" in refused.stderr
