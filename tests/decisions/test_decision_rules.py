"""The committee recommends; the manager decides, and says why when departing from it."""

import pytest

from panelist.core.errors import DomainError, NotAllowed
from panelist.decisions import services
from panelist.decisions.models import Outcome
from panelist.hiring.models import Stage
from panelist.interviews.models import Recommendation
from panelist.library.models import Level
from tests.factories import write_scorecard


def _all_submitted(process):
    write_scorecard(process.assignment, submit=True)
    write_scorecard(process.other_assignment, submit=True)


def test_decision_against_the_committee_needs_a_rationale(process, people):
    _all_submitted(process)
    services.committee_recommend(
        actor=people.manager, application=process.application, recommendation=Recommendation.NO
    )
    with pytest.raises(DomainError, match="rationale"):
        services.decision_record(
            actor=people.manager,
            application=process.application,
            outcome=Outcome.HIRE,
            level=Level.objects.get(key="ds"),
        )
    process.application.refresh_from_db()
    assert process.application.stage == Stage.DEBRIEF
    decision = services.decision_record(
        actor=people.manager,
        application=process.application,
        outcome=Outcome.HIRE,
        level=Level.objects.get(key="ds"),
        rationale="Modeling depth outweighs the thin seminar.",
        confirm_above_supported_level=True,
    )
    process.application.refresh_from_db()
    assert process.application.stage == Stage.DECIDED
    assert decision.decided_by == people.manager


def test_decision_with_the_committee_still_needs_a_rationale(process, people):
    _all_submitted(process)
    services.committee_recommend(
        actor=people.manager, application=process.application, recommendation=Recommendation.NO
    )
    with pytest.raises(DomainError, match="Write the rationale") as refused:
        services.decision_record(
            actor=people.manager,
            application=process.application,
            outcome=Outcome.KEEP_SEARCHING,
            rationale="   ",
        )
    assert refused.value.field == "rationale"
    decision = services.decision_record(
        actor=people.manager,
        application=process.application,
        outcome=Outcome.KEEP_SEARCHING,
        rationale="The committee's no stands: modeling is below what we need.",
    )
    assert decision.rationale == "The committee's no stands: modeling is below what we need."


def test_hire_needs_a_level(process, people):
    with pytest.raises(DomainError, match="level"):
        services.decision_record(
            actor=people.manager, application=process.application, outcome=Outcome.HIRE
        )


@pytest.mark.parametrize("who", ["admin", "recruiter", "member", "other_manager"])
def test_only_the_openings_manager_decides(process, people, who):
    with pytest.raises(NotAllowed):
        services.decision_record(
            actor=getattr(people, who),
            application=process.application,
            outcome=Outcome.REJECT,
            rationale="x",
        )


def test_a_decided_application_is_closed(process, people):
    services.decision_record(
        actor=people.manager,
        application=process.application,
        outcome=Outcome.REJECT,
        rationale="Withdrew interest after the screening call.",
    )
    with pytest.raises(DomainError, match="decided; it no longer changes"):
        services.decision_record(
            actor=people.manager, application=process.application, outcome=Outcome.REJECT
        )


def test_committee_recommends_only_once_every_member_has_submitted(process, people):
    write_scorecard(process.assignment, submit=True)
    with pytest.raises(DomainError, match="still waiting for Other"):
        services.committee_recommend(
            actor=people.manager, application=process.application, recommendation=Recommendation.YES
        )
    write_scorecard(process.other_assignment, submit=True)
    services.committee_recommend(
        actor=people.manager, application=process.application, recommendation=Recommendation.YES
    )


def test_hiring_needs_the_committee_and_deciding_without_it_needs_a_reason(process, people):
    with pytest.raises(DomainError, match="before deciding to hire"):
        services.decision_record(
            actor=people.manager,
            application=process.application,
            outcome=Outcome.HIRE,
            level=Level.objects.get(key="ds"),
            rationale="Keen.",
        )
    with pytest.raises(DomainError, match="write why"):
        services.decision_record(
            actor=people.manager, application=process.application, outcome=Outcome.REJECT
        )
