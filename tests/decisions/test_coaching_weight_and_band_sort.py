"""The weighting rule (a coachable gap weighs less) and the band-based skills sort, on
hand-made cases: first the pure rules, then the comparison that applies them."""

import pytest
from django.test import override_settings

from panelist.decisions.rules import (
    Band,
    Coaching,
    Holding,
    Shortfall,
    band_sort_key,
    coaching_gaps,
    skill_match,
    weighted_gap,
)
from panelist.decisions.services import skill_assessment_record
from panelist.hiring.models import RequiredSkill
from panelist.teams.models import CoachingPreference, TeamMembership
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CandidateFactory,
    SkillFactory,
    write_scorecard,
)

# --- the pure rules ----------------------------------------------------------------------


def test_a_gap_a_named_teammate_coaches_is_coachable_and_names_them():
    gaps = coaching_gaps(
        [Shortfall("modeling", 2.0, 3.0), Shortfall("people", 2.0, 3.0)],
        {"modeling": Coaching.WILL_NOT},
        teammates={"modeling": ["Rita", "Ian"]},
    )
    by_dimension = {g.shortfall.dimension: g for g in gaps}
    assert by_dimension["modeling"].coachable and not by_dimension["modeling"].manager_coaches
    assert by_dimension["modeling"].teammates == ("Ian", "Rita")
    assert not by_dimension["people"].coachable
    # nobody coaches people: it comes first
    assert [g.shortfall.dimension for g in gaps] == ["people", "modeling"]


def test_two_equal_gaps_weigh_differently_when_only_one_is_coachable():
    coachable = coaching_gaps([Shortfall("modeling", 2.0, 3.0)], {}, teammates={"modeling": ["R"]})
    alone = coaching_gaps([Shortfall("people", 2.0, 3.0)], {}, teammates={"modeling": ["R"]})
    assert weighted_gap(coachable, coachable_weight=0.5) == pytest.approx(0.5)
    assert weighted_gap(alone, coachable_weight=0.5) == pytest.approx(1.0)
    # the weight is the rule's only knob: 1 ignores coaching, 0 ignores coachable gaps
    assert weighted_gap(coachable, coachable_weight=1.0) == pytest.approx(1.0)
    assert weighted_gap(coachable, coachable_weight=0.0) == 0
    with pytest.raises(ValueError):
        weighted_gap(coachable, coachable_weight=1.5)


def test_the_managers_own_willingness_counts_like_a_teammates():
    gaps = coaching_gaps(
        [Shortfall("coding", 2.0, 3.0), Shortfall("science", 2.5, 3.0)],
        {"coding": Coaching.WILL, "science": Coaching.SOME},
    )
    # (1.0 + 0.5) * 0.5
    assert weighted_gap(gaps, coachable_weight=0.5) == pytest.approx(0.75)


MUST = ["a", "b", "c", "d", "e"]


def _match(held: int, learnable: int, lacking: int = 0):
    holdings = {}
    skills = iter(MUST)
    for count, holding in ((held, Holding.HOLDS), (learnable, Holding.CAN_LEARN)):
        for _ in range(count):
            holdings[next(skills)] = holding
    for _ in range(lacking):
        holdings[next(skills)] = Holding.LACKS
    return skill_match(MUST, [], holdings)


def test_band_sort_puts_the_band_first_and_never_rewards_holding_everything():
    in_band = _match(4, 1)  # 80 %, the rest learnable
    lacking = _match(3, 1, 1)  # in the band, one not learnable
    everything = _match(5, 0)  # no growth headroom
    below = _match(2, 3)
    incomplete = skill_match(MUST, [], {"a": Holding.HOLDS})
    assert (everything.band, in_band.band) == (Band.NO_HEADROOM, Band.MAJORITY_PLUS_POTENTIAL)
    ranked = sorted([everything, below, incomplete, lacking, in_band], key=band_sort_key)
    assert ranked == [in_band, lacking, everything, below, incomplete]


def test_within_the_band_the_share_nearest_its_middle_ranks_first():
    low_edge = _match(3, 2)  # 60 %
    middle = _match(4, 1)  # 80 %, nearer the middle of 60-90 %
    assert sorted([low_edge, middle], key=band_sort_key) == [middle, low_edge]


# --- applied in the comparison -----------------------------------------------------------


def _compare(user, opening, *, sort: str):
    from panelist.access.permissions import scorecard_reach
    from panelist.decisions.selectors import comparison, comparison_candidates

    ids = list(opening.applications.values_list("pk", flat=True))
    picked = comparison_candidates(user, opening, picked=ids).picked
    return comparison(
        user, opening, picked, reach=scorecard_reach(user, [a.pk for a in picked]), sort=sort
    )


