"""Every read endpoint, for every role: the status the permission layer predicts."""

import pytest

from panelist.access import permissions
from panelist.access.models import OrganisationSettings, RecruiterAccess
from panelist.calibration import services as calibration
from panelist.decisions.services import committee_recommend, decision_record
from panelist.library.models import Level
from tests import factories

ROLES = ["admin", "manager", "recruiter", "member", "other_member", "outsider", "other_manager"]


@pytest.fixture
def decided(process, people, library):
    """The process with both scorecards in, a recommendation, a decision and a calibration."""
    factories.write_scorecard(process.assignment, submit=True)
    factories.write_scorecard(process.other_assignment, submit=True)
    committee_recommend(actor=people.manager, application=process.application, recommendation="yes")
    decision_record(
        actor=people.manager,
        application=process.application,
        outcome="hire",
        level=Level.objects.get(key="ds"),
        rationale="Strong code review; the people story showed repair.",
        confirm_above_supported_level=True,
    )
    calibration.calibration_run()
    team = process.opening.team
    return process, team


def _expected(user, process, team) -> dict[str, int]:
    app = process.application
    sees_app = permissions.applications_visible_to(user).filter(pk=app.pk).exists()
    ok = {True: 200, False: 404}
    return {
        f"/api/v1/openings/{process.opening.pk}": ok[
            permissions.openings_visible_to(user).filter(pk=process.opening.pk).exists()
        ],
        f"/api/v1/openings/{process.opening.pk}/export": ok[
            permissions.openings_visible_to(user).filter(pk=process.opening.pk).exists()
        ],
        f"/api/v1/applications/{app.pk}": ok[sees_app],
        f"/api/v1/candidates/{app.candidate_id}": ok[sees_app],
        f"/api/v1/applications/{app.pk}/committee-recommendation": ok[
            sees_app and not permissions.still_blind_on(user, app)
        ],
        f"/api/v1/applications/{app.pk}/decision": ok[sees_app],
        **{
            f"/api/v1/scorecards/{pk}": ok[
                permissions.scorecards_visible_to(user).filter(pk=pk).exists()
            ]
            for pk in app.assignments.values_list("scorecard", flat=True)
        },
        f"/api/v1/applications/{app.pk}/calibrated-scores": ok[
            sees_app and app.pk in permissions.calibrated_applications(user, [app.pk])
        ],
        f"/api/v1/teams/{team.slug}": ok[
            permissions.teams_visible_to(user).filter(pk=team.pk).exists()
        ],
        "/api/v1/calibration/latest": ok[permissions.reads_calibration(user)],
        "/api/v1/calibration/interviewers": ok[permissions.reads_calibration(user)],
        "/api/v1/library": 200,
        "/api/v1/library/versions": 200,
        "/api/v1/skills": 200,
        "/api/v1/greenhouse/scorecards": 200,
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_read_endpoint_answers_as_the_permission_layer_predicts(
    client, decided, people, bearer, role
):
    process, team = decided
    user = getattr(people, role)
    headers = bearer(user)
    expected = _expected(user, process, team)
    actual = {url: client.get(url, headers=headers).status_code for url in expected}
    assert actual == expected


@pytest.mark.parametrize("access", list(RecruiterAccess))
def test_a_recruiter_reads_through_the_api_what_the_organisation_grants(
    client, decided, people, bearer, access
):
    settings = OrganisationSettings.current()
    settings.recruiter_access = access
    settings.save()
    process, team = decided
    expected = _expected(people.recruiter, process, team)
    headers = bearer(people.recruiter)
    actual = {url: client.get(url, headers=headers).status_code for url in expected}
    assert actual == expected
    scorecards = {url: status for url, status in actual.items() if "/scorecards/" in url}
    everything = access == RecruiterAccess.EVERYTHING
    assert set(scorecards.values()) == {200 if everything else 404}
    calibrated = actual[f"/api/v1/applications/{process.application.pk}/calibrated-scores"]
    assert calibrated == (200 if everything else 404)


def test_the_predictions_differ_between_roles(decided, people):
    process, team = decided
    outcomes = {
        role: tuple(_expected(getattr(people, role), process, team).values()) for role in ROLES
    }
    assert len(set(outcomes.values())) >= 4
