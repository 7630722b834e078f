"""The scorecard list pages through an index on both databases: newest first within a status
without sorting every scorecard, and a submission window (the API's ``submitted_after`` and
calibration's check for scorecards submitted after a run) read from an index.

The plans are read with EXPLAIN. On PostgreSQL sequential scans and explicit sorts are
discouraged for the test's transaction: with a handful of rows a table scan and a sort are
cheapest, and the question asked here is whether an index can serve the query (without it a
sort stays the only way), not which plan a tiny table gets."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from panelist.interviews.api import _scorecards
from panelist.interviews.models import Scorecard, ScorecardStatus
from tests import factories


@pytest.fixture
def plans(process):
    factories.write_scorecard(process.assignment, submit=True)
    factories.write_scorecard(process.other_assignment)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")

    def plan(queryset) -> str:
        return queryset.explain()

    return plan


def test_the_newest_scorecards_of_a_status_come_from_an_index_without_a_sort(plans, people):
    page = _scorecards(people.manager).filter(status=ScorecardStatus.SUBMITTED).order_by("-id")
    plan = plans(page[:20])
    assert "scorecard_status_id" in plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan  # SQLite
    assert "Sort" not in plan  # PostgreSQL
    assert page.count() == 1


def test_scorecards_submitted_in_a_window_come_from_an_index(plans):
    since = timezone.now() - timedelta(days=1)
    window = Scorecard.objects.filter(status=ScorecardStatus.SUBMITTED, submitted_at__gt=since)
    assert "scorecard_status_submitted" in plans(window)
    assert window.count() == 1
