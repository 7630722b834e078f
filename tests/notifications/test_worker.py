"""`panelist worker` runs what the database backend queued; two workers on PostgreSQL send
each queued notification once."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from panelist.interviews import services as interviews
from panelist.library.models import Dimension, InterviewFormat
from panelist.notifications.models import Notification, Status
from panelist.notifications.services import reminders_schedule
from panelist.notifications.tasks import send_notification
from tests import factories

SRC = Path(__file__).resolve().parents[2] / "src"
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queued_mail(mail_to_smtp, settings):
    settings.TASKS = DATABASE_BACKEND
    return mail_to_smtp


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_an_assignment_queued(library, people, queued_mail):
    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    interviews.assignment_create(
        actor=people.manager,
        application=factories.ApplicationFactory(opening=opening),
        member=people.member,
        dimensions=[Dimension.objects.get(key="coding")],
        interview_format=InterviewFormat.objects.get(key="code-review"),
        scheduled_at=timezone.now() + timedelta(days=3),
    )
    assert queued_mail.messages == []

    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)

    [message] = queued_mail.to(people.member.email)
    assert message["Subject"].startswith("[Northwind Research] Interview:")
    assert Notification.objects.get().status == Status.SENT


@pytest.mark.django_db(transaction=True)
def test_remind_command_queues_the_due_reminders(library, people, queued_mail, capsys):
    factories.AssignmentFactory(
        member=people.member,
        scheduled_at=timezone.now() - timedelta(hours=3),
        feedback_due=timezone.now() + timedelta(days=2),
    )
    call_command("remind", "--dry-run")
    assert Notification.objects.count() == 0
    call_command("remind")
    assert "1 notification(s) queued" in capsys.readouterr().out
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    [message] = queued_mail.messages
    assert message["Subject"].startswith("[Northwind Research] Scorecard due")


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_on_postgresql_send_each_notification_once(
    library, queued_mail, settings
):
    if connection.vendor != "postgresql":
        pytest.skip("runs on PostgreSQL (set DATABASE_URL)")
    members = [factories.UserFactory() for _ in range(30)]
    for member in members:
        factories.AssignmentFactory(
            member=member,
            scheduled_at=timezone.now() - timedelta(hours=3),
            feedback_due=timezone.now() + timedelta(days=2),
        )
    assert reminders_schedule() == 30
    ids = list(Notification.objects.values_list("pk", flat=True))
    for _ in range(3):  # every send queued three times: duplicated and retried tasks
        for notification_id in ids:
            send_notification.enqueue(notification_id=notification_id)

    database = settings.DATABASES["default"]
    env = os.environ | {
        "PYTHONPATH": str(SRC),
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "EMAIL_URL": f"smtp://127.0.0.1:{queued_mail.port}",
        "PANELIST_TASKS_BACKEND": "database",
        "PANELIST_REMIND_EVERY_SECONDS": "0",
        "PANELIST_ORGANISATION_NAME": "Northwind Research",
    }
    command = [sys.executable, "-m", "panelist", "worker", "--batch", "--no-startup-delay"]
    workers = [
        subprocess.Popen([*command, "--worker-id", f"w{n}"], env=env, stdout=subprocess.PIPE)
        for n in (1, 2)
    ]
    outputs = [worker.communicate(timeout=300)[0].decode() for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0]

    assert len(queued_mail.messages) == 30
    assert sorted(m["To"].split("<")[1].rstrip(">") for m in queued_mail.messages) == sorted(
        m.email for m in members
    )
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}
    assert all("state=SUCCESSFUL" in output for output in outputs), "both workers ran tasks"
