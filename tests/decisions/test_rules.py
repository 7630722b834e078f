"""The decision rules on hand-made cases; each expected answer is worked out in the test."""

import pytest

from panelist.decisions.rules import (
    Band,
    Coaching,
    DimensionEvidence,
    Holding,
    LadderLevel,
    Shortfall,
    coaching_gaps,
    complementarity,
    leadership_reading,
    level_fit,
    skill_match,
    team_coverage,
)

# A small ladder: three rungs, expectations on coding and modeling (and people on DS+).
LADDER = [
    LadderLevel("ra", "Research Associate", {"coding": 2.0, "modeling": 2.0}),
    LadderLevel("ds", "Data Scientist", {"coding": 2.5, "modeling": 3.0, "people": 3.0}),
    LadderLevel("sds", "Senior Data Scientist", {"coding": 3.0, "modeling": 3.5, "people": 3.0}),
]


def ev(mean, count=3):
    return DimensionEvidence(mean, count)


def test_strong_coder_with_thin_modeling_evidence_is_held_back_by_modeling():
    # coding 4.0 clears every rung; modeling 2.5 from one rating clears RA (2.0) but not DS
    # (3.0): supported RA, DS blocked by modeling by 0.5, reading provisional (thin modeling).
    fit = level_fit({"coding": ev(4.0), "modeling": ev(2.5, 1), "people": ev(3.0)}, LADDER, "ds")
    assert fit.supported.key == "ra"
    assert fit.target_shortfalls == [Shortfall("modeling", 2.5, 3.0)]
    assert fit.target_shortfalls[0].gap == pytest.approx(0.5)
    assert fit.thin == ["modeling"]
    assert fit.provisional and not fit.meets_target


def test_candidate_above_the_target_level():
    # Everything at or above the senior rung: supported = top rung, target DS met.
    fit = level_fit({"coding": ev(3.5), "modeling": ev(3.5), "people": ev(3.0)}, LADDER, "ds")
    assert fit.supported.key == "sds" and fit.consistent_with is None
    assert fit.meets_target and fit.next_shortfalls == []
    assert not fit.provisional


def test_dimension_never_assessed_is_listed_not_guessed():
    # people never assessed: RA (which does not expect it) is confirmed; DS, which expects it,
    # is only consistent with the evidence; SDS is held back by modeling (3.0 < 3.5).
    fit = level_fit({"coding": ev(3.0), "modeling": ev(3.0)}, LADDER, "sds")
    assert fit.supported.key == "ra"
    assert fit.consistent_with.key == "ds"
    assert fit.unassessed == ["people"]
    assert fit.target_shortfalls == [Shortfall("modeling", 3.0, 3.5)]
    assert fit.provisional


def test_below_the_first_rung_supports_no_level():
    fit = level_fit({"coding": ev(1.5), "modeling": ev(2.0)}, LADDER, "ra")
    assert fit.supported is None
    assert [s.dimension for s in fit.next_shortfalls] == ["coding"]


def test_unassessed_dimension_on_the_target_leaves_it_unconfirmed():
    # DS expects people, never assessed: consistent with DS, but not confirmed there.
    fit = level_fit({"coding": ev(3.5), "modeling": ev(3.0)}, LADDER, "ds")
    assert fit.supported.key == "ra" and fit.consistent_with.key == "ds"
    assert fit.target_shortfalls == [] and not fit.meets_target


def test_no_rating_at_all_supports_no_level():
    fit = level_fit({}, LADDER, "ds")
    assert fit.supported is None
    assert fit.unassessed == ["coding", "modeling", "people"]
    assert fit.target_shortfalls == []  # nothing measured, so nothing measured short
    assert fit.provisional and not fit.meets_target


def test_exactly_meeting_an_expectation_counts_as_meeting_it():
    fit = level_fit({"coding": ev(2.5), "modeling": ev(3.0), "people": ev(3.0)}, LADDER, "ds")
    assert fit.supported.key == "ds" and fit.meets_target


def test_shortfalls_are_ordered_largest_gap_first_with_ties_by_name():
    fit = level_fit({"coding": ev(2.0), "modeling": ev(2.5), "people": ev(2.5)}, LADDER, "sds")
    # gaps: coding 1.0, modeling 1.0, people 0.5 -> coding, modeling (tie by name), people
    assert [s.dimension for s in fit.target_shortfalls] == ["coding", "modeling", "people"]


