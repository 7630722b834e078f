"""The decision starts from nothing: no preselected outcome or level, a rationale for every
decision, and an explicit confirmation to hire above the level the evidence supports, on the
page and through the API alike."""

import re

import pytest
from django.urls import reverse

from panelist.core.errors import DomainError
from panelist.decisions import services
from panelist.decisions.models import Decision, Outcome
from panelist.interviews.models import Flag, Recommendation, Severity
from panelist.library.models import Level
from panelist.teams.models import CoachingPreference
from tests.factories import AssignmentFactory, UserFactory, write_scorecard


def _fully_assessed(process, people, *, value=3, recommendation=Recommendation.YES):
    """All five dimensions rated ``value`` on submitted scorecards, and the committee's say.

    At 3 everywhere the default ladder confirms Senior Data Scientist (every expectation there
    is 3.0 or less) and nothing above it (Principal Data Scientist expects 3.5)."""
    seminar = AssignmentFactory(
        application=process.application,
        member=UserFactory(username="sam"),
        dimensions=["communication", "science", "modeling"],
        format_key="seminar",
    )
    scorecards = [
        write_scorecard(assignment, value=value, submit=True)
        for assignment in (process.assignment, process.other_assignment, seminar)
    ]
    services.committee_recommend(
        actor=people.manager, application=process.application, recommendation=recommendation
    )
    return scorecards


def _decide(people, process, **kwargs):
    return services.decision_record(actor=people.manager, application=process.application, **kwargs)


# --- the service: one rule for the page and the API -----------------------------------------


@pytest.mark.parametrize("outcome", [Outcome.HIRE, Outcome.KEEP_SEARCHING, Outcome.REJECT])
def test_every_decision_needs_a_rationale_even_when_it_follows_the_committee(
    process, people, outcome
):
    recommendation = Recommendation.YES if outcome == Outcome.HIRE else Recommendation.NO
    _fully_assessed(process, people, recommendation=recommendation)
    level = Level.objects.get(key="ds") if outcome == Outcome.HIRE else None
    with pytest.raises(DomainError, match="Write the rationale") as refused:
        _decide(people, process, outcome=outcome, level=level, rationale=" \n ")
    assert refused.value.field == "rationale"
    assert not Decision.objects.exists()
    decision = _decide(people, process, outcome=outcome, level=level, rationale="Clear evidence.")
    assert decision.rationale == "Clear evidence."


def test_hiring_above_the_supported_level_needs_an_explicit_confirmation(process, people):
    _fully_assessed(process, people)
    principal = Level.objects.get(key="principal-ds")
    with pytest.raises(DomainError, match="supports Senior Data Scientist") as refused:
        _decide(people, process, outcome=Outcome.HIRE, level=principal, rationale="Exceptional.")
    assert refused.value.field == "confirm_above_supported_level"
    assert not Decision.objects.exists()
    decision = _decide(
        people,
        process,
        outcome=Outcome.HIRE,
        level=principal,
        rationale="Exceptional modeling; the rest will come.",
        confirm_above_supported_level=True,
    )
    assert decision.above_supported_level_confirmed
    assert decision.supported_level.key == "senior-ds"


def test_hiring_at_or_below_the_supported_level_needs_no_confirmation(process, people):
    _fully_assessed(process, people)
    decision = _decide(
        people,
        process,
        outcome=Outcome.HIRE,
        level=Level.objects.get(key="ds"),
        rationale="Meets the Data Scientist expectations everywhere.",
    )
    assert not decision.above_supported_level_confirmed
    assert decision.supported_level.key == "senior-ds"


def test_hiring_when_the_evidence_confirms_no_level_asks_for_the_confirmation(process, people):
    # Only coding and people assessed: no rung is confirmed, whatever the ratings.
    write_scorecard(process.assignment, value=4, submit=True)
    write_scorecard(process.other_assignment, value=4, submit=True)
    services.committee_recommend(
        actor=people.manager, application=process.application, recommendation="yes"
    )
    with pytest.raises(DomainError, match="confirms no level of the ladder yet"):
        _decide(
            people,
            process,
            outcome=Outcome.HIRE,
            level=Level.objects.get(key="ra"),
            rationale="Strong on what we saw.",
        )


def test_the_committee_is_still_needed_before_a_confirmed_hire(process, people):
    with pytest.raises(DomainError, match="before deciding to hire"):
        _decide(
            people,
            process,
            outcome=Outcome.HIRE,
            level=Level.objects.get(key="ds"),
            rationale="Keen.",
            confirm_above_supported_level=True,
        )


# --- the page --------------------------------------------------------------------------------


