"""The backup drill, on the database of the run (SQLite, or PostgreSQL when DATABASE_URL says
so; CI runs both): make data, back up while the server runs, wipe, restore, and every
opening's JSON export comes back byte for byte.
"""

from __future__ import annotations

import base64
import json
import re
import time

import psycopg
import pytest
from environ import Env

from tests.deploy.server import demo_installation, panelist, panelist_run, serving

# Every opening's JSON export, as its own hiring manager (who reads every scorecard), made by
# the export command in one process rather than one process per opening (each start costs
# seconds); base64 keeps the bytes exact through the JSON line.
_EXPORTS = """
import base64, io, json
from django.core.management import call_command
from panelist.hiring.models import Opening
exports = {}
for opening in Opening.objects.select_related("hiring_manager").order_by("pk"):
    out = io.StringIO()
    call_command(
        "export", format="json", opening=opening.pk, out="-",
        user=opening.hiring_manager.username, stdout=out,
    )
    exports[opening.pk] = base64.b64encode(out.getvalue().encode("utf-8")).decode("ascii")
print("EXPORTS " + json.dumps(exports))
"""


def _exports(env) -> dict[int, bytes]:
    """Every opening's JSON export, by opening id."""
    output = panelist("shell", "-c", _EXPORTS, env=env)
    line = next(line for line in output.splitlines() if line.startswith("EXPORTS "))
    found = json.loads(line.removeprefix("EXPORTS "))
    return {int(opening_id): base64.b64decode(text) for opening_id, text in found.items()}


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
    assert backup.stat().st_mode & 0o777 == 0o600  # hashes and two-factor seeds: owner only

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
