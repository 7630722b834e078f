"""`panelist worker` sends what the services queued; a refused delivery is queued again for
its retry time; two worker processes on PostgreSQL send each delivery once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from panelist.hiring import services as hiring
from panelist.hiring.models import Stage
from panelist.webhooks.models import Delivery, DeliveryStatus, Subscription
from panelist.webhooks.services import emit
from panelist.webhooks.tasks import deliver
from tests import factories

SRC = Path(__file__).resolve().parents[2] / "src"
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_a_stage_change_queued(
    library, people, settings, subscribed, receiver
):
    settings.TASKS = DATABASE_BACKEND
    application = factories.ApplicationFactory(
        opening=factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    )
    hiring.application_move(actor=people.recruiter, application=application, stage=Stage.DEBRIEF)
    assert receiver.received == [], "nothing leaves before the worker runs"

    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)

    (received,) = receiver.verified()
    assert received.payload["type"] == "application.stage_changed"
    assert received.payload["data"]["stage"] == "debrief"
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


@pytest.mark.django_db(transaction=True)
def test_a_refused_delivery_is_queued_again_for_its_retry_time(
    people, settings, subscribed, receiver
):
    settings.TASKS = DATABASE_BACKEND
    receiver.answers = [500]
    emit("decision.made", application_id=1, decision_id=1)
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    retry = DBTaskResult.objects.get(task_path=deliver.module_path, status="READY")
    assert retry.args_kwargs["kwargs"] == {"delivery_id": delivery.pk}
    assert retry.run_after == delivery.next_attempt_at


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_on_postgresql_send_each_delivery_once(
    people, settings, subscribed, receiver
):
    if connection.vendor != "postgresql":
        pytest.skip("runs on PostgreSQL (set DATABASE_URL)")
    settings.TASKS = DATABASE_BACKEND
    for n in range(20):
        emit("decision.made", application_id=n + 1, decision_id=n + 1)
    ids = list(Delivery.objects.values_list("pk", flat=True))
    for _ in range(2):  # every send queued three times in all: duplicated and retried tasks
        for delivery_id in ids:
            deliver.enqueue(delivery_id=delivery_id)

    database = settings.DATABASES["default"]
    env = os.environ | {
        "PYTHONPATH": str(SRC),
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "PANELIST_TASKS_BACKEND": "database",
        "PANELIST_REMIND_EVERY_SECONDS": "0",
        "PANELIST_WEBHOOKS_ALLOW_PRIVATE": "true",  # the receiver is on 127.0.0.1
    }
    command = [sys.executable, "-m", "panelist", "worker", "--batch", "--no-startup-delay"]
    workers = [
        subprocess.Popen([*command, "--worker-id", f"w{n}"], env=env, stdout=subprocess.PIPE)
        for n in (1, 2)
    ]
    outputs = [worker.communicate(timeout=300)[0].decode() for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0]

    # Each attempt leaves once. A receiver that answers after the sender's timeout (a loaded
    # machine) gets the retry too, as webhooks allow (receivers dedupe on webhook-id): a
    # second copy is only acceptable where the delivery records a second attempt.
    received = Counter(r.headers["webhook-id"] for r in receiver.verified())
    attempts = dict(Delivery.objects.values_list("event_id", "attempts"))
    assert set(received) == set(attempts) and len(received) == 20
    assert {e: n for e, n in received.items() if n > attempts[e]} == {}
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}
    assert Subscription.objects.get().consecutive_failures == 0
    assert all("state=SUCCESSFUL" in output for output in outputs), "both workers ran tasks"
