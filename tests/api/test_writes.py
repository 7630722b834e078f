"""Writes through the API go through the services: the same rules, version checks and
refusals as the scorecard form, with status codes a script can act on."""

from panelist.decisions.models import CommitteeRecommendation, Decision
from panelist.interviews.models import Scorecard
from panelist.interviews.services import questions_for
from tests import factories

EVIDENCE = factories.EVIDENCE


def _start(client, assignment, headers):
    response = client.post(f"/api/v1/assignments/{assignment.pk}/scorecard", headers=headers)
    assert response.status_code == 200, response.content
    return response.json()


def _patch(client, scorecard_id, body, headers):
    return client.patch(
        f"/api/v1/scorecards/{scorecard_id}", body, content_type="application/json", headers=headers
    )


def _post(client, url, body, headers):
    return client.post(url, body, content_type="application/json", headers=headers)


def _full_draft(assignment, version):
    return {
        "version": version,
        "ratings": [
            {"question": q.pk, "value": 3, "evidence": EVIDENCE} for q in questions_for(assignment)
        ],
        "recommendation": "yes",
        "signals": {
            "learns-quickly": {
                "direction": "shown",
                "evidence": "Picked up the API.",
                "answers_prompt": "last-skill-learned",
            }
        },
    }


def test_a_member_writes_saves_and_submits_a_scorecard(client, process, people, bearer):
    headers = bearer(people.member)
    draft = _start(client, process.assignment, headers)
    assert draft["status"] == "draft" and draft["ratings"] == []
    saved = _patch(client, draft["id"], _full_draft(process.assignment, draft["version"]), headers)
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["version"] == draft["version"] + 1
    assert {r["value"] for r in body["ratings"]} == {3}
    assert body["signals"][0]["trait"] == "learns-quickly"
    assert body["signals"][0]["answers_prompt"] == "last-skill-learned"
    submitted = _post(
        client, f"/api/v1/scorecards/{draft['id']}/submit", {"version": body["version"]}, headers
    )
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    amended = _post(
        client, f"/api/v1/scorecards/{draft['id']}/amendments", {"text": "Typo fixed."}, headers
    )
    assert amended.status_code == 201 and amended.json()["text"] == "Typo fixed."
    again = _patch(client, draft["id"], _full_draft(process.assignment, 99), headers)
    assert again.status_code == 422 and "read-only" in again.json()["detail"]


def test_a_stale_version_is_a_409_and_nothing_is_overwritten(client, process, people, bearer):
    headers = bearer(people.member)
    draft = _start(client, process.assignment, headers)
    first = _patch(client, draft["id"], {"version": draft["version"], "summary": "mine"}, headers)
    assert first.status_code == 200
    stale = _patch(client, draft["id"], {"version": draft["version"], "summary": "old"}, headers)
    assert stale.status_code == 409
    assert stale.json()["current_version"] == first.json()["version"]
    assert Scorecard.objects.get(pk=draft["id"]).summary == "mine"


def test_bad_input_is_refused_and_names_what_to_fix(client, process, people, bearer):
    headers = bearer(people.member)
    draft = _start(client, process.assignment, headers)
    question = questions_for(process.assignment)[0].pk
    off_scale = _patch(
        client,
        draft["id"],
        {"version": draft["version"], "ratings": [{"question": question, "value": 7}]},
        headers,
    )
    assert off_scale.status_code == 422
    foreign_question = _patch(
        client,
        draft["id"],
        {"version": draft["version"], "ratings": [{"question": 999_999, "value": 2}]},
        headers,
    )
    assert foreign_question.status_code == 422
    assert foreign_question.json()["field"] == "ratings"
    unknown_trait = _patch(
        client,
        draft["id"],
        {"version": draft["version"], "signals": {"astrology": None}},
        headers,
    )
    assert unknown_trait.status_code == 422 and "astrology" in unknown_trait.json()["detail"]
    thin = _patch(
        client,
        draft["id"],
        {
            "version": draft["version"],
            "ratings": [{"question": question, "value": 2, "evidence": "ok"}],
            "recommendation": "no",
        },
        headers,
    )
    version = thin.json()["version"]
    refused = _post(
        client, f"/api/v1/scorecards/{draft['id']}/submit", {"version": version}, headers
    )
    assert refused.status_code == 422 and refused.json()["field"] == "evidence"
    assert Scorecard.objects.get(pk=draft["id"]).status == "draft"


def test_others_scorecards_cannot_be_started_or_changed(client, process, people, bearer):
    theirs = factories.write_scorecard(process.other_assignment)
    member = bearer(people.member)
    started = client.post(
        f"/api/v1/assignments/{process.other_assignment.pk}/scorecard", headers=member
    )
    assert started.status_code == 404
    assert _patch(client, theirs.pk, {"version": theirs.version}, member).status_code == 404
    submitted = factories.write_scorecard(process.assignment, submit=True)
    manager = bearer(people.manager)  # reads the submitted card, but is not its author
    amend = _post(client, f"/api/v1/scorecards/{submitted.pk}/amendments", {"text": "x"}, manager)
    assert amend.status_code == 403


def test_committee_recommendation_and_decision_through_the_api(client, process, people, bearer):
    url = f"/api/v1/applications/{process.application.pk}"
    manager, member = bearer(people.manager), bearer(people.member)
    early = client.put(
        f"{url}/committee-recommendation",
        {"recommendation": "yes"},
        content_type="application/json",
        headers=manager,
    )
    assert early.status_code == 422 and not CommitteeRecommendation.objects.exists()
    factories.write_scorecard(process.assignment, submit=True)
    assert client.get(f"{url}/committee-recommendation", headers=member).status_code == 404
    factories.write_scorecard(process.other_assignment, submit=True)
    recorded = client.put(
        f"{url}/committee-recommendation",
        {"recommendation": "yes", "notes": "Strong code review."},
        content_type="application/json",
        headers=manager,
    )
    assert recorded.status_code == 200 and recorded.json()["notes"] == "Strong code review."
    by_member = client.put(
        f"{url}/committee-recommendation",
        {"recommendation": "no"},
        content_type="application/json",
        headers=member,
    )
    assert by_member.status_code == 403
    recruiter_view = client.get(f"{url}/committee-recommendation", headers=bearer(people.recruiter))
    assert recruiter_view.json()["notes"] is None

    assert client.get(f"{url}/decision", headers=manager).status_code == 404
    no_level = _post(client, f"{url}/decision", {"outcome": "hire"}, manager)
    assert no_level.status_code == 422 and no_level.json()["field"] == "level"
    by_recruiter = _post(client, f"{url}/decision", {"outcome": "reject"}, bearer(people.recruiter))
    assert by_recruiter.status_code == 403
    hired = _post(
        client,
        f"{url}/decision",
        {
            "outcome": "hire",
            "level": "ds",
            "rationale": "Strong code review; the committee agrees.",
            "confirm_above_supported_level": True,
        },
        manager,
    )
    assert hired.status_code == 201, hired.content
    assert Decision.objects.get().level.key == "ds"
    assert client.get(f"{url}/decision", headers=member).json()["outcome"] == "hire"
