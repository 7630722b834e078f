"""A backup archive is read only as far as it is Panelist's own: files go back only inside the
uploads folder, and an archive without the manifest is no backup. (The drill in
tests/deploy/test_backup_drill.py makes and restores real ones.)"""

from __future__ import annotations

import io
import json
import tarfile

import pytest

from panelist.core.backups import MANIFEST, BackupError, backup_restore


def _archive(path, members: dict[str, bytes]) -> None:
    with tarfile.open(path, "w") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def _manifest(engine: str) -> bytes:
    return json.dumps(
        {"format": 1, "engine": engine, "database": "database.sqlite3", "files": 1}
    ).encode()


@pytest.mark.django_db
def test_a_file_aimed_outside_the_uploads_folder_is_refused_before_anything_changes(
    tmp_path, settings
):
    from django.db import connection

    settings.MEDIA_ROOT = str(tmp_path / "uploads")
    backup = tmp_path / "evil.backup"
    _archive(
        backup,
        {
            "database.sqlite3": b"not read",
            "uploads/../../escaped.txt": b"x",
            MANIFEST: _manifest(connection.vendor),
        },
    )
    with pytest.raises(BackupError, match="no file of the uploads folder"):
        backup_restore(path=backup, force=True)
    assert not (tmp_path / "escaped.txt").exists()
    assert not (tmp_path / "uploads").exists()


@pytest.mark.django_db
def test_an_archive_without_the_manifest_is_no_backup(tmp_path):
    backup = tmp_path / "other.tar"
    _archive(backup, {"database.sqlite3": b"x"})
    with pytest.raises(BackupError, match="is not a Panelist backup"):
        backup_restore(path=backup, force=True)
