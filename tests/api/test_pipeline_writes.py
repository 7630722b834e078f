"""Writes for the pipeline through the API: versions and ETags, Idempotency-Key, and the same
rules and permissions as the pages."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from panelist.access import permissions
from panelist.api.idempotency import claim, fingerprint
from panelist.api.models import IdempotentRequest
from panelist.hiring.models import Application, Candidate, Opening
from tests import factories

API = "/api/v1"


def _send(client, method, url, body, headers, **extra):
    send = getattr(client, method)
    return send(API + url, body, content_type="application/json", headers={**headers, **extra})


# --- Idempotency-Key -------------------------------------------------------------------------


def test_a_retried_create_with_the_same_key_makes_one_candidate(client, people, bearer):
    headers = bearer(people.recruiter)
    body = {"name": "Ada Byron", "email": "ada@example.org"}
    first = _send(client, "post", "/candidates", body, headers, **{"Idempotency-Key": "k-1"})
    again = _send(client, "post", "/candidates", body, headers, **{"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Candidate.objects.filter(email="ada@example.org").count() == 1


def test_the_same_key_with_another_body_is_refused(client, people, bearer):
    headers = bearer(people.recruiter)
    key = {"Idempotency-Key": "k-2"}
    _send(client, "post", "/candidates", {"name": "A B", "email": "a@example.org"}, headers, **key)
    other = _send(
        client, "post", "/candidates", {"name": "C D", "email": "c@example.org"}, headers, **key
    )
    assert other.status_code == 422
    assert other.json()["field"] == "Idempotency-Key"
    assert not Candidate.objects.filter(email="c@example.org").exists()


def test_keys_belong_to_their_owner(client, people, bearer):
    body = {"name": "Grace Hopper", "email": "grace@example.org"}
    key = {"Idempotency-Key": "shared"}
    mine = _send(client, "post", "/candidates", body, bearer(people.recruiter), **key)
    theirs = _send(client, "post", "/candidates", body, bearer(people.admin), **key)
    assert mine.status_code == 201
    assert theirs.status_code == 422  # not a replay of another's answer: the e-mail is taken
    assert "Idempotent-Replayed" not in theirs


def test_a_refusal_is_replayed_too_and_a_new_key_runs_again(client, people, bearer):
    headers = bearer(people.member)  # members may not add candidates
    body = {"name": "Alan Turing", "email": "alan@example.org"}
    first = _send(client, "post", "/candidates", body, headers, **{"Idempotency-Key": "x"})
    again = _send(client, "post", "/candidates", body, headers, **{"Idempotency-Key": "x"})
    assert first.status_code == again.status_code == 403
    assert again["Idempotent-Replayed"] == "true"


def test_a_retry_while_the_first_request_runs_is_told_to_wait(client, people, bearer):
    body = {"name": "Edsger D", "email": "ed@example.org"}
    claim(people.recruiter, "busy", fingerprint(API + "/candidates", json.dumps(body).encode()))
    response = _send(
        client, "post", "/candidates", body, bearer(people.recruiter), **{"Idempotency-Key": "busy"}
    )
    assert response.status_code == 409 and response["Retry-After"] == "1"
    assert not Candidate.objects.filter(email="ed@example.org").exists()


def test_a_key_older_than_a_day_is_forgotten(client, people, bearer):
    headers, key = bearer(people.recruiter), {"Idempotency-Key": "old"}
    _send(
        client, "post", "/candidates", {"name": "Old One", "email": "o@example.org"}, headers, **key
    )
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    fresh = _send(
        client, "post", "/candidates", {"name": "New One", "email": "n@example.org"}, headers, **key
    )
    assert fresh.status_code == 201 and "Idempotent-Replayed" not in fresh


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "tab\there"])
def test_a_malformed_key_is_refused_before_anything_runs(client, people, bearer, key):
    response = _send(
        client,
        "post",
        "/candidates",
        {"name": "Kay", "email": "kay@example.org"},
        bearer(people.recruiter),
        **{"Idempotency-Key": key},
    )
    assert response.status_code == 422
    assert not Candidate.objects.filter(email="kay@example.org").exists()


# --- versions, ETag and If-Match -------------------------------------------------------------


def test_an_opening_is_read_with_its_etag_and_changed_with_if_match(
    client, process, people, bearer
):
    headers = bearer(people.manager)
    url = f"/openings/{process.opening.pk}"
    read = client.get(API + url, headers=headers)
    assert read["ETag"] == '"1"'
    changed = _send(client, "patch", url, {"title": "Senior DS"}, headers, **{"If-Match": '"1"'})
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "Senior DS" and changed["ETag"] == '"2"'
    stale = _send(client, "patch", url, {"title": "Lost"}, headers, **{"If-Match": '"1"'})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert Opening.objects.get(pk=process.opening.pk).title == "Senior DS"


def test_a_change_that_names_no_version_is_refused_with_428(client, process, people, bearer):
    response = _send(
        client, "patch", f"/openings/{process.opening.pk}", {"title": "X"}, bearer(people.manager)
    )
    assert response.status_code == 428
    assert response.json()["field"] == "If-Match"


def test_a_malformed_if_match_is_refused(client, process, people, bearer):
    response = _send(
        client,
        "patch",
        f"/openings/{process.opening.pk}",
        {"title": "X"},
        bearer(people.manager),
        **{"If-Match": "one"},
    )
    assert response.status_code == 422


def test_the_manager_closes_their_opening(client, process, people, bearer):
    url = f"/openings/{process.opening.pk}/status"
    response = _send(
        client, "post", url, {"status": "closed", "version": 1}, bearer(people.manager)
    )
    assert response.status_code == 200 and response.json()["status"] == "closed"
    other = _send(
        client, "post", url, {"status": "open", "version": 2}, bearer(people.other_manager)
    )
    assert other.status_code == 404  # not theirs to see


def test_a_manager_opens_an_opening_for_themself(client, people, bearer, library):
    team = factories.TeamFactory()
    skill = factories.SkillFactory()
    body = {
        "title": "Research Scientist",
        "team": team.slug,
        "target_level": "ds",
        "required_skills": [{"skill": skill.slug, "importance": "must"}],
    }
    response = _send(client, "post", "/openings", body, bearer(people.manager))
    assert response.status_code == 201, response.content
    opening = Opening.objects.get(pk=response.json()["id"])
    assert opening.hiring_manager == people.manager
    assert list(opening.required_skills.values_list("skill__slug", flat=True)) == [skill.slug]
    unknown = _send(client, "post", "/openings", {**body, "team": "nope"}, bearer(people.manager))
    assert unknown.status_code == 422 and unknown.json()["field"] == "team"


def test_a_candidate_is_edited_with_the_duplicate_check(client, process, people, bearer):
    headers = bearer(people.recruiter)
    candidate = process.application.candidate
    other = factories.CandidateFactory()
    url = f"/candidates/{candidate.pk}"
    taken = _send(client, "patch", url, {"email": other.email, "version": 1}, headers)
    assert taken.status_code == 422 and taken.json()["field"] == "email"
    renamed = _send(client, "patch", url, {"name": "New  Name", "version": 1}, headers)
    assert renamed.status_code == 200 and renamed.json()["name"] == "New Name"
    assert renamed["ETag"] == '"2"'
    refused = _send(client, "patch", url, {"name": "Z", "version": 2}, bearer(people.manager))
    assert refused.status_code == 403  # the manager sees the candidate but does not edit them


def test_an_application_moves_with_its_version_and_withdraws(client, process, people, bearer):
    headers = bearer(people.recruiter)
    app = process.application
    url = f"/applications/{app.pk}/stage"
    moved = _send(client, "post", url, {"stage": "debrief", "version": 1}, headers)
    assert moved.status_code == 200 and moved.json()["stage"] == "debrief"
    assert moved.json()["version"] == 2
    stale = _send(client, "post", url, {"stage": "withdrawn", "version": 1}, headers)
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    withdrawn = _send(client, "post", url, {"stage": "withdrawn"}, headers, **{"If-Match": '"2"'})
    assert withdrawn.status_code == 200
    assert Application.objects.get(pk=app.pk).stage == "withdrawn"


def test_attaching_a_candidate_twice_is_refused(client, process, people, bearer):
    headers = bearer(people.recruiter)
    candidate = factories.CandidateFactory()
    body = {"candidate": candidate.pk, "opening": process.opening.pk}
    assert _send(client, "post", "/applications", body, headers).status_code == 201
    assert _send(client, "post", "/applications", body, headers).status_code == 422


ROLES = ["admin", "manager", "recruiter", "member", "outsider", "other_manager"]


@pytest.mark.parametrize("role", ROLES)
def test_every_pipeline_write_answers_as_the_rules_predict(client, process, people, bearer, role):
    user = getattr(people, role)
    headers = bearer(user)
    app, opening, candidate = process.application, process.opening, process.application.candidate
    newcomer = factories.CandidateFactory()
    sees_opening = permissions.openings_visible_to(user).filter(pk=opening.pk).exists()
    sees_app = permissions.applications_visible_to(user).filter(pk=app.pk).exists()
    sees_candidate = permissions.candidates_visible_to(user).filter(pk=candidate.pk).exists()
    sees_newcomer = permissions.candidates_visible_to(user).filter(pk=newcomer.pk).exists()
    manages_candidates = permissions.can_manage_candidates(user)
    edits_opening = sees_opening and permissions.can_edit_opening(user, opening)
    moves = manages_candidates or edits_opening

    def reach(readable: bool, allowed: bool, ok: int) -> int:
        return ok if allowed else (403 if readable else 404)

    assignment = process.other_assignment  # no scorecard started: it may be removed
    sees_assignment = permissions.assignments_visible_to(user).filter(pk=assignment.pk).exists()
    assigns = sees_app and permissions.can_assign_committee(user, app)
    expected = {
        ("post", "/assignments"): reach(sees_app, assigns, 201),
        ("patch", f"/assignments/{assignment.pk}"): reach(sees_assignment, assigns, 200),
        ("delete", f"/assignments/{assignment.pk}"): reach(sees_assignment, assigns, 204),
        ("patch", f"/openings/{opening.pk}"): reach(sees_opening, edits_opening, 200),
        ("post", f"/openings/{opening.pk}/status"): reach(sees_opening, edits_opening, 200),
        ("post", "/candidates"): 201 if manages_candidates else 403,
        ("patch", f"/candidates/{candidate.pk}"): reach(sees_candidate, manages_candidates, 200),
        ("post", "/applications"): 404
        if not (sees_newcomer and sees_opening)
        else (201 if manages_candidates else 403),
        ("post", f"/applications/{app.pk}/stage"): reach(sees_app, moves, 200),
    }
    newcomer_member = factories.UserFactory(username=f"panel-{role}")
    bodies = {
        ("post", "/assignments"): {
            "application": app.pk,
            "member": newcomer_member.pk,
            "interview_format": "code-review",
            "dimensions": ["coding"],
        },
        ("patch", f"/assignments/{assignment.pk}"): {"location": "Room 2", "version": 1},
        ("delete", f"/assignments/{assignment.pk}"): None,
        ("patch", f"/openings/{opening.pk}"): {"description": "Edited.", "version": 1},
        ("post", f"/openings/{opening.pk}/status"): {"status": "on_hold"},
        ("post", "/candidates"): {"name": f"New {role}", "email": f"{role}@example.com"},
        ("patch", f"/candidates/{candidate.pk}"): {"seminar_title": "Priors", "version": 1},
        ("post", "/applications"): {"candidate": newcomer.pk, "opening": opening.pk},
        ("post", f"/applications/{app.pk}/stage"): {"stage": "debrief", "version": 1},
    }
    actual = {}
    for (method, url), body in bodies.items():
        # after the edits before them: whatever version is current
        extra = {"If-Match": "*"} if url.endswith("/status") or method == "delete" else {}
        actual[(method, url)] = _send(client, method, url, body, headers, **extra).status_code
    assert actual == expected


def test_a_skill_reading_updates_the_inventory_and_keeps_the_history(client, people, bearer):
    from panelist.teams.models import MemberSkill, SkillReading, TeamMembership

    team, skill = factories.TeamFactory(), factories.SkillFactory()
    TeamMembership.objects.create(team=team, user=people.manager)
    TeamMembership.objects.create(team=team, user=people.member)
    url = f"/teams/{team.slug}/skill-readings"
    for level in (1, 3):
        body = {"member": people.member.pk, "skill": skill.slug, "level": level}
        assert _send(client, "post", url, body, bearer(people.manager)).status_code == 201
    assert MemberSkill.objects.get(membership__user=people.member, skill=skill).level == 3
    assert list(SkillReading.objects.values_list("previous_level", "level")) == [(1, 3), (None, 1)]
    refused = _send(client, "post", url, body, bearer(people.member))
    assert refused.status_code == 403  # a member reads the inventory, does not keep it
    outside = _send(client, "post", url, body, bearer(people.outsider))
    assert outside.status_code == 404


def test_a_manager_states_and_clears_what_they_will_coach(client, people, bearer, library):
    headers = bearer(people.manager)
    put = _send(client, "put", "/me/coaching", {"preferences": {"coding": "will"}}, headers)
    assert put.status_code == 200 and put.json() == {"preferences": {"coding": "will"}}
    cleared = _send(client, "put", "/me/coaching", {"preferences": {"coding": None}}, headers)
    assert cleared.json() == {"preferences": {}}
    unknown = _send(client, "put", "/me/coaching", {"preferences": {"juggling": "will"}}, headers)
    assert unknown.status_code == 422
    member = _send(client, "put", "/me/coaching", {"preferences": {}}, bearer(people.member))
    assert member.status_code == 403


@pytest.mark.parametrize(
    "body",
    [
        {"preferences": {"cod\x00ing": "will"}},
        {"preferences": {"coding": "will"}, "extra": ["ok", "n\x00l"]},
    ],
)
def test_a_nul_character_anywhere_is_refused_with_422(client, people, bearer, library, body):
    response = _send(client, "put", "/me/coaching", body, bearer(people.manager))
    assert response.status_code == 422
    assert "NUL" in response.json()["detail"]


def test_a_nul_character_in_a_query_is_refused_with_422(client, people, bearer):
    response = client.get(API + "/applications?stage=app%00lied", headers=bearer(people.manager))
    assert response.status_code == 422
