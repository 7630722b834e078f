"""The organisation setting "recruiters read submitted scorecards": no (default),
recommendations only, or everything; asked on every channel (pages, API, exports, charts)."""

import csv
import io
import json

import pytest
from django.urls import reverse

from panelist.access import permissions
from panelist.access.models import OrganisationSettings, RecruiterAccess
from panelist.interviews.models import Flag, Recommendation, Severity
from tests import factories

FLAG_TEXT = "Dismissed every question about tests."


def _grant(access: RecruiterAccess) -> None:
    settings = OrganisationSettings.current()
    settings.recruiter_access = access
    settings.save()


@pytest.fixture
def submitted(process):
    """Both members have submitted (one go, one no-go, one red flag); a draft elsewhere."""
    go = factories.write_scorecard(process.assignment, submit=True)
    no_go = factories.write_scorecard(
        process.other_assignment, recommendation=Recommendation.NO, submit=True
    )
    Flag.objects.create(scorecard=no_go, severity=Severity.RED, evidence=FLAG_TEXT)
    draft_assignment = factories.AssignmentFactory(
        application=process.foreign_application, format_key="seminar", dimensions=["science"]
    )
    draft = factories.write_scorecard(draft_assignment)
    return go, no_go, draft


def _page(client, user, name, *args) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    return response.status_code, response.content.decode()


def _exported(client, headers, opening) -> dict:
    """The first record of the streamed API export."""
    response = client.get(f"/api/v1/openings/{opening.pk}/export", headers=headers)
    return json.loads(response.getvalue())["applications"][0]


def _csv_row(client, user, opening) -> dict:
    client.force_login(user)
    response = client.get(reverse("export-opening-csv", args=[opening.pk]))
    return next(csv.DictReader(io.StringIO(response.getvalue().decode())))


def test_the_default_grants_recruiters_nothing():
    assert OrganisationSettings().recruiter_access == RecruiterAccess.NONE


def test_by_default_a_recruiter_reads_no_go_no_go_and_no_content(
    client, process, people, submitted, bearer
):
    go, _no_go, _ = submitted
    recruiter = people.recruiter
    assert not permissions.recommendations_visible_to(recruiter).exists()
    assert not permissions.scorecards_visible_to(recruiter).exists()

    status, page = _page(client, recruiter, "debrief", process.application.pk)
    assert status == 200
    assert people.member.display_name not in page and "Yes</strong>" not in page
    assert FLAG_TEXT not in page
    assert "2 of 2 submitted" in page and "Hidden" in page
    assert ">0</div>" not in page, "a hidden count is never shown as 0"

    assert _page(client, recruiter, "scorecard-detail", go.pk)[0] == 404
    assert _page(client, recruiter, "comparison", process.opening.pk)[0] == 404
    assert _page(client, recruiter, "comparison-chart", process.opening.pk)[0] == 404
    assert _page(client, recruiter, "decision-support", process.application.pk)[0] == 404
    assert _page(client, recruiter, "support-radar", process.application.pk)[0] == 404

    headers = bearer(recruiter)
    assert client.get(f"/api/v1/scorecards/{go.pk}", headers=headers).status_code == 404
    assert client.get("/api/v1/scorecards", headers=headers).json()["count"] == 0
    exported = client.get(f"/api/v1/openings/{process.opening.pk}/export", headers=headers)
    record = json.loads(exported.getvalue())["applications"][0]  # streamed
    assert (record["go"], record["no_go"]) == (None, None)
    row = _csv_row(client, recruiter, process.opening)
    assert (row["go"], row["no_go"], row["coding_mean"]) == ("", "", "")


def test_recommendations_only_shows_each_go_no_go_but_no_rating_evidence_or_flag(
    client, process, people, submitted, bearer
):
    _grant(RecruiterAccess.RECOMMENDATIONS)
    go, no_go, _draft = submitted
    recruiter = people.recruiter
    assert set(permissions.recommendations_visible_to(recruiter)) == {go, no_go}
    assert not permissions.scorecards_visible_to(recruiter).exists()

    status, page = _page(client, recruiter, "debrief", process.application.pk)
    assert status == 200
    assert f"{people.member.display_name}: <strong>Yes</strong>" in page
    assert f"{people.other_member.display_name}: <strong>No</strong>" in page
    assert FLAG_TEXT not in page and "Mechanical aggregate" not in page
    assert "flags: visible to the committee and the hiring manager" in page

    assert _page(client, recruiter, "scorecard-detail", go.pk)[0] == 404
    assert _page(client, recruiter, "comparison", process.opening.pk)[0] == 404
    assert _page(client, recruiter, "decision-support", process.application.pk)[0] == 404
    headers = bearer(recruiter)
    assert client.get(f"/api/v1/scorecards/{go.pk}", headers=headers).status_code == 404
    record = _exported(client, headers, process.opening)
    assert (record["go"], record["no_go"]) == (1, 1)
    assert record["scores"]["coding"]["mean"] is None
    row = _csv_row(client, recruiter, process.opening)
    assert (row["go"], row["no_go"], row["coding_mean"]) == ("1", "1", "")


