"""The committee hears the outcome and level once the decision is recorded, nothing more."""

from __future__ import annotations

import pytest

from panelist.core.errors import DomainError
from panelist.decisions import services
from panelist.decisions.models import Outcome
from panelist.interviews.models import Recommendation
from panelist.library.models import Level
from panelist.notifications.models import Kind, Notification
from tests import factories
from tests.notifications.mailbox import html_of, text_of

MARKER = "MARKER-DECIDED-EVIDENCE-31aa"
RATIONALE = "MARKER-DECIDED-RATIONALE-c0de modeling depth outweighs the thin seminar."


def test_each_member_is_told_the_outcome_and_level_and_nothing_of_scorecards(
    process, people, mail_to_smtp, django_capture_on_commit_callbacks
):
    factories.write_scorecard(
        process.assignment, evidence=f"{MARKER} {factories.EVIDENCE}", submit=True
    )
    factories.write_scorecard(process.other_assignment, recommendation="no", submit=True)
    services.committee_recommend(
        actor=people.manager, application=process.application, recommendation=Recommendation.YES
    )
    mail_to_smtp.messages.clear()
    level = Level.objects.get(key="ds")

    with django_capture_on_commit_callbacks(execute=True):
        services.decision_record(
            actor=people.manager,
            application=process.application,
            outcome=Outcome.HIRE,
            level=level,
            rationale=RATIONALE,
            confirm_above_supported_level=True,
        )

    recipients = sorted(m["To"] for m in mail_to_smtp.messages)
    assert len(recipients) == 2
    assert people.member.email in recipients[0] + recipients[1]
    assert people.other_member.email in recipients[0] + recipients[1]
    candidate = process.application.candidate.name
    for message in mail_to_smtp.messages:
        assert message["Subject"] == f"[Northwind Research] Decision on {candidate}: Hire"
        assert f"Hire at {level}" in text_of(message)
        assert f"/hiring/applications/{process.application.pk}/" in html_of(message)
        raw = message.as_string()
        for secret in (MARKER, "MARKER-DECIDED-RATIONALE", factories.NO_GO_REASON):
            assert secret not in raw
    assert Notification.objects.filter(kind=Kind.DECIDED).count() == 2


def test_a_refused_decision_mails_nobody(process, people, mail_to_smtp):
    factories.write_scorecard(process.assignment, submit=True)
    mail_to_smtp.messages.clear()
    with pytest.raises(DomainError, match="committee's recommendation"):
        services.decision_record(
            actor=people.manager,
            application=process.application,
            outcome=Outcome.HIRE,
            level=Level.objects.get(key="ds"),
            rationale="No committee recommendation yet.",
        )
    assert not Notification.objects.filter(kind=Kind.DECIDED).exists()
    assert mail_to_smtp.messages == []


def test_a_deactivated_member_is_not_told_the_decision(
    process, people, mail_to_smtp, django_capture_on_commit_callbacks
):
    factories.write_scorecard(process.assignment, submit=True)
    factories.write_scorecard(process.other_assignment, submit=True)
    services.committee_recommend(
        actor=people.manager, application=process.application, recommendation=Recommendation.YES
    )
    people.other_member.is_active = False
    people.other_member.save(update_fields=["is_active"])
    mail_to_smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_record(
            actor=people.manager,
            application=process.application,
            outcome=Outcome.REJECT,
            level=None,
            rationale="The evidence on design reasoning stayed shallow throughout the loop.",
        )
    assert [n.recipient for n in Notification.objects.filter(kind=Kind.DECIDED)] == [people.member]
    assert mail_to_smtp.to(people.other_member.email) == []