def test_level_fit_rejects_an_unknown_target_or_empty_ladder():
    with pytest.raises(ValueError, match="not on the ladder"):
        level_fit({}, LADDER, "fellow")
    with pytest.raises(ValueError, match="no levels"):
        level_fit({}, [], "ds")


MUST = ["python", "stats", "deep-learning", "experiments", "sql"]


@pytest.mark.parametrize(
    ("holdings", "band", "share"),
    [
        # 3 of 5 held (0.6, the band's bottom, included), the other two learnable: the target
        (
            {
                "python": "holds",
                "stats": "holds",
                "sql": "holds",
                "deep-learning": "can_learn",
                "experiments": "can_learn",
            },
            Band.MAJORITY_PLUS_POTENTIAL,
            0.6,
        ),
        # 4 of 5 (0.8) but the fifth is lacking, not learnable
        (
            {
                "python": "holds",
                "stats": "holds",
                "sql": "holds",
                "deep-learning": "holds",
                "experiments": "lacks",
            },
            Band.WITHIN_BUT_LACKING,
            0.8,
        ),
        # 2 of 5 (0.4): below the band
        (
            {
                "python": "holds",
                "stats": "holds",
                "sql": "can_learn",
                "deep-learning": "can_learn",
                "experiments": "can_learn",
            },
            Band.BELOW,
            0.4,
        ),
        # all 5: no growth headroom, not a bonus
        (dict.fromkeys(MUST, "holds"), Band.NO_HEADROOM, 1.0),
        # one must-have not assessed yet
        (
            {"python": "holds", "stats": "holds", "sql": "holds", "deep-learning": "can_learn"},
            Band.INCOMPLETE,
            0.6,
        ),
    ],
)
def test_skill_match_bands(holdings, band, share):
    result = skill_match(MUST, [], {k: Holding(v) for k, v in holdings.items()})
    assert result.band == band
    assert result.share_held == pytest.approx(share)


def test_above_the_band_but_not_all_held():
    must = [f"s{i}" for i in range(20)]
    holdings = {s: Holding.HOLDS for s in must[:19]} | {"s19": Holding.CAN_LEARN}
    result = skill_match(must, [], holdings)  # 19/20 = 0.95 > 0.9
    assert result.band == Band.ABOVE


def test_nice_to_haves_are_listed_but_do_not_move_the_band():
    holdings = {s: Holding.HOLDS for s in MUST[:3]} | {s: Holding.CAN_LEARN for s in MUST[3:]}
    result = skill_match(MUST, ["rust"], holdings | {"rust": Holding.HOLDS})
    assert result.nice_held == ["rust"]
    assert result.band == Band.MAJORITY_PLUS_POTENTIAL


def test_skill_match_without_must_haves_and_with_a_bad_band():
    assert skill_match([], ["rust"], {}).band == Band.NO_MUST_HAVES
    with pytest.raises(ValueError):
        skill_match(MUST, [], {}, low=0.9, high=0.6)


def test_gap_the_manager_will_not_coach_comes_first():
    gaps = coaching_gaps(
        [
            Shortfall("coding", 2.0, 3.0),
            Shortfall("modeling", 3.0, 3.5),
            Shortfall("communication", 2.5, 3.0),
            Shortfall("science", 2.0, 3.0),
        ],
        {"coding": Coaching.WILL, "modeling": Coaching.WILL_NOT, "science": Coaching.SOME},
    )
    # will-not (modeling), not stated (communication), some (science), will (coding)
    assert [g.shortfall.dimension for g in gaps] == [
        "modeling",
        "communication",
        "science",
        "coding",
    ]
    assert [g.coachable for g in gaps] == [False, False, True, True]


INVENTORY = {
    "ana": {"python": 3, "deep-learning": 3, "stats": 1},
    "ben": {"python": 2, "deep-learning": 2},
    "cho": {"stats": 3, "experiments": 2},
}
SKILLS = ["python", "deep-learning", "stats", "experiments", "probabilistic"]


def test_team_coverage_finds_single_points_and_missing_skills():
    coverage = team_coverage(INVENTORY, SKILLS)
    # stats: ana has 1 (below threshold 2), cho has 3 -> one holder; experiments: cho only
    assert coverage.single_points == ["experiments", "stats"]
    assert coverage.missing == ["probabilistic"]
    assert coverage.holders["python"] == ["ana", "ben"]


