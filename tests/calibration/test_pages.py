import pytest
from django.urls import reverse

from panelist.access.models import BlindMode, OrganisationSettings
from panelist.access.permissions import calibrated_applications
from panelist.calibration import services
from panelist.calibration.models import CalibrationRun
from tests import factories
from tests.querycount import assert_queries_do_not_grow

INTERVIEWERS = reverse("calibration-interviewers")


def test_the_interviewer_page_is_for_admins_and_hiring_managers(client, process, people):
    for user in (people.member, people.recruiter, people.outsider):
        client.force_login(user)
        assert client.get(INTERVIEWERS).status_code == 404
    for user in (people.admin, people.manager):
        client.force_login(user)
        page = client.get(INTERVIEWERS)
        assert page.status_code == 200
        assert b"No calibration has been run yet" in page.content
    client.logout()
    assert client.get(INTERVIEWERS).status_code == 302


def test_the_page_shows_leniency_with_intervals_and_says_why_a_target_was_not_fitted(
    client, rated_history, people
):
    services.calibration_run()
    client.force_login(people.manager)
    page = client.get(INTERVIEWERS).content.decode()
    for username in ("lenient", "middle", "also-middle", "severe"):
        assert f'<th scope="row">{username.capitalize()}</th>' in page
    assert '<span class="badge orange">lenient</span>' in page
    assert "Leniency by dimension" in page and "Coding" in page
    assert "Not fitted.</strong> No submitted ratings yet." in page  # people skills
    assert " to " in page and "90 % interval" in page
    assert "Agrees with committee" in page


def test_only_admins_run_a_calibration_from_the_page_and_only_by_post(client, process, people):
    factories.write_scorecard(process.assignment, submit=True)
    run_url = reverse("calibration-run")
    client.force_login(people.manager)
    assert client.post(run_url).status_code == 404
    assert not CalibrationRun.objects.exists()
    client.force_login(people.admin)
    assert client.get(run_url).status_code == 405
    answer = client.post(run_url, follow=True)
    assert answer.redirect_chain[-1][0] == INTERVIEWERS
    assert b"0 of 6 targets fitted" in answer.content
    assert CalibrationRun.objects.get().started_by == people.admin


def test_the_interviewer_page_query_count_does_not_grow(client, rated_history, people, library):
    opening, _, raters = rated_history
    client.force_login(people.admin)

    def grow(n):
        for _ in range(n):
            application = factories.ApplicationFactory(opening=opening)
            for rater in list(raters.values())[:2]:
                factories.write_scorecard(
                    factories.AssignmentFactory(application=application, member=rater),
                    submit=True,
                )
            factories.write_scorecard(
                factories.AssignmentFactory(application=application), submit=True
            )  # a new interviewer each time
        services.calibration_run()

    assert_queries_do_not_grow(client, INTERVIEWERS, grow=grow)


def _calibrated_row_shown(client, application) -> bool:
    page = client.get(reverse("debrief", args=[application.pk]))
    assert page.status_code == 200
    return b"calibrated " in page.content


def test_debrief_and_comparison_show_calibrated_scores_beside_the_raw(
    client, rated_history, people
):
    opening, applications, _ = rated_history
    services.calibration_run()
    client.force_login(people.manager)
    debrief = client.get(reverse("debrief", args=[applications[0].pk])).content.decode()
    assert "Mechanical aggregate" in debrief and "Calibrated" in debrief
    assert "leniency taken out" in debrief
    comparison = client.get(reverse("comparison", args=[opening.pk])).content.decode()
    assert comparison.count("calibrated ") >= len(applications)
    assert "leniency taken out" in comparison


def test_no_calibrated_figure_reaches_a_member_still_blind(client, rated_history, people):
    _, applications, _ = rated_history
    pending = factories.AssignmentFactory(application=applications[0], member=people.member)
    services.calibration_run()
    client.force_login(people.member)
    assert not _calibrated_row_shown(client, applications[0])
    factories.write_scorecard(pending, submit=True)
    assert _calibrated_row_shown(client, applications[0])


def test_when_members_only_ever_see_their_own_they_never_read_calibrated_scores(
    rated_history, people
):
    _, applications, raters = rated_history
    settings = OrganisationSettings.current()
    settings.blind_mode = BlindMode.NEVER
    settings.save()
    ids = [a.pk for a in applications]
    assert calibrated_applications(raters["middle"], ids) == set()
    assert calibrated_applications(people.manager, ids) == set(ids)
    assert calibrated_applications(people.recruiter, ids) == set()


@pytest.mark.parametrize("url_name", ["debrief", "comparison"])
def test_pages_say_when_there_is_no_calibration_yet(client, rated_history, people, url_name):
    opening, applications, _ = rated_history
    client.force_login(people.manager)
    arg = applications[0].pk if url_name == "debrief" else opening.pk
    page = client.get(reverse(url_name, args=[arg]))
    assert b"Calibrated scores: none yet" in page.content
