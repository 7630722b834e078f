"""A JSON body larger than the server reads is refused with 413 in the refusal shape,
on every write, and changes nothing."""

from django.conf import settings

from panelist.decisions.models import CommitteeRecommendation
from panelist.interviews.models import Amendment
from tests.factories import write_scorecard


def _oversized() -> str:
    return '{"text": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024) + '"}'


def _assert_refused_as_too_big(response):
    assert response.status_code == 413, response.content[:300]
    body = response.json()
    assert "larger than 2.5 MB" in body["detail"] and "send a smaller body" in body["detail"]
    assert body["errors"][0]["loc"] == ["body"]


def test_an_oversized_scorecard_save_or_amendment_answers_413(client, process, people, bearer):
    headers = bearer(people.member)
    draft = write_scorecard(process.assignment)
    version = draft.version
    response = client.patch(
        f"/api/v1/scorecards/{draft.pk}", _oversized(), "application/json", headers=headers
    )
    _assert_refused_as_too_big(response)
    draft.refresh_from_db()
    assert draft.version == version

    submitted = write_scorecard(process.other_assignment, submit=True)
    response = client.post(
        f"/api/v1/scorecards/{submitted.pk}/amendments",
        _oversized(),
        "application/json",
        headers=bearer(people.other_member),
    )
    _assert_refused_as_too_big(response)
    assert not Amendment.objects.exists()


def test_an_oversized_committee_recommendation_answers_413(client, process, people, bearer):
    response = client.put(
        f"/api/v1/applications/{process.application.pk}/committee-recommendation",
        _oversized(),
        "application/json",
        headers=bearer(people.manager),
    )
    _assert_refused_as_too_big(response)
    assert not CommitteeRecommendation.objects.exists()


def test_the_schema_documents_413_on_writes_with_a_body_only():
    from panelist.api.v1 import api

    paths = api.get_openapi_schema()["paths"]
    patch = paths["/api/v1/scorecards/{scorecard_id}"]["patch"]["responses"]
    assert 413 in patch or "413" in patch
    read = paths["/api/v1/scorecards/{scorecard_id}"]["get"]["responses"]
    assert 413 not in read and "413" not in read
