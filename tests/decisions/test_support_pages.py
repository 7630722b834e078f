"""Decision support and team pages: the rules fed from the database, behind the same checks."""

import pytest
from django.urls import reverse

from panelist.decisions.models import SkillAssessment
from panelist.decisions.services import skill_assessment_record
from panelist.hiring.models import Importance, RequiredSkill
from panelist.teams.models import CoachingPreference, MemberSkill, TeamMembership
from tests.factories import AssignmentFactory, SkillFactory, write_scorecard
from tests.querycount import assert_queries_do_not_grow


def _compare(user, opening, *, sort: str):
    """The comparison of every candidate of ``opening``, as if all were picked."""
    from panelist.access.permissions import scorecard_reach
    from panelist.decisions.selectors import comparison, comparison_candidates

    ids = list(opening.applications.values_list("pk", flat=True))
    picked = comparison_candidates(user, opening, picked=ids).picked
    reach = scorecard_reach(user, [a.pk for a in picked])
    return comparison(user, opening, picked, reach=reach, sort=sort)


def _skills(process, people):
    """Two must-haves and a nice-to-have; the team holds one must-have through one member."""
    python = SkillFactory(name="Python")
    stats = SkillFactory(name="Bayesian statistics")
    odes = SkillFactory(name="ODE modeling")
    for skill, importance in ((python, "must"), (stats, "must"), (odes, "nice")):
        RequiredSkill.objects.create(opening=process.opening, skill=skill, importance=importance)
    membership = TeamMembership.objects.create(team=process.opening.team, user=people.member)
    MemberSkill.objects.create(membership=membership, skill=stats, level=3)
    return python, stats, odes


def test_support_page_reads_level_fit_skills_coaching_and_team(client, process, people):
    python, stats, _odes = _skills(process, people)
    write_scorecard(process.assignment, value=2, submit=True)  # coding at 2: below DS
    write_scorecard(process.other_assignment, value=4, submit=True)
    CoachingPreference.objects.create(
        manager=people.manager,
        dimension=process.assignment.dimensions.get(),
        willingness="will_not",
    )
    skill_assessment_record(
        actor=people.manager,
        application=process.application,
        skill=python,
        holding="holds",
        evidence="Walked through their package's tests.",
    )
    skill_assessment_record(
        actor=people.manager,
        application=process.application,
        skill=stats,
        holding="holds",
        evidence="Derived the posterior on the board.",
    )
    client.force_login(people.manager)
    page = client.get(reverse("decision-support", args=[process.application.pk])).content.decode()
    assert "Holding the candidate back from Data Scientist" in page
    assert "will not coach" in page
    assert "no growth headroom" in page
    assert "Bayesian statistics" in page  # covers the single point held by one member
    assert "Provisional" in page  # science and modeling never assessed


def test_recruiters_and_outsiders_do_not_reach_decision_support(client, process, people):
    for user in (people.recruiter, people.outsider):
        client.force_login(user)
        url = reverse("decision-support", args=[process.application.pk])
        assert client.get(url).status_code == 404


def test_blind_member_support_page_uses_only_their_own_scorecard(client, process, people):
    write_scorecard(process.other_assignment, value=4, submit=True)
    client.force_login(people.member)
    page = client.get(reverse("decision-support", args=[process.application.pk])).content.decode()
    assert "1 of 2 submitted; <strong>scores hidden until you submit yours</strong>" in page


def test_only_the_manager_records_a_skill_reading_and_it_needs_evidence(client, process, people):
    python, _, _ = _skills(process, people)
    url = reverse("skill-reading", args=[process.application.pk])
    client.force_login(people.member)
    assert (
        client.post(url, {"skill": python.pk, "holding": "holds", "evidence": "x"}).status_code
        == 403
    )
    client.force_login(people.manager)
    client.post(url, {"skill": python.pk, "holding": "holds", "evidence": ""})
    assert not SkillAssessment.objects.exists()
    client.post(url, {"skill": python.pk, "holding": "can_learn", "evidence": "Only notebooks."})
    assert SkillAssessment.objects.get().holding == "can_learn"
    other = SkillFactory(name="Rust")
    client.post(url, {"skill": other.pk, "holding": "holds", "evidence": "Ships a Rust crate."})
    assert SkillAssessment.objects.get(skill=other).holding == "holds"  # feeds complementarity
    missing = {"skill": 999_999, "holding": "holds", "evidence": "No such skill."}
    assert client.post(url, missing).status_code == 404


def test_team_page_shows_inventory_and_single_points(client, process, people):
    _skills(process, people)
    client.force_login(people.manager)
    page = client.get(reverse("team-detail", args=[process.opening.team.slug])).content.decode()
    assert "Single points of failure" in page
    assert "Bayesian statistics" in page
    client.force_login(people.outsider)
    assert client.get(reverse("team-detail", args=[process.opening.team.slug])).status_code == 404


