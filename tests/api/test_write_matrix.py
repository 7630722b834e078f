"""Every write endpoint, for every role: allowed, refused (403: you see it but may not), or
absent (404: out of your reach), exactly as the permission layer and services decide."""

import pytest

from panelist.access import permissions
from tests import factories

ROLES = ["admin", "manager", "recruiter", "member", "other_member", "outsider", "other_manager"]


def _status(client, method, url, body, headers):
    send = getattr(client, method)
    return send(url, body, content_type="application/json", headers=headers).status_code


@pytest.mark.parametrize("role", ROLES)
def test_every_write_endpoint_answers_as_the_rules_predict(client, process, people, bearer, role):
    user = getattr(people, role)
    headers = bearer(user)
    draft = factories.write_scorecard(process.assignment)  # the member's draft
    submitted = factories.write_scorecard(process.other_assignment, submit=True)
    app = process.application
    sees_app = permissions.applications_visible_to(user).filter(pk=app.pk).exists()

    def reach(readable: bool, allowed: bool, ok: int) -> int:
        return ok if allowed else (403 if readable else 404)

    readable_draft = permissions.scorecards_visible_to(user).filter(pk=draft.pk).exists()
    readable_submitted = permissions.scorecards_visible_to(user).filter(pk=submitted.pk).exists()
    is_member, is_other = user == people.member, user == people.other_member
    manages = permissions.can_record_committee_recommendation(user, app) if sees_app else False
    expected = {
        ("post", f"/api/v1/assignments/{process.assignment.pk}/scorecard"): 200
        if is_member
        else 404,
        ("patch", f"/api/v1/scorecards/{draft.pk}"): reach(readable_draft, is_member, 200),
        ("post", f"/api/v1/scorecards/{submitted.pk}/amendments"): reach(
            readable_submitted, is_other, 201
        ),
        # the member's draft is still open, so a manager's recommendation is refused (422)
        ("put", f"/api/v1/applications/{app.pk}/committee-recommendation"): reach(
            sees_app, manages, 422
        ),
        ("post", f"/api/v1/applications/{app.pk}/decision"): reach(
            sees_app, sees_app and permissions.can_decide(user, app), 201
        ),
    }
    bodies = {
        "/scorecard": {},
        f"/scorecards/{draft.pk}": {"version": draft.version, "summary": "Updated."},
        "/amendments": {"text": "A dated correction."},
        "/committee-recommendation": {"recommendation": "yes"},
        "/decision": {"outcome": "reject", "rationale": "Another candidate fits better."},
    }
    actual = {}
    for method, url in expected:
        body = next(b for suffix, b in bodies.items() if url.endswith(suffix))
        actual[(method, url)] = _status(client, method, url, body, headers)
    assert actual == expected
