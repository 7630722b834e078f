"""A no-go recommendation gives its reason, tied to the evidence or a flag, on every channel
that writes scorecards; history imported as it was is kept as it was."""

import json

import pytest
from django.urls import reverse

from panelist.greenhouse import services as greenhouse
from panelist.greenhouse.schema import load_mapping
from panelist.interviews import services
from panelist.interviews.models import Recommendation, Scorecard, ScorecardStatus
from tests import factories
from tests.factories import EVIDENCE, write_scorecard

REASON = "Could not name one alternative design, even when asked twice; see question 1."


def _draft(assignment, recommendation, reason=None):
    return write_scorecard(
        assignment, recommendation=recommendation, reason=reason or services.ReasonInput("")
    )


@pytest.mark.parametrize("recommendation", [Recommendation.NO, Recommendation.STRONG_NO])
def test_a_no_go_without_a_reason_cannot_be_submitted(process, people, recommendation):
    scorecard = _draft(process.assignment, recommendation)
    with pytest.raises(services.IncompleteScorecard) as refused:
        services.scorecard_submit(
            actor=people.member, scorecard=scorecard, expected_version=scorecard.version
        )
    assert refused.value.field == "recommendation_reason"
    assert "recommendation_reason" in refused.value.problems
    scorecard.refresh_from_db()
    assert scorecard.status == ScorecardStatus.DRAFT


def test_a_reason_too_short_to_weigh_is_refused_and_a_real_one_submits(process, people):
    question = services.questions_for(process.assignment).first()
    scorecard = _draft(process.assignment, Recommendation.NO, services.ReasonInput("No."))
    with pytest.raises(services.IncompleteScorecard, match="needs its reason"):
        services.scorecard_submit(
            actor=people.member, scorecard=scorecard, expected_version=scorecard.version
        )
    scorecard = services.scorecard_save(
        actor=people.member,
        scorecard=scorecard,
        expected_version=scorecard.version,
        reason=services.ReasonInput(REASON, question_id=question.pk),
    )
    submitted = services.scorecard_submit(
        actor=people.member, scorecard=scorecard, expected_version=scorecard.version
    )
    assert submitted.is_submitted
    assert (submitted.recommendation_reason, submitted.reason_question_id) == (REASON, question.pk)


def test_a_reason_resting_on_flags_needs_a_flag(process, people):
    scorecard = _draft(
        process.assignment, Recommendation.NO, services.ReasonInput(REASON, cites_flags=True)
    )
    with pytest.raises(services.IncompleteScorecard, match="raises none"):
        services.scorecard_submit(
            actor=people.member, scorecard=scorecard, expected_version=scorecard.version
        )


def test_a_go_needs_no_reason(process, people):
    scorecard = _draft(process.assignment, Recommendation.YES)
    services.scorecard_submit(
        actor=people.member, scorecard=scorecard, expected_version=scorecard.version
    )


def test_the_page_marks_the_missing_reason_and_keeps_the_draft(client, process, people):
    client.force_login(people.member)
    data = {"version": 0, "flag-rows": "0", "recommendation": "strong_no"}
    for question in services.questions_for(process.assignment):
        data[f"rating-{question.pk}"] = "1"
        data[f"evidence-{question.pk}"] = EVIDENCE
    response = client.post(reverse("scorecard-submit", args=[process.assignment.pk]), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="recommendation-reason"' in page
    assert 'aria-invalid="true" aria-describedby="recommendation-reason-error' in page
    assert 'href="#recommendation-reason"' in page
    scorecard = Scorecard.objects.get(assignment=process.assignment)
    assert scorecard.status == ScorecardStatus.DRAFT

    data["recommendation-reason"] = REASON
    data["reason-basis"] = "flags"
    data.update({"flag-rows": "1", "flag-0-severity": "red", "flag-0-evidence": "Blamed the team."})
    data["version"] = scorecard.version
    response = client.post(reverse("scorecard-submit", args=[process.assignment.pk]), data)
    assert response.status_code == 302
    scorecard.refresh_from_db()
    assert scorecard.is_submitted and scorecard.reason_cites_flags
    assert scorecard.recommendation_reason == REASON


def test_the_api_takes_the_reason_and_refuses_a_no_go_without_one(client, process, people, bearer):
    headers = bearer(people.member)
    draft = client.post(
        f"/api/v1/assignments/{process.assignment.pk}/scorecard", headers=headers
    ).json()
    body = {
        "version": draft["version"],
        "ratings": [
            {"question": q.pk, "value": 2, "evidence": EVIDENCE}
            for q in services.questions_for(process.assignment)
        ],
        "recommendation": "no",
    }
    saved = client.patch(
        f"/api/v1/scorecards/{draft['id']}", body, content_type="application/json", headers=headers
    ).json()
    refused = client.post(
        f"/api/v1/scorecards/{draft['id']}/submit",
        {"version": saved["version"]},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 422
    assert refused.json()["field"] == "recommendation_reason"
    question = services.questions_for(process.assignment).first().pk
    with_reason = client.patch(
        f"/api/v1/scorecards/{draft['id']}",
        {"version": saved["version"], "reason": {"text": REASON, "question": question}},
        content_type="application/json",
        headers=headers,
    ).json()
    assert with_reason["reason"] == {"text": REASON, "question": question, "flags": False}
    submitted = client.post(
        f"/api/v1/scorecards/{draft['id']}/submit",
        {"version": with_reason["version"]},
        content_type="application/json",
        headers=headers,
    )
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"


def test_an_imported_no_go_without_a_reason_is_kept_as_it_was(library):
    record = {
        "id": 601,
        "candidate_id": 77,
        "application_id": 88,
        "interview": "Code Review",
        "interviewed_at": "2026-03-02T10:00:00Z",
        "submitted_at": "2026-03-02T15:00:00Z",
        "interviewer": {"id": 9, "first_name": "Kate", "last_name": "Austen", "name": "K A"},
        "overall_recommendation": "definitely_not",
        "attributes": [{"name": "Coding", "type": "Skills", "rating": "no", "note": "Thin."}],
        "questions": [],
    }
    greenhouse.import_scorecards(json.dumps([record]), load_mapping())
    imported = Scorecard.objects.get()
    assert imported.is_submitted and imported.is_no_go
    assert imported.recommendation_reason == ""


def test_readers_see_the_reason_on_the_scorecard_and_in_the_debrief(client, process, people):
    question = services.questions_for(process.other_assignment).first()
    scorecard = write_scorecard(
        process.other_assignment,
        recommendation=Recommendation.NO,
        reason=services.ReasonInput(REASON, question_id=question.pk),
        submit=True,
    )
    client.force_login(people.manager)
    detail = client.get(reverse("scorecard-detail", args=[scorecard.pk])).content.decode()
    assert "Could not name one alternative design" in detail
    assert f'Rests on the evidence on "{question.prompt}"' in detail
    debrief = client.get(reverse("debrief", args=[process.application.pk])).content.decode()
    assert "Why: Could not name one alternative design" in debrief


def test_the_factories_no_go_carries_a_reason(process):
    scorecard = write_scorecard(process.assignment, recommendation=Recommendation.NO, submit=True)
    assert scorecard.recommendation_reason == factories.NO_GO_REASON
