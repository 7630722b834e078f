"""The debrief and decision pages: rules on the server, clear messages, nothing lost."""

from django.urls import reverse

from panelist.decisions.models import Decision
from panelist.decisions.services import committee_recommend
from panelist.hiring.models import Stage
from panelist.interviews.models import Flag, Severity
from tests.factories import write_scorecard


def test_decision_against_the_committee_without_rationale_is_refused(client, process, people):
    write_scorecard(process.assignment, submit=True)
    write_scorecard(process.other_assignment, submit=True)
    committee_recommend(
        actor=people.manager, application=process.application, recommendation="strong_no"
    )
    client.force_login(people.manager)
    level_id = process.opening.target_level_id
    response = client.post(
        reverse("decide", args=[process.application.pk]),
        {"outcome": "hire", "level": level_id, "rationale": ""},
    )
    assert response.status_code == 422
    assert "departs from the committee" in response.content.decode()
    assert not Decision.objects.exists()
    process.application.refresh_from_db()
    assert process.application.stage == Stage.DEBRIEF

    response = client.post(
        reverse("decide", args=[process.application.pk]),
        {
            "outcome": "hire",
            "level": level_id,
            "rationale": "Modeling is exceptional; the no came from one seminar.",
            "confirm_above_supported_level": "on",
        },
    )
    assert response.status_code == 302
    process.application.refresh_from_db()
    assert process.application.stage == Stage.DECIDED


def test_only_the_manager_reaches_the_decision_page(client, process, people):
    for user in (people.member, people.recruiter, people.admin):
        client.force_login(user)
        assert client.get(reverse("decide", args=[process.application.pk])).status_code == 404


def test_debrief_puts_red_flags_first_and_marks_thin_evidence(client, process, people, settings):
    settings.PANELIST_THIN_EVIDENCE_CHARS = 500
    first = write_scorecard(process.assignment, submit=True)
    second = write_scorecard(process.other_assignment, submit=True)
    Flag.objects.create(scorecard=first, severity=Severity.ORANGE, evidence="Orange detail.")
    Flag.objects.create(scorecard=second, severity=Severity.RED, evidence="Red detail.")
    client.force_login(people.manager)
    page = client.get(reverse("debrief", args=[process.application.pk])).content.decode()
    assert page.index("Red detail.") < page.index("Orange detail.")
    assert "thin" in page
    assert "Mechanical aggregate" in page


def test_recruiter_sees_recommendations_but_no_ratings_or_flags(client, process, people):
    from panelist.access.models import OrganisationSettings, RecruiterAccess

    OrganisationSettings.objects.update_or_create(
        pk=1, defaults={"recruiter_access": RecruiterAccess.RECOMMENDATIONS}
    )
    scorecard = write_scorecard(process.assignment, submit=True)
    Flag.objects.create(scorecard=scorecard, severity=Severity.RED, evidence="Secret flag.")
    client.force_login(people.recruiter)
    page = client.get(reverse("debrief", args=[process.application.pk])).content.decode()
    assert "Yes" in page
    assert "Secret flag." not in page
    assert "Mechanical aggregate" not in page
    assert scorecard.ratings.first().evidence not in page


def test_member_who_has_not_submitted_sees_no_one_elses_card_in_the_debrief(
    client, process, people
):
    write_scorecard(process.other_assignment, submit=True)
    client.force_login(people.member)
    page = client.get(reverse("debrief", args=[process.application.pk])).content.decode()
    assert people.other_member.display_name not in page


def test_blind_member_sees_neither_the_committee_recommendation_nor_its_event(
    client, process, people
):
    from panelist.interviews.models import Assignment

    write_scorecard(process.assignment, submit=True)
    write_scorecard(process.other_assignment, submit=True)
    committee_recommend(
        actor=people.manager,
        application=process.application,
        recommendation="strong_no",
        notes="Weighed the red flag heavily.",
    )
    late = Assignment.objects.create(
        application=process.application,
        member=people.outsider,
        interview_format=process.assignment.interview_format,
    )
    late.dimensions.set(process.assignment.dimensions.all())
    client.force_login(people.outsider)
    for url in (
        reverse("debrief", args=[process.application.pk]),
        reverse("application-detail", args=[process.application.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Strong no" not in page
        assert "Weighed the red flag" not in page
        assert "Committee recommends" not in page
    client.force_login(people.recruiter)
    page = client.get(reverse("debrief", args=[process.application.pk])).content.decode()
    assert "Strong no" in page
    assert "Weighed the red flag" not in page