def test_support_and_team_pages_keep_a_fixed_query_count(client, process, people):
    _skills(process, people)

    def grow(copies):
        for _ in range(copies):
            assignment = AssignmentFactory(
                application=process.application, format_key="seminar", dimensions=["modeling"]
            )
            write_scorecard(assignment, submit=True)
            skill = SkillFactory()
            RequiredSkill.objects.create(
                opening=process.opening, skill=skill, importance=Importance.NICE
            )
            membership = TeamMembership.objects.create(
                team=process.opening.team, user=assignment.member
            )
            MemberSkill.objects.create(membership=membership, skill=skill, level=2)

    client.force_login(people.manager)
    assert_queries_do_not_grow(
        client, reverse("decision-support", args=[process.application.pk]), grow=grow
    )
    assert_queries_do_not_grow(
        client, reverse("team-detail", args=[process.opening.team.slug]), grow=grow
    )


def test_chart_endpoints_answer_svg_behind_the_same_checks(client, process, people):
    _skills(process, people)
    write_scorecard(process.assignment, submit=True)
    radar = reverse("support-radar", args=[process.application.pk])
    heat = reverse("team-heatmap", args=[process.opening.team.slug])
    client.force_login(people.manager)
    for url in (radar, heat):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("image/svg+xml")
        assert response.content.lstrip().startswith(b"<?xml")
    client.force_login(people.recruiter)
    assert client.get(radar).status_code == 404
    client.force_login(people.outsider)
    assert client.get(radar).status_code == 404
    assert client.get(heat).status_code == 404


def test_comparison_ranks_ties_and_says_when_scorecards_are_missing(client, process, people):
    from tests.factories import ApplicationFactory

    write_scorecard(process.assignment, value=3, submit=True)
    write_scorecard(process.other_assignment, value=3, submit=True)
    twin = ApplicationFactory(opening=process.opening)
    for assignment in (
        AssignmentFactory(application=twin, member=people.member, dimensions=["coding"]),
        AssignmentFactory(
            application=twin,
            member=people.other_member,
            format_key="behavioural-story",
            dimensions=["people"],
        ),
    ):
        write_scorecard(assignment, value=3, submit=True)
    unfinished = ApplicationFactory(opening=process.opening)
    AssignmentFactory(application=unfinished, member=people.member, dimensions=["coding"])

    result = _compare(people.manager, process.opening, sort="fit")
    ranks = {row.application.pk: row.rank for row in result.rows}
    assert ranks[process.application.pk] == ranks[twin.pk] == "=1"
    assert ranks[unfinished.pk] == "3"
    missing = {row.application.pk: row.missing_scorecards for row in result.rows}
    assert missing[unfinished.pk] == 1 and missing[twin.pk] == 0

    client.force_login(people.manager)
    picked = {"a": [process.application.pk, twin.pk, unfinished.pk]}
    page = client.get(reverse("comparison", args=[process.opening.pk]), picked).content.decode()
    assert "=1" in page and "1 missing: incomplete" in page
    chart = client.get(reverse("comparison-chart", args=[process.opening.pk]))
    assert chart["Content-Type"].startswith("image/svg+xml")
    client.force_login(people.recruiter)
    assert client.get(reverse("comparison", args=[process.opening.pk])).status_code == 404


def test_comparison_keeps_a_fixed_query_count(client, process, people):
    from tests.factories import ApplicationFactory

    def grow(copies):
        for _ in range(copies):
            application = ApplicationFactory(opening=process.opening)
            assignment = AssignmentFactory(application=application, dimensions=["coding"])
            write_scorecard(assignment, submit=True)
            skill_assessment_record(
                actor=people.manager,
                application=application,
                skill=SkillFactory(),
                holding="holds",
                evidence="Seen in the code review.",
            )

    client.force_login(people.manager)
    assert_queries_do_not_grow(client, reverse("comparison", args=[process.opening.pk]), grow=grow)


def test_packet_keeps_a_fixed_query_count_and_one_article_per_candidate(client, process, people):
    from tests.factories import ApplicationFactory

    def grow(copies):
        for _ in range(copies):
            application = ApplicationFactory(opening=process.opening)
            assignment = AssignmentFactory(application=application, dimensions=["coding"])
            write_scorecard(assignment, submit=True)

    client.force_login(people.manager)
    url = reverse("packet", args=[process.opening.pk])
    assert_queries_do_not_grow(client, url, grow=grow)
    page = client.get(f"{url}?a={process.application.pk}").content.decode()
    assert page.count('class="packet-page"') == 1
    client.force_login(people.recruiter)
    assert client.get(url).status_code == 404