def test_decision_page_preselects_nothing_and_shows_fit_uncoached_gaps_and_flags(
    client, process, people
):
    process.opening.target_level = Level.objects.get(key="principal-ds")
    process.opening.save()
    coding_card, *_ = _fully_assessed(process, people)
    Flag.objects.create(
        scorecard=coding_card, severity=Severity.RED, evidence="Dismissed every review comment."
    )
    modeling = process.application.assignments.get(member__username="sam").dimensions.get(
        key="modeling"
    )
    CoachingPreference.objects.create(
        manager=people.manager, dimension=modeling, willingness="will_not"
    )
    CoachingPreference.objects.create(
        manager=people.manager, dimension=process.assignment.dimensions.get(), willingness="will"
    )
    client.force_login(people.manager)
    page = client.get(reverse("decide", args=[process.application.pk])).content.decode()
    assert not re.search(r'name="outcome"[^>]*checked', page)
    assert not re.search(r'<option value="\d+" selected', page)
    assert "The evidence supports <strong>Senior Data Scientist</strong>" in page
    gaps = page[page.index('id="decide-gaps"') : page.index('id="decide-flags"')]
    assert "Modeling" in gaps and "you will not coach it" in gaps
    assert "Coding" not in gaps  # the manager coaches coding
    assert "Dismissed every review comment." in page
    assert "The evidence supports Senior Data Scientist. Tick this only to hire above it." in page


def test_decision_page_refuses_a_missing_rationale_beside_the_field(client, process, people):
    _fully_assessed(process, people, recommendation=Recommendation.NO)
    client.force_login(people.manager)
    response = client.post(
        reverse("decide", args=[process.application.pk]), {"outcome": "keep_searching"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    confirm = page.index('name="confirm_above_supported_level"')
    field = page[page.index('name="rationale"') : confirm]
    assert "Write the rationale" in field
    assert not Decision.objects.exists()


def test_decision_page_without_an_outcome_asks_for_one(client, process, people):
    client.force_login(people.manager)
    response = client.post(reverse("decide", args=[process.application.pk]), {"rationale": "x"})
    assert response.status_code == 422
    assert "Choose an outcome: hire, keep searching or reject." in response.content.decode()


def test_decision_page_hires_above_the_supported_level_only_when_ticked(client, process, people):
    _fully_assessed(process, people)
    client.force_login(people.manager)
    url = reverse("decide", args=[process.application.pk])
    data = {
        "outcome": "hire",
        "level": Level.objects.get(key="principal-ds").pk,
        "rationale": "Exceptional modeling.",
    }
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert "Tick the confirmation" in refused.content.decode()
    assert not Decision.objects.exists()
    assert client.post(url, {**data, "confirm_above_supported_level": "on"}).status_code == 302
    assert Decision.objects.get().above_supported_level_confirmed


# --- the API ---------------------------------------------------------------------------------


def test_api_decision_needs_a_rationale_and_the_confirmation_above_the_supported_level(
    client, process, people, bearer
):
    _fully_assessed(process, people)
    url = f"/api/v1/applications/{process.application.pk}/decision"
    manager = bearer(people.manager)

    def post(body):
        return client.post(url, body, content_type="application/json", headers=manager)

    missing = post({"outcome": "hire", "level": "ds"})
    assert missing.status_code == 422
    assert missing.json()["field"] == "rationale" and "rationale" in missing.json()["detail"]
    above = {"outcome": "hire", "level": "principal-ds", "rationale": "Exceptional modeling."}
    unconfirmed = post(above)
    assert unconfirmed.status_code == 422
    assert unconfirmed.json()["field"] == "confirm_above_supported_level"
    assert "Senior Data Scientist" in unconfirmed.json()["detail"]
    assert not Decision.objects.exists()
    confirmed = post({**above, "confirm_above_supported_level": True})
    assert confirmed.status_code == 201, confirmed.content
    assert confirmed.json()["level"] == "principal-ds"


def test_a_manager_still_writing_their_own_scorecard_sees_no_one_elses_flags(
    client, process, people
):
    AssignmentFactory(
        application=process.application,
        member=people.manager,
        dimensions=["modeling"],
        format_key="seminar",
    )
    card = write_scorecard(process.assignment, submit=True)
    Flag.objects.create(scorecard=card, severity=Severity.RED, evidence="Copied the code.")
    client.force_login(people.manager)
    page = client.get(reverse("decide", args=[process.application.pk])).content.decode()
    assert "You still have a scorecard to submit on this candidate" in page
    assert "flags are hidden until you submit your own scorecard" in page
    assert "Copied the code." not in page
