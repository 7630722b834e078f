"""Erasure on the real database: after it, a full dump of the database and the storage folder
hold none of the markers planted about the candidate, and the statistics still run."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.db import connection

from panelist.audit.models import AuditEvent, EventKind
from panelist.calibration import services as calibration
from panelist.exports.services import opening_export
from panelist.fairness.models import SelfIdentification
from panelist.hiring.models import ApplicationEvent, Candidate
from panelist.interviews.models import Rating
from panelist.notifications.models import Notification
from panelist.outcomes.models import DimensionReview
from panelist.privacy import services
from panelist.privacy.services import ErasureReason
from tests.privacy.planting import (
    plant_candidate_side,
    plant_committee_work,
    plant_decision,
    plant_later_work,
)


def database_dump() -> str:
    """The whole database as SQL: pg_dump on PostgreSQL, the sqlite3 module's .dump on
    SQLite (read through Django's own connection)."""
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        command = ["pg_dump", "--no-owner", "--data-only", "-d", settings["NAME"]]
        command += ["-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
        command += ["-U", settings["USER"] or "postgres"]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout
    connection.ensure_connection()
    return "\n".join(connection.connection.iterdump())


def storage_text(root: Path) -> str:
    return "\n".join(
        path.read_bytes().decode("latin-1") for path in Path(root).rglob("*") if path.is_file()
    )


@pytest.fixture
def planted(transactional_db, settings, process, people):
    application = process.application
    markers = plant_committee_work(application, people.manager)
    markers += plant_candidate_side(application, "ZQXC")
    plant_decision(application, people.manager)
    markers += plant_later_work(application, people.manager)
    return markers


def _missing(markers, text) -> list[str]:
    return [marker for marker in markers if marker.lower() not in text.lower()]


def test_erasure_leaves_no_marker_in_the_dump_or_the_storage(planted, settings, process):
    before = database_dump() + storage_text(settings.MEDIA_ROOT)
    assert _missing(planted, before) == [], "every marker is planted before the erasure"
    ratings = Rating.objects.filter(scorecard__assignment__application=process.application)
    rating_values = sorted(ratings.values_list("value", flat=True))

    services.candidate_erase(
        candidate=process.application.candidate, reason=ErasureReason.CANDIDATE_REQUEST
    )

    after = database_dump() + storage_text(settings.MEDIA_ROOT)
    left = [marker for marker in planted if marker.lower() in after.lower()]
    assert left == []
    assert sorted(ratings.values_list("value", flat=True)) == rating_values
    assert ApplicationEvent.objects.filter(application=process.application).exists()
    assert not SelfIdentification.objects.exists(), "how they described themselves goes whole"
    assert DimensionReview.objects.get().rating == 3, "a review's rating stays for validity"


def test_the_erasure_is_in_the_audit_log_without_the_erased_data(planted, process):
    candidate = process.application.candidate
    services.candidate_erase(candidate=candidate, reason=ErasureReason.CANDIDATE_REQUEST)
    event = AuditEvent.objects.get(kind=EventKind.CANDIDATE_ERASED)
    assert event.details["candidate_id"] == candidate.pk
    assert event.details["reason"] == ErasureReason.CANDIDATE_REQUEST
    assert event.target_label == f"candidate {candidate.pk}"


def test_open_mail_about_the_candidate_and_its_queued_tasks_are_dropped(planted, process):
    from django_tasks_db.models import DBTaskResult

    from panelist.notifications.tasks import send_notification

    pending = list(Notification.objects.filter(status="pending").values_list("pk", flat=True))
    assert pending
    queued = DBTaskResult.objects.filter(task_path__endswith="send_notification")
    if not queued.exists():  # the planted row was written without its task: queue it
        send_notification.enqueue(notification_id=pending[0])
    assert queued.exists()
    services.candidate_erase(
        candidate=process.application.candidate, reason=ErasureReason.CANDIDATE_REQUEST
    )
    assert not Notification.objects.filter(status="pending").exists()
    assert not queued.exists()
    sent = Notification.objects.get(status="sent")
    assert sent.context == {}


def test_calibration_and_reports_run_on_the_anonymised_numbers(planted, process, people):
    observed_before, cards_before = calibration.observations()
    services.candidate_erase(
        candidate=process.application.candidate, reason=ErasureReason.CANDIDATE_REQUEST
    )
    observed_after, cards_after = calibration.observations()
    assert cards_after == cards_before > 0
    assert {k: len(v.score) for k, v in observed_after.items()} == {
        k: len(v.score) for k, v in observed_before.items()
    }
    run = calibration.calibration_run()
    assert run.pk
    export = opening_export(people.manager, process.opening)
    assert export["applications"]
    assert "ZQXC" not in str(export)


def test_full_deletion_removes_the_ratings_too(planted, settings, process):
    candidate = process.application.candidate
    services.candidate_erase(candidate=candidate, reason=ErasureReason.CANDIDATE_REQUEST, full=True)
    assert not Candidate.objects.filter(pk=candidate.pk).exists()
    assert not Rating.objects.filter(scorecard__assignment__application=process.application)
    after = database_dump() + storage_text(settings.MEDIA_ROOT)
    assert [marker for marker in planted if marker.lower() in after.lower()] == []


def test_a_failed_erasure_keeps_the_files(planted, settings, process, monkeypatch):
    from panelist.portal.models import CandidateFile
    from panelist.privacy import erasers

    def fails(erasure):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(erasers, "ERASERS", [*erasers.ERASERS[:-1], fails])
    with pytest.raises(RuntimeError):
        services.candidate_erase(
            candidate=process.application.candidate, reason=ErasureReason.CANDIDATE_REQUEST
        )
    stored = CandidateFile.objects.get()
    assert stored.file.storage.exists(stored.file.name)
