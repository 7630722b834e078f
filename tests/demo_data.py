"""The demo's data, for the tests that start from it (the browser tests walk the demo).

``panelist demo`` takes 10 to 25 s (about 23,000 queries, each a round trip on PostgreSQL), and
some forty tests start from its data. ``demo_data()`` runs the command the first time a process
needs it and keeps a copy of every table (tests/snapshots.py); a later test gets the same rows
copied back, in about a second. The copy stands in for the command only where the command
would have started from the same place: the database exactly as the session's setup left it
(every row compared), the same day (the demo's story is counted back from ten this morning)
and the same password settings. Otherwise the command runs, as before.

The tests of the command itself (tests/core/test_demo.py: what it prints, that a second run
keeps the data, the password from the environment, the mail it must not send) run it.
"""

from __future__ import annotations

import io
import os

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from panelist.core.management.commands.demo import PASSWORD_VARIABLE
from tests import snapshots

_TAKEN: dict[tuple, snapshots.Snapshot] = {}


def demo_data() -> None:
    """The database holds what ``panelist demo --force`` makes on the session's database,
    committed or in the test's transaction, as the test runs."""
    baseline = snapshots.BASELINE.get(connection.alias)
    fresh = (
        baseline is not None
        and snapshots.table_counts(connection) == baseline.counts
        and snapshots.same(snapshots.take(connection), baseline)
    )
    key = (
        connection.alias,
        # Inside a test's transaction the commit never comes, nor the work queued for it (the
        # story's mail, as tasks): a copy taken there is not one of committed data.
        connection.in_atomic_block,
        timezone.localdate(),
        os.environ.get(PASSWORD_VARIABLE),
        tuple(settings.PASSWORD_HASHERS),
    )
    if fresh and key in _TAKEN:
        snapshots.restore(connection, _TAKEN[key])
        return
    call_command("demo", force=True, stdout=io.StringIO())
    if fresh:
        _TAKEN[key] = snapshots.take(connection)
