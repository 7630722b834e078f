"""Reads through the API answer exactly what the permission layer lets each role see."""

from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from panelist.access import permissions
from panelist.hiring.models import Stage
from tests import factories

ROLES = ["admin", "manager", "recruiter", "member", "other_member", "outsider", "other_manager"]
LISTS = {
    "/api/v1/openings": permissions.openings_visible_to,
    "/api/v1/candidates": permissions.candidates_visible_to,
    "/api/v1/applications": permissions.applications_visible_to,
    "/api/v1/assignments": permissions.assignments_visible_to,
    "/api/v1/scorecards": permissions.scorecards_visible_to,
    "/api/v1/teams": permissions.teams_visible_to,
}


def _ids(client, url, headers):
    response = client.get(url + ("&" if "?" in url else "?") + "limit=200", headers=headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["items"])
    return {item["id"] for item in body["items"]}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", sorted(LISTS))
def test_each_list_answers_what_the_permission_layer_allows(
    client, process, people, bearer, role, url
):
    user = getattr(people, role)
    factories.write_scorecard(process.assignment, submit=True)
    factories.write_scorecard(process.other_assignment)  # a draft: only its author sees it
    factories.TeamFactory()
    expected = set(LISTS[url](user).values_list("pk", flat=True))
    assert _ids(client, url, bearer(user)) == expected


@pytest.mark.parametrize("role", ROLES)
def test_each_detail_answers_404_outside_the_readers_reach(client, process, people, bearer, role):
    user = getattr(people, role)
    headers = bearer(user)
    card = factories.write_scorecard(process.assignment, submit=True)
    records = {
        "openings": (process.opening.pk, permissions.openings_visible_to),
        "applications": (process.application.pk, permissions.applications_visible_to),
        "candidates": (process.application.candidate_id, permissions.candidates_visible_to),
        "assignments": (process.assignment.pk, permissions.assignments_visible_to),
        "scorecards": (card.pk, permissions.scorecards_visible_to),
    }
    for name, (pk, visible) in records.items():
        status = client.get(f"/api/v1/{name}/{pk}", headers=headers).status_code
        assert status == (200 if visible(user).filter(pk=pk).exists() else 404), (name, role)
    foreign = client.get(f"/api/v1/applications/{process.foreign_application.pk}", headers=headers)
    assert foreign.status_code == (
        404 if role not in ("admin", "recruiter", "other_manager") else 200
    )


def test_the_blind_rule_holds_through_the_api(client, process, people, bearer):
    theirs = factories.write_scorecard(process.other_assignment, submit=True)
    headers = bearer(people.member)
    assert client.get(f"/api/v1/scorecards/{theirs.pk}", headers=headers).status_code == 404
    assert theirs.pk not in _ids(client, "/api/v1/scorecards", headers)
    own = factories.write_scorecard(process.assignment, submit=True)
    assert client.get(f"/api/v1/scorecards/{theirs.pk}", headers=headers).status_code == 200
    assert {theirs.pk, own.pk} <= _ids(client, "/api/v1/scorecards", headers)


def test_recruiters_read_the_pipeline_but_no_scorecard(client, process, people, bearer):
    factories.write_scorecard(process.assignment, submit=True)
    headers = bearer(people.recruiter)
    assert process.application.pk in _ids(client, "/api/v1/applications", headers)
    assert _ids(client, "/api/v1/scorecards", headers) == set()


def test_a_scorecard_reads_with_its_ratings_and_evidence(client, process, people, bearer):
    card = factories.write_scorecard(process.assignment, value=3, submit=True)
    body = client.get(f"/api/v1/scorecards/{card.pk}", headers=bearer(people.manager)).json()
    assert body["status"] == "submitted" and body["recommendation"] == "yes"
    assert body["member"] == {"id": people.member.pk, "name": people.member.display_name}
    assert {r["dimension"] for r in body["ratings"]} == {"coding"}
    assert all(r["value"] == 3 and r["evidence"] == factories.EVIDENCE for r in body["ratings"])


