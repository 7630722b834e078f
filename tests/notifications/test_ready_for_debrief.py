"""The hiring manager hears once, when the last committee member submits."""

from __future__ import annotations

from panelist.notifications.models import Kind, Notification
from tests import factories
from tests.notifications.mailbox import text_of

MARKER = "MARKER-READY-EVIDENCE-90be"


def test_the_manager_is_told_once_when_the_last_member_submits(
    process, people, mail_to_smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.write_scorecard(
            process.assignment, evidence=f"{MARKER} {factories.EVIDENCE}", submit=True
        )
    assert mail_to_smtp.messages == []

    with django_capture_on_commit_callbacks(execute=True):
        factories.write_scorecard(process.other_assignment, recommendation="no", submit=True)

    [message] = mail_to_smtp.messages
    assert people.manager.email in message["To"]
    assert message["Subject"] == (
        f"[Northwind Research] Ready for debrief: {process.application.candidate.name}"
    )
    text = text_of(message)
    assert "2 scorecards" in text
    assert f"/decisions/applications/{process.application.pk}/debrief/" in text
    raw = message.as_string()
    assert MARKER not in raw and factories.NO_GO_REASON not in raw
    assert Notification.objects.filter(kind=Kind.READY).count() == 1
