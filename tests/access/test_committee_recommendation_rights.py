"""Only the opening's own hiring manager records the committee's recommendation: not an
admin, not another manager, not a recruiter (403 where they see the application, 404 where
they do not), on the page and through the API."""

import pytest
from django.urls import reverse

from panelist.access import permissions
from panelist.decisions.models import CommitteeRecommendation
from tests import factories


@pytest.fixture
def complete(process):
    factories.write_scorecard(process.assignment, submit=True)
    factories.write_scorecard(process.other_assignment, submit=True)
    return process


def test_the_openings_manager_records_the_recommendation_on_the_page(client, complete, people):
    client.force_login(people.manager)
    page = client.get(reverse("debrief", args=[complete.application.pk])).content.decode()
    assert "Record the committee recommendation" in page
    response = client.post(
        reverse("committee-recommend", args=[complete.application.pk]),
        {"recommendation": "yes", "notes": "Strong on modeling."},
    )
    assert response.status_code == 302
    assert CommitteeRecommendation.objects.get().recorded_by == people.manager


def test_the_openings_manager_records_the_recommendation_through_the_api(
    client, complete, people, bearer
):
    response = client.put(
        f"/api/v1/applications/{complete.application.pk}/committee-recommendation",
        {"recommendation": "no"},
        content_type="application/json",
        headers=bearer(people.manager),
    )
    assert response.status_code == 200
    assert CommitteeRecommendation.objects.get().recommendation == "no"


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 403), ("recruiter", 403), ("other_manager", 404), ("member", 403)],
)
def test_nobody_else_records_it_on_the_page(client, complete, people, role, status):
    user = getattr(people, role)
    client.force_login(user)
    page = client.get(reverse("debrief", args=[complete.application.pk]))
    if status == 403:
        assert "Record the committee recommendation" not in page.content.decode()
    response = client.post(
        reverse("committee-recommend", args=[complete.application.pk]),
        {"recommendation": "yes", "notes": ""},
    )
    assert response.status_code == status
    assert not CommitteeRecommendation.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 403), ("recruiter", 403), ("other_manager", 404), ("member", 403)],
)
def test_nobody_else_records_it_through_the_api(client, complete, people, bearer, role, status):
    response = client.put(
        f"/api/v1/applications/{complete.application.pk}/committee-recommendation",
        {"recommendation": "yes"},
        content_type="application/json",
        headers=bearer(getattr(people, role)),
    )
    assert response.status_code == status
    assert "detail" in response.json()
    assert not CommitteeRecommendation.objects.exists()


def test_an_admin_on_no_committee_reads_no_scorecard(complete, people):
    """Least privilege: admins configure; they read hiring content only as a member."""
    assert not permissions.scorecards_visible_to(people.admin).exists()
    assert not permissions.can_record_committee_recommendation(people.admin, complete.application)


def test_an_admin_on_the_committee_reads_the_others_after_submitting(complete, people):
    mine = factories.AssignmentFactory(
        application=complete.application,
        member=people.admin,
        format_key="seminar",
        dimensions=["science"],
    )
    assert not permissions.scorecards_visible_to(people.admin).exists()
    factories.write_scorecard(mine, submit=True)
    assert permissions.scorecards_visible_to(people.admin).count() == 3


@pytest.mark.parametrize(("role", "status"), [("admin", 403), ("manager", 302)])
def test_only_the_openings_manager_records_a_skill_reading(client, complete, people, role, status):
    from panelist.decisions.models import SkillAssessment

    skill = factories.SkillFactory(name="Bayesian workflow")
    client.force_login(getattr(people, role))
    response = client.post(
        reverse("skill-reading", args=[complete.application.pk]),
        {"skill": skill.pk, "holding": "holds", "evidence": "Walked through a prior check."},
    )
    assert response.status_code == status
    assert SkillAssessment.objects.exists() == (role == "manager")


def test_committee_notes_reach_the_committee_and_a_fully_granted_recruiter_only(
    client, complete, people, bearer
):
    from panelist.access.models import OrganisationSettings, RecruiterAccess
    from panelist.decisions.services import committee_recommend

    committee_recommend(
        actor=people.manager,
        application=complete.application,
        recommendation="yes",
        notes="Weighed the orange flag as a cultural difference.",
    )
    url = f"/api/v1/applications/{complete.application.pk}/committee-recommendation"

    def notes(user):
        return client.get(url, headers=bearer(user)).json()["notes"]

    assert notes(people.manager) == notes(people.member) is not None
    assert notes(people.admin) is None
    assert notes(people.recruiter) is None
    settings = OrganisationSettings.current()
    settings.recruiter_access = RecruiterAccess.EVERYTHING
    settings.save()
    assert notes(people.recruiter) == "Weighed the orange flag as a cultural difference."
