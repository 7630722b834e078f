"""The team pages page their lists: the teams, a team's members with their skills, and the
dimensions a manager states coaching for; each shows its count, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from panelist.library.models import Dimension
from panelist.teams.models import CoachingPreference, MemberSkill, TeamMembership
from tests.factories import SkillFactory, TeamFactory, UserFactory
from tests.querycount import assert_queries_do_not_grow


def _get(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_teams_list_pages_25_at_a_time_with_the_count(client, people):
    for n in range(30):
        TeamFactory(name=f"Team {n:02d}")
    client.force_login(people.recruiter)
    first = _get(client, reverse("team-list"))
    assert "30 teams; 1 to 25 shown" in first
    assert first.count('<li><a href="/teams/') == 25
    assert "Team 00" in first and "Team 25" not in first
    assert "Page 1 of 2" in first
    second = _get(client, reverse("team-list"), page=2)
    assert second.count('<li><a href="/teams/') == 5 and "Team 29" in second
    assert "26 to 30 shown" in second


@pytest.mark.parametrize("number", ["abc", "0", "-1", "99999", "9" * 5000, ""])
def test_teams_list_answers_any_page_number(client, people, number):
    TeamFactory()
    client.force_login(people.recruiter)
    assert client.get(reverse("team-list"), {"page": number}).status_code == 200


def _team_of(size: int):
    team = TeamFactory()
    for n in range(size):
        TeamMembership.objects.create(team=team, user=UserFactory(first_name=f"Member{n:02d}"))
    return team


def test_team_page_pages_its_members_and_reads_coverage_over_all_of_them(client, people):
    team = _team_of(30)
    only_on_page_two = SkillFactory(name="Mechanistic modeling")
    held_twice = SkillFactory(name="Python")
    nobody = SkillFactory(name="Causal inference")
    members = list(team.memberships.order_by("user__first_name"))
    MemberSkill.objects.create(membership=members[29], skill=only_on_page_two, level=3)
    MemberSkill.objects.create(membership=members[0], skill=held_twice, level=2)
    MemberSkill.objects.create(membership=members[28], skill=held_twice, level=3)
    MemberSkill.objects.create(membership=members[1], skill=nobody, level=1)  # below holding
    client.force_login(people.admin)
    url = reverse("team-detail", args=[team.slug])
    first = _get(client, url)
    assert "30 members" in first and "members 1 to 25 of 30" in first
    assert first.count('<th scope="row">') == 25 and "Page 1 of 2" in first
    single, rest = first.split("Single points of failure", 1)[1].split("Skills nobody holds", 1)
    assert "Mechanistic modeling" in single and "Python" not in single
    assert "Causal inference" in rest.split("Skill inventory", 1)[0]
    second = _get(client, url, page=2)
    assert second.count('<th scope="row">') == 5
    assert '<td class="l3">3</td>' in second  # member 29's modeling, on the second page


def test_team_page_query_count_is_flat_with_more_members(client, people):
    team = _team_of(0)
    skill = SkillFactory()
    client.force_login(people.admin)

    def grow(copies):
        for _ in range(copies * 5):
            membership = TeamMembership.objects.create(team=team, user=UserFactory())
            MemberSkill.objects.create(membership=membership, skill=skill, level=2)

    queries = assert_queries_do_not_grow(
        client, reverse("team-detail", args=[team.slug]), grow=grow, large=12
    )
    assert queries <= 15


def _dimensions(count: int, start: int = 0) -> list[Dimension]:
    return [
        Dimension.objects.create(key=f"extra-{n:02d}", name=f"Extra {n:02d}", order=100 + n)
        for n in range(start, start + count)
    ]


def test_coaching_pages_its_dimensions_with_the_count(client, library, people):
    assessed = Dimension.objects.filter(assessed=True).count()
    _dimensions(30)
    total = assessed + 30
    client.force_login(people.manager)
    first = _get(client, reverse("coaching"))
    assert f"{total} assessed dimensions; 1 to 25 shown" in first
    assert first.count("<select") == 25 and "Page 1 of 2" in first
    second = _get(client, reverse("coaching"), page=2)
    assert second.count("<select") == total - 25


def test_saving_a_page_of_coaching_keeps_the_other_pages(client, library, people):
    extra = _dimensions(30)
    first_page = Dimension.objects.filter(assessed=True).order_by("order", "key")[0]
    CoachingPreference.objects.create(
        manager=people.manager, dimension=extra[-1], willingness="some"
    )
    client.force_login(people.manager)
    response = client.post(
        reverse("coaching") + "?page=1", {f"dimension-{first_page.pk}": "will_not"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?page=1")
    saved = dict(
        CoachingPreference.objects.filter(manager=people.manager).values_list(
            "dimension__key", "willingness"
        )
    )
    assert saved == {first_page.key: "will_not", extra[-1].key: "some"}


def test_coaching_query_count_is_flat_with_more_dimensions(client, library, people):
    client.force_login(people.manager)
    made = []

    def grow(copies):
        for dimension in _dimensions(copies * 3, start=len(made)):
            made.append(dimension)
            CoachingPreference.objects.create(
                manager=people.manager, dimension=dimension, willingness="will"
            )

    assert assert_queries_do_not_grow(client, reverse("coaching"), grow=grow) <= 15


def test_the_team_page_and_the_debrief_count_a_skill_held_from_proficient_on():
    from panelist.decisions import rules
    from panelist.teams.models import SkillLevel
    from panelist.teams.selectors import HOLDING_LEVEL

    assert HOLDING_LEVEL == rules.HOLDING_LEVEL == SkillLevel.PROFICIENT
    coverage = rules.team_coverage(
        {"ana": {"SQL": SkillLevel.PROFICIENT}, "bo": {"SQL": 1}}, ["SQL"]
    )
    assert coverage.holders == {"SQL": ["ana"]}
