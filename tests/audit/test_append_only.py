"""Audit events are written once: Python refuses to change or delete them, the database
refuses UPDATE (and, on PostgreSQL, DELETE) whatever the client, and only the retention purge
deletes, only what is past the retention."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from panelist.audit import services
from panelist.audit.models import AppendOnly, AuditEvent, EventKind

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def event(db):
    return services.record(EventKind.SIGNED_IN, actor_name="maya")


def test_a_stored_event_cannot_be_saved_again(event):
    event.actor_name = "someone else"
    with pytest.raises(AppendOnly):
        event.save()


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(actor_name="someone else")
    assert AuditEvent.objects.get(pk=event.pk).actor_name == "maya"


def test_the_database_refuses_an_update_in_sql(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_name = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).actor_name == "maya"


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres") is False,
    reason="SQLite refuses DELETE from Python only (see migration audit 0002)",
)
def test_postgresql_refuses_a_delete_in_sql(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_purge_command_deletes_old_events_and_records_itself(db, settings, monkeypatch):
    settings.PANELIST_AUDIT_RETENTION_DAYS = 200
    old = services.record(EventKind.SIGNED_IN, actor_name="old")
    # 200 days and a second later, ``old`` is past the retention; a fresh event is not.
    later = old.at + timedelta(days=200, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    fresh = AuditEvent.objects.create(kind=EventKind.SIGNED_IN, actor_name="fresh", at=later)
    out = io.StringIO()
    call_command("audit", "purge", "--dry-run", stdout=out)
    due = AuditEvent.objects.filter(at__lt=later - timedelta(days=200)).count()
    assert f"Would delete {due} audit event(s)" in out.getvalue()
    assert AuditEvent.objects.filter(pk=old.pk).exists(), "a dry run deleted"

    call_command("audit", "purge", stdout=out)
    assert f"Deleted {due} audit event(s)" in out.getvalue()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=fresh.pk).exists()
    purged = AuditEvent.objects.get(kind=EventKind.AUDIT_PURGED)
    assert purged.details["deleted"] == due and purged.details["retention_days"] == 200
    # The permit the purge used is gone with its transaction: deletes are refused again.
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [fresh.pk])


@pytest.mark.parametrize("days, accepted", [("182", False), ("183", True), ("soon", False)])
def test_a_retention_under_six_months_stops_the_start(days, accepted, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(SRC), "PANELIST_DATA_DIR": str(tmp_path)}
    env["PANELIST_AUDIT_RETENTION_DAYS"] = days
    env["DJANGO_SETTINGS_MODULE"] = "panelist.settings"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode == 0) is accepted, result.stderr[-500:]
    if not accepted:
        assert "PANELIST_AUDIT_RETENTION_DAYS" in result.stderr
    if days == "182":
        assert "at least 183 days" in result.stderr


def test_details_refuse_text_people_wrote(db):
    with pytest.raises(services.BadDetails):
        services.record(EventKind.DECISION_RECORDED, rationale="short")
    with pytest.raises(services.BadDetails):
        services.record(EventKind.EXPORTED, format="x" * 500)
    with pytest.raises(services.BadDetails):
        services.record(EventKind.EXPORTED, nested={"a": 1})
