"""Pages ask the permission layer: records out of reach answer 404, never 403."""

from django.urls import reverse

from tests.factories import write_scorecard


def test_direct_url_to_another_members_scorecard_is_404_until_own_is_submitted(
    client, process, people
):
    theirs = write_scorecard(process.other_assignment, submit=True)
    url = reverse("scorecard-detail", args=[theirs.pk])
    client.force_login(people.member)
    assert client.get(url).status_code == 404

    application_page = client.get(reverse("application-detail", args=[process.application.pk]))
    assert application_page.status_code == 200
    assert url not in application_page.content.decode()

    write_scorecard(process.assignment, submit=True)
    response = client.get(url)
    assert response.status_code == 200
    assert theirs.ratings.first().evidence in response.content.decode()


def test_draft_is_404_for_the_hiring_manager(client, process, people):
    draft = write_scorecard(process.assignment)
    client.force_login(people.manager)
    assert client.get(reverse("scorecard-detail", args=[draft.pk])).status_code == 404


def test_application_and_opening_outside_reach_are_404(client, process, people):
    client.force_login(people.member)
    assert (
        client.get(reverse("application-detail", args=[process.foreign_application.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("opening-detail", args=[process.foreign_opening.pk])).status_code == 404
    )
    assert client.get(reverse("opening-detail", args=[process.opening.pk])).status_code == 200


def test_outsider_gets_404_everywhere_and_missing_ids_look_the_same(client, process, people):
    client.force_login(people.outsider)
    for url in (
        reverse("application-detail", args=[process.application.pk]),
        reverse("opening-detail", args=[process.opening.pk]),
        reverse("application-detail", args=[999_999]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert process.application.candidate.name not in response.content.decode()


def test_recruiter_sees_the_application_but_no_scorecard(client, process, people):
    submitted = write_scorecard(process.assignment, submit=True)
    client.force_login(people.recruiter)
    page = client.get(reverse("application-detail", args=[process.application.pk]))
    assert page.status_code == 200
    assert reverse("scorecard-detail", args=[submitted.pk]) not in page.content.decode()
    assert client.get(reverse("scorecard-detail", args=[submitted.pk])).status_code == 404
