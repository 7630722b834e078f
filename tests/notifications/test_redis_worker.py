"""On the Redis backend (django-tasks-rq), a task queued through Django's tasks API is run by
a real `panelist worker` process, and its mail arrives once."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from panelist.interviews import services as interviews
from panelist.library.models import Dimension, InterviewFormat
from panelist.notifications.models import Notification, Status
from panelist.notifications.tasks import send_notification
from tests import factories

SRC = Path(__file__).resolve().parents[2] / "src"
# A database number of its own, emptied of RQ's keys before and after.
REDIS_URL = os.environ.get("PANELIST_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def redis_queue(settings, mail_to_smtp):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")

    def clean() -> None:
        for key in client.scan_iter("rq:*"):
            client.delete(key)

    clean()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    yield client
    clean()
    client.close()


def _database_url(settings) -> str:
    database = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        return (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        )
    return f"sqlite:///{database['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_worker_on_redis_sends_the_queued_mail_once(
    library, people, redis_queue, mail_to_smtp, settings
):
    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    interviews.assignment_create(
        actor=people.manager,
        application=factories.ApplicationFactory(opening=opening),
        member=people.member,
        dimensions=[Dimension.objects.get(key="coding")],
        interview_format=InterviewFormat.objects.get(key="code-review"),
        scheduled_at=timezone.now() + timedelta(days=3),
    )
    notification = Notification.objects.get()
    send_notification.enqueue(notification_id=notification.pk)  # a duplicated task
    assert redis_queue.llen("rq:queue:default") == 2, "both tasks wait in Redis"
    assert mail_to_smtp.messages == []

    env = os.environ | {
        "PYTHONPATH": str(SRC),
        "DATABASE_URL": _database_url(settings),
        "REDIS_URL": REDIS_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_to_smtp.port}",
        "PANELIST_TASKS_BACKEND": "redis",
        "PANELIST_REMIND_EVERY_SECONDS": "0",
        "PANELIST_ORGANISATION_NAME": "Northwind Research",
    }
    worker = subprocess.run(
        [sys.executable, "-m", "panelist", "worker", "--batch", "--worker-id", "redis-test"],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr.decode()

    [message] = mail_to_smtp.messages
    assert message["To"].endswith(f"<{people.member.email}>")
    assert message["Subject"].startswith("[Northwind Research] Interview:")
    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert redis_queue.llen("rq:queue:default") == 0
    assert len(redis_queue.zrange("rq:finished:default", 0, -1)) == 2, "RQ ran both tasks"
