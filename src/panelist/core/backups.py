"""Backing up and restoring the whole installation (the database and candidates' uploaded
files), while the app runs.

A backup is one tar archive holding ``database.sqlite3`` (SQLite's online backup API: a
consistent copy even while requests write) or ``database.pgdump`` (`pg_dump` in its custom
format), every file under the uploads folder as ``uploads/…``, and last a manifest,
``panelist-backup.json``. The database is copied first and the files after it, so every file
the copy refers to is in the archive unless it was deleted in between (a file uploaded in
between is carried too, unreferenced). The archive is written beside its target and renamed
when complete, so a file at PATH is always a whole backup.

Backups made before the files were carried are the bare database file (SQLite or pg_dump);
``backup_restore`` still reads them, restoring the database and leaving the uploads folder as
it is.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from panelist.core.errors import DomainError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
PAGES_PER_STEP = 256
MANIFEST = "panelist-backup.json"
FORMAT = 1
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
UPLOADS = "uploads"

Progress = Callable[[int, int], None]  # (done, total)


class BackupError(DomainError):
    """The backup or restore could not be made; the message says what to do."""


@dataclass(frozen=True)
class Outcome:
    engine: str
    path: Path
    size: int
    # Candidates' files carried; None when the backup holds the database only (made before
    # backups carried the files, or with the files kept in S3 storage).
    files: int | None


def _no_progress(done: int, total: int) -> None:
    return None


def _settings() -> dict:
    return connections[DEFAULT_DB_ALIAS].settings_dict


def _engine() -> str:
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def uploads_folder() -> Path | None:
    """Where candidates' files are kept, or None when they are not on this machine (S3)."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


def _private_file(path: Path) -> None:
    """Create ``path`` empty, readable by the owner only: a backup holds password hashes,
    two-factor seeds, sign-in sessions and candidates' documents. The writers keep the mode."""
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def backup_write(
    *,
    path: Path,
    overwrite: bool = False,
    progress: Progress = _no_progress,
    files_progress: Progress = _no_progress,
) -> Outcome:
    """Write a backup of the default database and the uploaded files to ``path``."""
    engine = _engine()
    path = path.expanduser().resolve()
    if path.exists() and not overwrite:
        raise BackupError(f"{path} exists; name a new file, or pass --force to replace it.")
    if not path.parent.is_dir():
        raise BackupError(f"Folder {path.parent} does not exist; create it first.")
    partial = path.with_name(f".{path.name}.partial")
    database = path.with_name(f".{path.name}.database.partial")
    uploads = uploads_folder()
    try:
        _private_file(partial)
        _private_file(database)
        database_dump(path=database, engine=engine, progress=progress)
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as archive:
            archive.add(database, arcname=DATABASE_MEMBER[engine], recursive=False)
            database.unlink()
            files = _add_uploads(archive, uploads, files_progress) if uploads else None
            manifest = json.dumps(
                {
                    "format": FORMAT,
                    "engine": engine,
                    "database": DATABASE_MEMBER[engine],
                    "files": files,
                    "made_at": timezone.now().isoformat(),
                },
                indent=2,
            ).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode = len(manifest), 0o600
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(manifest))
        os.chmod(partial, 0o600)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
        database.unlink(missing_ok=True)
    return Outcome(engine=engine, path=path, size=path.stat().st_size, files=files)


def _upload_files(folder: Path) -> list[Path]:
    """Every regular file under ``folder``; links are not followed out of it."""
    if not folder.is_dir():
        return []
    found = []
    for root, _dirs, names in os.walk(folder):
        for name in names:
            file = Path(root, name)
            if file.is_file() and not file.is_symlink():
                found.append(file)
    return sorted(found)


def _add_uploads(archive: tarfile.TarFile, folder: Path, progress: Progress) -> int:
    files = _upload_files(folder)
    added = 0
    for done, file in enumerate(files, start=1):
        try:
            archive.add(file, arcname=f"{UPLOADS}/{file.relative_to(folder).as_posix()}")
        except FileNotFoundError:
            pass  # deleted since the listing (a candidate removed it): nothing to carry
        else:
            added += 1
        progress(done, len(files))
    return added


def database_dump(*, path: Path, engine: str, progress: Progress = _no_progress) -> None:
    """Copy the database alone into ``path`` (created if missing): the archive's database
    member, and by itself the format of backups made before they carried the files."""
    if engine == "sqlite":
        _sqlite_backup(path, progress)
    else:
        _pg_dump(path, progress)


