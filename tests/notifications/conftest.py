import pytest

from tests.notifications.mailbox import loopback_smtp


@pytest.fixture
def mail_to_smtp(settings):
    with loopback_smtp(settings) as inbox:
        yield inbox


@pytest.fixture
def interviews_held(process):
    """The ``process`` committee's interviews took place this morning (a nudge waits for
    the interview to be over)."""
    from datetime import timedelta

    from django.utils import timezone

    from panelist.interviews.models import Assignment

    Assignment.objects.filter(application=process.application).update(
        scheduled_at=timezone.now() - timedelta(hours=3)
    )
    for assignment in (process.assignment, process.other_assignment):
        assignment.refresh_from_db()
    return process