def _candidate(process, name: str, *, people_value: int, modeling_value: int):
    """A candidate rated on people skills and modeling only (DS expects 3.0 on both)."""
    application = ApplicationFactory(opening=process.opening, candidate=CandidateFactory(name=name))
    for key, format_key, value in (
        ("people", "behavioural-story", people_value),
        ("modeling", "modeling-one-to-one", modeling_value),
    ):
        assignment = AssignmentFactory(
            application=application, dimensions=[key], format_key=format_key
        )
        write_scorecard(assignment, value=value, submit=True)
    return application


def _same_gaps_in_different_dimensions(process):
    process.application.delete()
    short_on_people = _candidate(process, "Ada People-gap", people_value=2, modeling_value=3)
    short_on_modeling = _candidate(process, "Zed Modeling-gap", people_value=3, modeling_value=2)
    return short_on_people, short_on_modeling


def test_same_gaps_tie_until_a_teammate_will_coach_one_of_them(process, people):
    short_on_people, short_on_modeling = _same_gaps_in_different_dimensions(process)
    result = _compare(people.manager, process.opening, sort="fit")
    assert [row.rank for row in result.rows] == ["=1", "=1"]

    TeamMembership.objects.create(team=process.opening.team, user=people.outsider)
    CoachingPreference.objects.create(
        manager=people.outsider, dimension_id=_dimension("modeling"), willingness="will"
    )
    result = _compare(people.manager, process.opening, sort="fit")
    # Zed's modeling gap is coachable (by a teammate): it weighs half, so Zed ranks first
    # although the names alone would put Ada first
    assert [row.application for row in result.rows] == [short_on_modeling, short_on_people]
    assert [row.rank for row in result.rows] == ["1", "2"]
    zed, ada = result.rows
    assert (zed.reading.weighted_gap, ada.reading.weighted_gap) == (0.5, 1.0)
    assert zed.coachable == [f"Modeling: {people.outsider}"]
    assert ada.coachable == [] and ada.unstated == ["People skills"]


def test_a_teammate_off_the_team_does_not_make_a_gap_coachable(process, people):
    _same_gaps_in_different_dimensions(process)
    CoachingPreference.objects.create(
        manager=people.outsider, dimension_id=_dimension("modeling"), willingness="will"
    )
    result = _compare(people.manager, process.opening, sort="fit")
    assert [row.rank for row in result.rows] == ["=1", "=1"]


@override_settings(PANELIST_COACHABLE_GAP_WEIGHT=1.0)
def test_a_weight_of_one_ignores_coaching_in_the_ordering(process, people):
    _same_gaps_in_different_dimensions(process)
    TeamMembership.objects.create(team=process.opening.team, user=people.outsider)
    CoachingPreference.objects.create(
        manager=people.outsider, dimension_id=_dimension("modeling"), willingness="will"
    )
    result = _compare(people.manager, process.opening, sort="fit")
    assert [row.rank for row in result.rows] == ["=1", "=1"]


def test_the_level_fit_summary_shows_the_weighted_gap_and_who_coaches(client, process, people):
    from django.urls import reverse

    _, short_on_modeling = _same_gaps_in_different_dimensions(process)
    TeamMembership.objects.create(team=process.opening.team, user=people.outsider)
    CoachingPreference.objects.create(
        manager=people.outsider, dimension_id=_dimension("modeling"), willingness="some"
    )
    client.force_login(people.manager)
    page = client.get(reverse("decision-support", args=[short_on_modeling.pk])).content.decode()
    assert "Weighted gap to Data Scientist: <strong>0.50</strong>" in page
    assert f"coachable</span> {people.outsider}" in page
    decide = client.get(reverse("decide", args=[short_on_modeling.pk])).content.decode()
    assert "Weighted gap to Data Scientist: <strong>0.50</strong>" in decide


def _dimension(key: str) -> int:
    from panelist.library.models import Dimension

    return Dimension.objects.get(key=key).pk


def test_skills_sort_ranks_the_band_before_holding_everything(process, people):
    process.application.delete()
    skills = [SkillFactory(name=name) for name in ("Python", "Statistics", "Biology")]
    for skill in skills:
        RequiredSkill.objects.create(opening=process.opening, skill=skill, importance="must")
    everything = ApplicationFactory(opening=process.opening, candidate=CandidateFactory(name="Al"))
    in_band = ApplicationFactory(opening=process.opening, candidate=CandidateFactory(name="Zoe"))
    for application, holdings in (
        (everything, ["holds", "holds", "holds"]),
        (in_band, ["holds", "holds", "can_learn"]),
    ):
        for skill, holding in zip(skills, holdings, strict=True):
            skill_assessment_record(
                actor=people.manager,
                application=application,
                skill=skill,
                holding=holding,
                evidence="Seen in the interviews.",
            )
    result = _compare(people.manager, process.opening, sort="skills")
    assert [row.application for row in result.rows] == [in_band, everything]
    assert [row.band_label for row in result.rows] == [
        "majority plus potential",
        "no growth headroom",
    ]