def _database_kind(head: bytes) -> str:
    if head == SQLITE_MAGIC:
        return "sqlite"
    if head[:5] == PG_DUMP_MAGIC:
        return "postgresql"
    return ""


@dataclass(frozen=True)
class _Archive:
    engine: str
    database: tarfile.TarInfo
    uploads: list[tuple[tarfile.TarInfo, PurePosixPath]]  # member, path under the folder
    carries_files: bool  # False when the files were in S3 storage when it was made


def _read_archive(archive: tarfile.TarFile, path: Path) -> _Archive:
    members = {member.name: member for member in archive.getmembers()}
    not_ours = BackupError(f"{path} is not a Panelist backup (no {MANIFEST} in the archive).")
    if MANIFEST not in members:
        raise not_ours
    try:
        manifest = json.loads(archive.extractfile(members[MANIFEST]).read())
        engine, database = manifest["engine"], members[manifest["database"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        raise not_ours from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} is a backup of format {manifest.get('format')}; this version reads format "
            f"{FORMAT}. Restore it with the version that made it."
        )
    uploads = []
    for name, member in members.items():
        relative = PurePosixPath(name)
        if relative.parts[:1] != (UPLOADS,):
            continue
        inside = PurePosixPath(*relative.parts[1:])
        if not member.isfile() or relative.is_absolute() or ".." in relative.parts:
            raise BackupError(f"{path} holds {name!r}, which is no file of the uploads folder.")
        uploads.append((member, inside))
    return _Archive(
        engine=engine,
        database=database,
        uploads=uploads,
        carries_files=manifest.get("files") is not None,
    )


def backup_restore(
    *,
    path: Path,
    force: bool = False,
    progress: Progress = _no_progress,
    files_progress: Progress = _no_progress,
) -> Outcome:
    """Replace the default database's content with the backup at ``path`` and put the files
    it carries back in the uploads folder (files there that it does not carry are left)."""
    engine = _engine()
    path = path.expanduser().resolve()
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    with path.open("rb") as backup:
        made_by = _database_kind(backup.read(len(SQLITE_MAGIC)))
    if made_by:  # the older format: the database alone
        _check_target(path, made_by, engine, force)
        _database_restore(path, engine, progress)
        return Outcome(engine=engine, path=path, size=path.stat().st_size, files=None)
    if not tarfile.is_tarfile(path):
        raise BackupError(
            f"{path} is not a Panelist backup (neither a backup archive, SQLite nor pg_dump -Fc)."
        )
    with tarfile.open(path, "r:") as archive:
        found = _read_archive(archive, path)
        _check_target(path, found.engine, engine, force)
        uploads = uploads_folder()
        if found.uploads and uploads is None:
            raise BackupError(
                f"{path} carries {len(found.uploads)} candidates' files and the files are kept "
                "in S3 storage here; restore with PANELIST_FILE_STORAGE=local, then copy the "
                "uploads folder to the bucket. Nothing changed."
            )
        with tempfile.TemporaryDirectory(dir=settings.DATA_DIR, prefix=".restore-") as work:
            database = Path(work) / found.database.name
            with archive.extractfile(found.database) as source, database.open("wb") as target:
                shutil.copyfileobj(source, target)
            _database_restore(database, engine, progress)
        for done, (member, inside) in enumerate(found.uploads, start=1):
            _put_file(archive, member, uploads / inside)
            files_progress(done, len(found.uploads))
    files = len(found.uploads) if found.carries_files else None
    return Outcome(engine=engine, path=path, size=path.stat().st_size, files=files)