def test_everything_shows_submitted_scorecards_but_never_a_draft(
    client, process, people, submitted, bearer
):
    _grant(RecruiterAccess.EVERYTHING)
    go, no_go, draft = submitted
    recruiter = people.recruiter
    assert set(permissions.scorecards_visible_to(recruiter)) == {go, no_go}
    assert draft not in permissions.recommendations_visible_to(recruiter)

    status, page = _page(client, recruiter, "debrief", process.application.pk)
    assert status == 200 and FLAG_TEXT in page and "Mechanical aggregate" in page
    assert _page(client, recruiter, "scorecard-detail", go.pk)[0] == 200
    assert _page(client, recruiter, "scorecard-detail", draft.pk)[0] == 404
    assert _page(client, recruiter, "comparison", process.opening.pk)[0] == 200
    assert _page(client, recruiter, "comparison-chart", process.opening.pk)[0] == 200
    assert _page(client, recruiter, "decision-support", process.application.pk)[0] == 200
    status, page = _page(client, recruiter, "application-detail", process.application.pk)
    assert reverse("scorecard-detail", args=[no_go.pk]) in page

    headers = bearer(recruiter)
    assert client.get(f"/api/v1/scorecards/{go.pk}", headers=headers).status_code == 200
    assert client.get(f"/api/v1/scorecards/{draft.pk}", headers=headers).status_code == 404
    record = _exported(client, headers, process.opening)
    assert (record["go"], record["no_go"]) == (1, 1)
    assert record["scores"]["coding"]["mean"] == 3.0


@pytest.mark.parametrize("access", list(RecruiterAccess))
def test_the_setting_changes_nothing_for_the_manager_nor_for_a_blind_member(
    client, process, people, access
):
    _grant(access)
    theirs = factories.write_scorecard(process.other_assignment, submit=True)
    Flag.objects.create(scorecard=theirs, severity=Severity.RED, evidence=FLAG_TEXT)
    assert _page(client, people.manager, "debrief", process.application.pk)[1].count(FLAG_TEXT)
    _status, page = _page(client, people.member, "debrief", process.application.pk)
    assert FLAG_TEXT not in page
    assert not permissions.recommendations_visible_to(people.member).exists()


@pytest.mark.parametrize("access", list(RecruiterAccess))
def test_other_roles_never_gain_from_the_recruiter_setting(process, people, submitted, access):
    _grant(access)
    for user in (people.admin, people.outsider, people.other_manager):
        assert not permissions.scorecards_visible_to(user).exists(), user
        assert not permissions.recommendations_visible_to(user).exists(), user


def test_an_inactive_recruiter_reads_nothing_whatever_the_grant(process, people, submitted):
    _grant(RecruiterAccess.EVERYTHING)
    people.recruiter.is_active = False
    people.recruiter.save()
    assert not permissions.scorecards_visible_to(people.recruiter).exists()
    assert not permissions.recommendations_visible_to(people.recruiter).exists()
    assert not permissions.reads_scorecard_content(people.recruiter)


def test_admins_change_the_setting_beside_the_blind_mode(client, people, db):
    OrganisationSettings.current()
    client.force_login(people.admin)
    url = reverse("admin:access_organisationsettings_change", args=[1])
    page = client.get(url).content.decode()
    assert "Recruiters read submitted scorecards" in page and "Blind mode" in page
    response = client.post(
        url,
        {
            "blind_mode": "after_own",
            "recruiter_access": "recommendations",
            "move_to_debrief_when_complete": "on",
        },
    )
    assert response.status_code == 302
    saved = OrganisationSettings.current()
    assert saved.recruiter_access == RecruiterAccess.RECOMMENDATIONS
    assert saved.move_to_debrief_when_complete
