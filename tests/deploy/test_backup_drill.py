"""The backup drill, on the database of the run (SQLite, or PostgreSQL when DATABASE_URL says
so; CI runs both): make data and a candidate's upload, back up while the server runs, wipe the
database and the uploads folder, restore, and every opening's JSON export and the uploaded
file come back byte for byte.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import tarfile
import time
from pathlib import Path

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


# A candidate's file, sent through the portal's service as the candidate's page does; the
# answer says where it is kept.
_UPLOAD = """
import json
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from panelist.hiring.models import Application
from panelist.portal.models import FileKind
from panelist.portal.services import file_upload
stored = file_upload(
    application=Application.objects.order_by("pk").first(),
    kind=FileKind.CV,
    upload=SimpleUploadedFile("cv.pdf", open(%r, "rb").read(), content_type="application/pdf"),
)
print("STORED " + json.dumps({"id": stored.pk, "name": stored.file.name,
                              "uploads": str(settings.MEDIA_ROOT)}))
"""

# The file as Panelist reads it back: through its record and the storage.
_READ_FILE = """
import base64
from panelist.portal.models import CandidateFile
with CandidateFile.objects.get(pk=%d).file.open("rb") as file:
    print("FILE " + base64.b64encode(file.read()).decode("ascii"))
"""

_FILE_KNOWN = """
from panelist.portal.models import CandidateFile
print("KNOWN", CandidateFile.objects.filter(pk=%d).exists())
"""

# A backup of the database alone, the format made before backups carried the files.
_DATABASE_ONLY = """
from pathlib import Path
from django.db import connection
from panelist.core.backups import database_dump
database_dump(path=Path(%r), engine=connection.vendor)
"""


def _upload(env, content: bytes, folder: Path) -> dict:
    sent = folder / "sent.pdf"
    sent.write_bytes(content)
    output = panelist("shell", "-c", _UPLOAD % str(sent), env=env)
    line = next(line for line in output.splitlines() if line.startswith("STORED "))
    return json.loads(line.removeprefix("STORED "))


def _read_file(env, file_id: int) -> bytes:
    output = panelist("shell", "-c", _READ_FILE % file_id, env=env)
    line = next(line for line in output.splitlines() if line.startswith("FILE "))
    return base64.b64decode(line.removeprefix("FILE "))


def _exports(env) -> dict[int, bytes]:
    """Every opening's JSON export, by opening id."""
    output = panelist("shell", "-c", _EXPORTS, env=env)
    line = next(line for line in output.splitlines() if line.startswith("EXPORTS "))
    found = json.loads(line.removeprefix("EXPORTS "))
    return {int(opening_id): base64.b64decode(text) for opening_id, text in found.items()}


def _wipe(database_url: str, data_dir, uploads: Path) -> None:
    shutil.rmtree(uploads)
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
    content = b"%PDF-1.7\n" + os.urandom(300_000) + b"\n%%EOF\n"  # every byte value, binary
    stored = _upload(env, content, tmp_path)
    uploaded = Path(stored["uploads"]) / stored["name"]
    assert uploaded.read_bytes() == content
    before = _exports(env)
    assert len(before) >= 2 and all(len(export) > 200 for export in before.values())

    backup = tmp_path / "panelist.backup"
    with serving(env, data_dir / "serve.log") as server:
        assert server.request("/healthz").status == 200
        backup_seconds, backed_up = _timed("backup", str(backup), env=env)
        assert server.request("/healthz").status == 200
    assert f"and 1 candidates' file to {backup}" in backed_up
    assert backup.stat().st_mode & 0o777 == 0o600  # hashes and two-factor seeds: owner only
    with tarfile.open(backup) as archive:
        assert f"uploads/{stored['name']}" in archive.getnames()

    _wipe(database_url, data_dir, Path(stored["uploads"]))
    assert not uploaded.exists()
    restore_seconds, said = _timed("restore", str(backup), env=env)
    assert "Restored" in said and "and 1 candidates' file from" in said
    after = _exports(env)
    assert uploaded.read_bytes() == content
    assert _read_file(env, stored["id"]) == content

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


def test_a_backup_of_the_database_alone_still_restores(drill_environment, tmp_path):
    """Backups made before they carried the files: the database comes back, the uploads
    folder is left as it is, and the command says so."""
    env, _, _ = drill_environment
    before = _exports(env)
    old_backup = tmp_path / "database-only.backup"
    panelist("shell", "-c", _DATABASE_ONLY % str(old_backup), env=env)
    content = b"%PDF-1.4\n" + os.urandom(1000)
    stored = _upload(env, content, tmp_path)  # after the backup: its record is not in it

    said = panelist("restore", str(old_backup), "--force", env=env)
    assert "Restored the" in said and "candidates' file" not in said
    assert "This backup holds the database only" in said
    assert _exports(env) == before
    kept = panelist("shell", "-c", _FILE_KNOWN % stored["id"], env=env)
    assert "KNOWN False" in kept, "the database was replaced by the backup's"
    assert (Path(stored["uploads"]) / stored["name"]).read_bytes() == content, "files left"