def test_candidate_adds_an_enhancer_and_covers_a_single_point():
    coverage = team_coverage(INVENTORY, SKILLS)
    result = complementarity(coverage, ["probabilistic", "stats", "python"])
    assert result.enhancers == ["probabilistic"]
    assert result.covers_single_points == ["stats"]
    assert result.overlap == ["python"]


def test_two_equally_strong_candidates_differ_in_what_they_add():
    coverage = team_coverage(INVENTORY, SKILLS)
    only_deep_learning = complementarity(coverage, ["deep-learning", "python"])
    with_probabilistic = complementarity(coverage, ["deep-learning", "probabilistic"])
    assert only_deep_learning.enhancers == []
    assert with_probabilistic.enhancers == ["probabilistic"]


# --- leadership, derived from people skills and communication -------------------------------

# The default table's leadership expectations for the Data Scientist track.
LEAD_LADDER = [
    LadderLevel("ds", "Data Scientist", {"people": 3.0, "communication": 3.0}),
    LadderLevel("sds", "Senior Data Scientist", {"people": 3.0, "communication": 3.0}),
    LadderLevel("pds", "Principal Data Scientist", {"people": 3.5, "communication": 3.5}),
]
LEADS = {"ds": 2.5, "sds": 3.0, "pds": 3.5}


def test_leadership_reads_as_the_lower_of_people_skills_and_communication():
    # people 3.5, communication 3.0: the reading is min(3.5, 3.0) = 3.0. Climbing: DS expects
    # 2.5 (met), Senior DS 3.0 (met, exactly), Principal DS 3.5 (3.0 < 3.5: stop). Target
    # Senior DS: meets, no gap.
    reading = leadership_reading(
        {"people": ev(3.5), "communication": ev(3.0), "coding": ev(4.0)}, LEAD_LADDER, "sds", LEADS
    )
    assert reading.value == 3.0
    assert reading.source_means == {"people": 3.5, "communication": 3.0}
    assert reading.reaches.key == "sds"
    assert reading.target_expected == 3.0 and reading.meets_target
    assert reading.target_gap == 0.0
    assert not reading.thin and reading.red_flagged == []


def test_leadership_short_of_the_target_names_the_gap():
    # people 2.75, communication 3.25 -> 2.75: meets DS (2.5), not Senior DS (3.0), so the
    # target Principal DS (3.5) is missed by 3.5 - 2.75 = 0.75.
    reading = leadership_reading(
        {"people": ev(2.75), "communication": ev(3.25)}, LEAD_LADDER, "pds", LEADS
    )
    assert reading.value == 2.75 and reading.reaches.key == "ds"
    assert not reading.meets_target and reading.target_gap == pytest.approx(0.75)


def test_a_red_flag_on_a_source_holds_leadership_back_at_every_level():
    # Both sources at 4.0 would reach every rung; a red flag on communication meets none.
    reading = leadership_reading(
        {"people": ev(4.0), "communication": ev(4.0)},
        LEAD_LADDER,
        "ds",
        LEADS,
        red_flagged={"communication", "coding"},  # a flag on coding is no source: ignored
    )
    assert reading.value == 4.0
    assert reading.red_flagged == ["communication"]
    assert reading.reaches is None and not reading.meets_target


def test_no_leadership_reading_until_both_sources_are_assessed():
    # communication never assessed: no value, nothing reached, the missing source named.
    reading = leadership_reading({"people": ev(4.0, 1)}, LEAD_LADDER, "ds", LEADS)
    assert reading.value is None and reading.reaches is None
    assert reading.unassessed_sources == ["communication"]
    assert not reading.meets_target and reading.target_gap is None
    assert reading.thin  # people rated once


def test_level_fit_carries_leadership_as_derived_and_it_does_not_move_the_supported_level():
    # people 3.0 and communication 3.0 support Senior DS on the assessed dimensions (Principal
    # expects 3.5). Leadership reads 3.0; with a red flag on people it meets nothing, and the
    # supported level stays Senior DS: the derived reading is shown, not counted twice.
    evidence = {"people": ev(3.0), "communication": ev(3.0)}
    fit = level_fit(evidence, LEAD_LADDER, "sds", leadership_expected=LEADS, red_flagged={"people"})
    assert fit.supported.key == "sds"
    assert fit.leadership.value == 3.0 and fit.leadership.reaches is None
    assert "leadership" not in fit.unassessed
    assert level_fit(evidence, LEAD_LADDER, "sds").leadership is None