def test_manager_states_coaching_preferences_and_others_may_not(client, process, people):
    from panelist.library.models import Dimension

    modeling = Dimension.objects.get(key="modeling")
    client.force_login(people.manager)
    assert client.get(reverse("coaching")).status_code == 200
    client.post(reverse("coaching"), {f"dimension-{modeling.pk}": "will_not"})
    assert CoachingPreference.objects.get(manager=people.manager).willingness == "will_not"
    client.post(reverse("coaching"), {f"dimension-{modeling.pk}": ""})
    assert not CoachingPreference.objects.filter(manager=people.manager).exists()
    client.force_login(people.member)
    assert client.get(reverse("coaching")).status_code == 404


def test_blind_member_sees_no_committee_verdict_or_skill_readings_anywhere(client, process, people):
    from panelist.decisions.services import committee_recommend
    from panelist.interviews.models import Assignment

    python, _, _ = _skills(process, people)
    write_scorecard(process.assignment, submit=True)
    write_scorecard(process.other_assignment, submit=True)
    skill_assessment_record(
        actor=people.manager,
        application=process.application,
        skill=python,
        holding="lacks",
        evidence="Secret skill reading.",
    )
    committee_recommend(
        actor=people.manager, application=process.application, recommendation="strong_yes"
    )
    late = Assignment.objects.create(
        application=process.application,
        member=people.outsider,
        interview_format=process.assignment.interview_format,
    )
    late.dimensions.set(process.assignment.dimensions.all())
    client.force_login(people.outsider)
    for url in (
        reverse("comparison", args=[process.opening.pk]),
        reverse("comparison", args=[process.opening.pk]) + "?sort=go",
        reverse("packet", args=[process.opening.pk]),
        reverse("decision-support", args=[process.application.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Strong yes" not in page, url
        assert "Secret skill reading." not in page, url
        assert "Lacks" not in page, url


def test_candidates_without_scorecards_sort_after_everyone_assessed(process, people):
    from tests.factories import ApplicationFactory

    write_scorecard(process.assignment, value=1, submit=True)  # assessed, below every rung
    waiting = ApplicationFactory(opening=process.opening)
    rows = _compare(people.manager, process.opening, sort="fit").rows
    assert [row.application.pk for row in rows] == [process.application.pk, waiting.pk]
    assert [row.rank for row in rows] == ["1", "2"]


# --- which candidates the comparison and the packet show (issue 10, point 16) --------------


def _opening_with_one_unassessed(process, people):
    """``process.application`` with two submitted scorecards, and a second candidate whose
    committee has not submitted: assessed and waiting."""
    from tests.factories import ApplicationFactory

    write_scorecard(process.assignment, submit=True)
    write_scorecard(process.other_assignment, submit=True)
    waiting = ApplicationFactory(opening=process.opening, candidate__name="Wanda Waiting")
    AssignmentFactory(application=waiting, member=people.member, dimensions=["coding"])
    return process.application, waiting


def _compared_names(page: str, application) -> bool:
    return f'href="{reverse("decision-support", args=[application.pk])}"' in page


def test_comparison_and_packet_default_to_candidates_with_readable_submitted_scorecards(
    client, process, people
):
    assessed, waiting = _opening_with_one_unassessed(process, people)
    client.force_login(people.manager)
    page = client.get(reverse("comparison", args=[process.opening.pk])).content.decode()
    assert _compared_names(page, assessed) and not _compared_names(page, waiting)
    assert "Wanda Waiting" in page  # offered in the picker, unticked
    assert "no submitted scorecard you can read" in page
    assert f'value="{waiting.pk}" checked' not in page
    assert f'value="{assessed.pk}" checked' in page
    packet = client.get(reverse("packet", args=[process.opening.pk])).content.decode()
    assert packet.count('class="packet-page"') == 1
    assert f'id="candidate-{waiting.pk}"' not in packet


def test_a_blind_member_default_leaves_out_what_they_cannot_read(client, process, people):
    assessed, _ = _opening_with_one_unassessed(process, people)
    late = AssignmentFactory(application=assessed, member=people.outsider, dimensions=["coding"])
    assert late.pk
    client.force_login(people.outsider)
    page = client.get(reverse("comparison", args=[process.opening.pk])).content.decode()
    assert not _compared_names(page, assessed)


def test_the_manager_picks_which_candidates_to_compare_and_print(client, process, people):
    assessed, waiting = _opening_with_one_unassessed(process, people)
    client.force_login(people.manager)
    url = reverse("comparison", args=[process.opening.pk])
    page = client.get(url, {"a": [waiting.pk]}).content.decode()
    assert _compared_names(page, waiting) and not _compared_names(page, assessed)
    assert f"a={waiting.pk}" in page  # the chart and the packet show the same pick
    both = client.get(url, {"a": [waiting.pk, assessed.pk]}).content.decode()
    assert _compared_names(both, waiting) and _compared_names(both, assessed)
    packet = client.get(reverse("packet", args=[process.opening.pk]), {"a": [waiting.pk]})
    assert packet.content.decode().count('class="packet-page"') == 1


@pytest.mark.parametrize(
    ("picked", "message"),
    [
        (["x1"], "not one"),
        (["999999"], "not one of this opening"),
        ([str(n) for n in range(1, 14)], "Pick at most 12 candidates; you picked 13"),
    ],
)
def test_a_bad_or_oversized_pick_is_refused_with_what_to_do(
    client, process, people, picked, message
):
    _opening_with_one_unassessed(process, people)
    client.force_login(people.manager)
    for name in ("comparison", "comparison-chart"):
        response = client.get(reverse(name, args=[process.opening.pk]), {"a": picked})
        assert response.status_code == 400, name
        assert message in response.content.decode()


def test_a_candidate_of_another_opening_cannot_be_picked(client, process, people):
    _opening_with_one_unassessed(process, people)
    client.force_login(people.manager)
    foreign = {"a": [process.foreign_application.pk]}
    response = client.get(reverse("packet", args=[process.opening.pk]), foreign)
    assert response.status_code == 400
    assert 'class="packet-page"' not in response.content.decode()


def test_the_packet_bounds_its_pick_too(client, process, people):
    _opening_with_one_unassessed(process, people)
    client.force_login(people.manager)
    many = {"a": [str(n) for n in range(1, 22)]}
    response = client.get(reverse("packet", args=[process.opening.pk]), many)
    assert response.status_code == 400
    assert "Pick at most 20 candidates" in response.content.decode()


def test_the_chart_legend_names_only_the_candidates_drawn(client, process, people):
    import xml.etree.ElementTree as ET

    assessed, waiting = _opening_with_one_unassessed(process, people)
    client.force_login(people.manager)
    url = reverse("comparison-chart", args=[process.opening.pk])
    svg = client.get(url, {"a": [assessed.pk, waiting.pk]}).content.decode()
    texts = " ".join(el.text or "" for el in ET.fromstring(svg).iter() if el.text)
    assert assessed.candidate.name in texts
    assert "Wanda Waiting" not in texts


def test_comparison_packet_and_chart_keep_a_fixed_query_count_with_unassessed_candidates(
    client, process, people
):
    from tests.factories import ApplicationFactory

    def grow(copies):
        for _ in range(copies):
            application = ApplicationFactory(opening=process.opening)
            AssignmentFactory(application=application, dimensions=["coding"])  # not submitted
            assessed = ApplicationFactory(opening=process.opening)
            write_scorecard(
                AssignmentFactory(application=assessed, dimensions=["coding"]), submit=True
            )

    client.force_login(people.manager)
    opening = process.opening.pk
    for name in ("comparison", "packet", "comparison-chart"):
        assert_queries_do_not_grow(client, reverse(name, args=[opening]), grow=grow, large=3)


def test_dimensions_and_expectations_read_together_match_their_separate_reads(process, people):
    """One query gives the assessed dimensions (with the manager's willingness, a dimension
    without any expectation in the version included) and the version's expectations on them
    and on leadership: the same as the two reads it replaces."""
    from django.db import connection
    from django.db.models import Q
    from django.test.utils import CaptureQueriesContext

    from panelist.decisions import rules
    from panelist.decisions.selectors import assessed_dimensions, dimensions_with_expectations
    from panelist.library.models import Dimension, LevelExpectation

    opening = process.opening
    Dimension.objects.create(key="unranked", name="Unranked", assessed=True, order=99)
    coding = Dimension.objects.get(key="coding")
    CoachingPreference.objects.create(manager=people.manager, dimension=coding, willingness="some")
    with CaptureQueriesContext(connection) as read:
        dimensions, expectations = dimensions_with_expectations(
            manager_id=opening.hiring_manager_id, version_id=opening.library_version_id
        )
    assert len(read.captured_queries) == 1
    separate = assessed_dimensions(manager_id=opening.hiring_manager_id)
    assert [(d.key, d.willingness) for d in dimensions] == [
        (d.key, d.willingness) for d in separate
    ]
    assert ("unranked", None) in [(d.key, d.willingness) for d in dimensions]
    assert ("coding", "some") in [(d.key, d.willingness) for d in dimensions]
    expected = LevelExpectation.objects.filter(version=opening.library_version_id).filter(
        Q(dimension__assessed=True) | Q(dimension__key=rules.LEADERSHIP)
    )
    assert sorted(e.pk for e in expectations) == sorted(e.pk for e in expected)
    with CaptureQueriesContext(connection) as read:
        pairs = {(e.dimension.key, e.level.key) for e in expectations}
    assert not read.captured_queries
    assert pairs == set(expected.values_list("dimension__key", "level__key"))
    assert any(key == rules.LEADERSHIP for key, _ in pairs)
