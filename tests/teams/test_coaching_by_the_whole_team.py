"""Any team member says what they will coach; a hiring manager too; others may not."""

from django.urls import reverse

from panelist.library.models import Dimension
from panelist.teams.models import CoachingPreference, TeamMembership


def test_a_team_member_states_what_they_will_coach(client, process, people):
    modeling = Dimension.objects.get(key="modeling")
    client.force_login(people.member)
    assert client.get(reverse("coaching")).status_code == 404  # on no team yet
    TeamMembership.objects.create(team=process.opening.team, user=people.member)
    assert client.get(reverse("coaching")).status_code == 200
    client.post(reverse("coaching"), {f"dimension-{modeling.pk}": "will"})
    assert CoachingPreference.objects.get(manager=people.member).willingness == "will"


def test_a_team_member_states_it_through_the_api(client, process, people, bearer):
    TeamMembership.objects.create(team=process.opening.team, user=people.member)
    response = client.put(
        "/api/v1/me/coaching",
        {"preferences": {"coding": "some"}},
        content_type="application/json",
        headers=bearer(people.member),
    )
    assert response.status_code == 200, response.content
    assert response.json()["preferences"] == {"coding": "some"}
    refused = client.put(
        "/api/v1/me/coaching",
        {"preferences": {"coding": "some"}},
        content_type="application/json",
        headers=bearer(people.outsider),
    )
    assert refused.status_code == 403


def test_the_team_page_offers_the_coaching_page_to_those_who_may_state_it(client, process, people):
    team = process.opening.team
    TeamMembership.objects.create(team=team, user=people.member)
    url = reverse("team-detail", args=[team.slug])
    for user, offered in ((people.member, True), (people.manager, True), (people.recruiter, False)):
        client.force_login(user)
        response = client.get(url)
        if response.status_code == 200:
            assert (reverse("coaching") in response.content.decode()) == offered, user
        else:
            assert not offered