def test_lists_filter_by_opening_stage_and_date_and_paginate(client, process, people, bearer):
    headers = bearer(people.admin)
    extra = [factories.ApplicationFactory(opening=process.opening) for _ in range(3)]
    extra[0].stage = Stage.DECIDED
    extra[0].save()
    by_opening = _ids(client, f"/api/v1/applications?opening={process.opening.pk}", headers)
    assert by_opening == {process.application.pk, *(a.pk for a in extra)}
    decided = _ids(client, "/api/v1/applications?stage=decided", headers)
    assert decided == {extra[0].pk}
    after = quote(extra[1].created_at.isoformat())
    later = _ids(client, "/api/v1/applications", headers) - _ids(
        client, f"/api/v1/applications?created_before={after}", headers
    )
    assert {extra[1].pk, extra[2].pk} <= later
    page = client.get("/api/v1/applications?limit=2&offset=1", headers=headers).json()
    assert len(page["items"]) == 2 and page["count"] == 5
    bad = client.get("/api/v1/applications?stage=hired", headers=headers)
    assert bad.status_code == 422


def test_the_scorecard_list_query_count_does_not_grow(client, process, people, bearer):
    headers = bearer(people.manager)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/scorecards", headers=headers).status_code == 200
        return len(queries)

    factories.write_scorecard(process.assignment, submit=True)
    count()  # the token's first use records the time; later uses within a minute do not
    small = count()
    for _ in range(4):
        application = factories.ApplicationFactory(opening=process.opening)
        factories.write_scorecard(factories.AssignmentFactory(application=application), submit=True)
    assert count() == small


def test_scorecard_assignment_and_candidate_filters(client, process, people, bearer):
    own = factories.write_scorecard(process.assignment, submit=True)
    draft = factories.write_scorecard(process.other_assignment)
    manager, member = bearer(people.manager), bearer(people.member)
    opening = process.opening.pk
    assert _ids(client, f"/api/v1/scorecards?opening={opening}&status=submitted", manager) == {
        own.pk
    }
    assert _ids(client, "/api/v1/scorecards?status=draft", bearer(people.other_member)) == {
        draft.pk
    }
    later = quote(own.submitted_at.isoformat())
    assert _ids(client, f"/api/v1/scorecards?submitted_after={later}", manager) == {own.pk}
    assert _ids(client, f"/api/v1/scorecards?submitted_before={later}", manager) == set()
    assert _ids(client, "/api/v1/assignments?mine=true", member) == {process.assignment.pk}
    assert _ids(client, f"/api/v1/assignments?opening={opening}", manager) == {
        process.assignment.pk,
        process.other_assignment.pk,
    }
    admin = bearer(people.admin)
    assert _ids(client, f"/api/v1/candidates?opening={opening}", admin) == {
        process.application.candidate_id
    }


def test_a_blind_member_reads_the_decision_without_its_rationale(client, process, people, bearer):
    from panelist.decisions.services import decision_record

    decision_record(
        actor=people.manager,
        application=process.application,
        outcome="reject",
        rationale="Sam's review found the code copied.",
    )
    url = f"/api/v1/applications/{process.application.pk}/decision"
    blind = client.get(url, headers=bearer(people.member)).json()  # has not submitted
    assert blind["outcome"] == "reject" and blind["rationale"] == ""
    manager = client.get(url, headers=bearer(people.manager)).json()
    assert manager["rationale"] == "Sam's review found the code copied."


def test_filtering_candidates_by_an_opening_out_of_reach_reveals_nothing(
    client, process, people, bearer
):
    # the member's candidate also applied to another manager's opening
    factories.ApplicationFactory(
        candidate=process.application.candidate, opening=process.foreign_opening
    )
    headers = bearer(people.member)
    foreign = _ids(client, f"/api/v1/candidates?opening={process.foreign_opening.pk}", headers)
    assert foreign == set()
    own = _ids(client, f"/api/v1/candidates?opening={process.opening.pk}", headers)
    assert own == {process.application.candidate_id}


def test_a_repeated_single_valued_parameter_is_refused_not_half_read(
    client, process, people, bearer
):
    headers = bearer(people.manager)
    answer = client.get("/api/v1/openings?team=a&team=b", headers=headers)
    assert answer.status_code == 422
    body = answer.json()
    assert body["field"] == "team" and "more than once" in body["detail"]
    one = client.get(f"/api/v1/applications?opening={process.opening.pk}", headers=headers)
    assert one.status_code == 200
