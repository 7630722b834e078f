"""Backing up and restoring the whole database, while the app runs.

SQLite goes through its online backup API (a consistent copy even while requests write);
PostgreSQL through `pg_dump` in its custom format and `pg_restore`. A backup is written beside
its target and renamed when complete, so a file at PATH is always a whole backup.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections

from panelist.core.errors import DomainError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
PAGES_PER_STEP = 256

Progress = Callable[[int, int], None]  # (done, total)


class BackupError(DomainError):
    """The backup or restore could not be made; the message says what to do."""


@dataclass(frozen=True)
class Outcome:
    engine: str
    path: Path
    size: int


def _no_progress(done: int, total: int) -> None:
    return None


def _settings() -> dict:
    return connections[DEFAULT_DB_ALIAS].settings_dict


def _engine() -> str:
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def database_backup(*, path: Path, overwrite: bool = False, progress: Progress = _no_progress):
    """Write a backup of the default database to ``path``."""
    engine = _engine()
    path = path.expanduser().resolve()
    if path.exists() and not overwrite:
        raise BackupError(f"{path} exists; name a new file, or pass --force to replace it.")
    if not path.parent.is_dir():
        raise BackupError(f"Folder {path.parent} does not exist; create it first.")
    partial = path.with_name(f".{path.name}.partial")
    try:
        if engine == "sqlite":
            _sqlite_backup(partial, progress)
        else:
            _pg_dump(partial, progress)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Outcome(engine=engine, path=path, size=path.stat().st_size)


def database_restore(*, path: Path, force: bool = False, progress: Progress = _no_progress):
    """Replace the default database's content with the backup at ``path``."""
    engine = _engine()
    path = path.expanduser().resolve()
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    with path.open("rb") as backup:
        head = backup.read(len(SQLITE_MAGIC))
    made_by = (
        "sqlite" if head == SQLITE_MAGIC else "postgresql" if head[:5] == PG_DUMP_MAGIC else ""
    )
    if not made_by:
        raise BackupError(f"{path} is not a Panelist backup (neither SQLite nor pg_dump -Fc).")
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
    if engine == "sqlite":
        _sqlite_restore(path, progress)
    else:
        _pg_restore(path, progress)
    return Outcome(engine=engine, path=path, size=path.stat().st_size)


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