def _put_file(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    """Write one file in place whole (through a neighbour renamed over it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with archive.extractfile(member) as source, partial.open("wb") as written:
            shutil.copyfileobj(source, written)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _check_target(path: Path, made_by: str, engine: str, force: bool) -> None:
    if made_by not in DATABASE_MEMBER:
        raise BackupError(f"{path} is not a Panelist backup (its database is {made_by!r}).")
    if made_by != engine:
        raise BackupError(
            f"{path} is a {made_by} backup and this database is {engine}; restore it into a "
            f"{made_by} database (set DATABASE_URL)."
        )
    held = rows_held()
    if held and not force:
        raise BackupError(
            f"The database is not empty ({held}); restoring replaces all of it. Back it up "
            "first (`panelist backup PATH`), then run the restore again with --force."
        )


def _database_restore(path: Path, engine: str, progress: Progress) -> None:
    _replace_database(path, engine, progress)
    from django.core.cache import cache
    from django.db import connection

    from panelist.core import revisions

    if "core_revision" in connection.introspection.table_names():  # else: migrate draws one
        revisions.start_new_epoch(connection)
    cache.clear()


def _replace_database(path: Path, engine: str, progress: Progress) -> None:
    if engine == "sqlite":
        _sqlite_restore(path, progress)
    else:
        _pg_restore(path, progress)


def rows_held() -> str:
    """What the database holds of Panelist's own records, e.g. '12 users, 3 openings', or ''."""
    connection = connections[DEFAULT_DB_ALIAS]
    existing = set(connection.introspection.table_names())
    held = []
    for model in apps.get_models():
        if not model.__module__.startswith("panelist."):
            continue
        if model._meta.db_table not in existing or model._meta.proxy:
            continue
        count = model._default_manager.count()
        if count:
            held.append(f"{count} {model._meta.verbose_name_plural}")
    return ", ".join(held[:3]) + (", …" if len(held) > 3 else "")


# SQLite ---------------------------------------------------------------------------------


def _sqlite_file() -> Path:
    return Path(_settings()["NAME"])


def _copy_sqlite(
    source: sqlite3.Connection, target: sqlite3.Connection, progress: Progress, *, journal: str
) -> None:
    """Copy ``source`` into ``target`` a few pages at a time, give the copy its journal mode,
    and close both connections."""

    def step(status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total)

    try:
        source.backup(target, pages=PAGES_PER_STEP, progress=step)
        target.execute(f"PRAGMA journal_mode={journal}")
    finally:
        target.close()
        source.close()


def _sqlite_backup(partial: Path, progress: Progress) -> None:
    source = sqlite3.connect(_sqlite_file())
    # One self-contained file: the copy carries no write-ahead log of its own.
    _copy_sqlite(source, sqlite3.connect(partial), progress, journal="DELETE")


def _sqlite_restore(path: Path, progress: Progress) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        if source.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{path} is damaged (SQLite's quick_check failed); nothing changed.")
    except sqlite3.DatabaseError as error:
        source.close()
        raise BackupError(f"{path} cannot be read as SQLite ({error}); nothing changed.") from None
    connections.close_all()
    _copy_sqlite(source, sqlite3.connect(_sqlite_file(), timeout=20), progress, journal="WAL")


# PostgreSQL -----------------------------------------------------------------------------


def _pg_arguments() -> tuple[list[str], dict[str, str]]:
    settings = _settings()
    arguments = [f"--dbname={settings['NAME']}"]
    if settings.get("HOST"):
        arguments.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        arguments.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        arguments.append(f"--username={settings['USER']}")
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return arguments, env


def _user_tables() -> int:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        )
        return cursor.fetchone()[0]


def _run_counting(command: list[str], env: dict, pattern: str, total: int, progress: Progress):
    """Run a pg_dump/pg_restore in verbose mode, counting the lines that mark a table done."""
    marker = re.compile(pattern)
    done, tail = 0, []
    try:
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed; install PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client)."
        ) from None
    for line in process.stderr:
        if marker.search(line):
            done += 1
            progress(min(done, total), total)
        elif "error" in line.lower() or "fatal" in line.lower():
            tail.append(line.strip())
    if process.wait() != 0:
        raise BackupError(f"{command[0]} failed: {' '.join(tail[-3:]) or 'see its output'}")
    progress(total, total)


def _pg_dump(partial: Path, progress: Progress) -> None:
    arguments, env = _pg_arguments()
    command = ["pg_dump", "--format=custom", "--verbose", f"--file={partial}", *arguments]
    _run_counting(command, env, r"dumping contents of table", _user_tables(), progress)


def _pg_restore(path: Path, progress: Progress) -> None:
    listing = subprocess.run(
        ["pg_restore", "--list", str(path)], capture_output=True, text=True, check=False
    )
    if listing.returncode != 0:
        raise BackupError(f"{path} cannot be read by pg_restore: {listing.stderr.strip()}")
    total = sum(1 for line in listing.stdout.splitlines() if " TABLE DATA " in line)
    connections.close_all()
    arguments, env = _pg_arguments()
    command = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        "--verbose",
        *arguments,
        str(path),
    ]
    _run_counting(command, env, r"processing data for table", total, progress)
