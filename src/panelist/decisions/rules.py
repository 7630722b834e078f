"""The rules behind the manager's call, as plain functions on plain data (no Django).

Each rule takes what it needs as simple values and returns a result that explains itself, so
the pages, the API and the tests read the same reasoning:

- ``level_fit``: which level of the ladder the evidence supports, and what holds it back;
  with the level table's leadership expectations, also the derived leadership reading
  (``leadership_reading``): leadership is never interviewed, it is read from the others.
- ``skill_match``: how the candidate's skills fall against the majority-plus-potential band.
- ``band_sort_key``: ranks candidates by how well they fall within that band.
- ``coaching_gaps``: the gaps against the target level, with who will coach each (the
  manager, or named teammates); the ones nobody will coach come first. ``weighted_gap``
  weighs them: a coachable gap counts a configurable share (half by default).
- ``complementarity``: what a candidate adds to the team: skills nobody holds (enhancers) and
  skills held by one member only (single points of failure they would cover).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

# --- level fit ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionEvidence:
    """The submitted ratings of one dimension: their mean and how many there are."""

    mean: float
    count: int


@dataclass(frozen=True)
class LadderLevel:
    key: str
    name: str
    expected: Mapping[str, float]  # dimension key -> expected rating on the 1-4 scale


@dataclass(frozen=True)
class Shortfall:
    dimension: str
    observed: float
    expected: float

    @property
    def gap(self) -> float:
        return self.expected - self.observed


@dataclass(frozen=True)
class LevelFit:
    supported: LadderLevel | None  # highest rung whose every expectation is assessed and met
    consistent_with: LadderLevel | None  # higher rung the assessed dimensions reach, unconfirmed
    target: LadderLevel
    target_shortfalls: list[Shortfall]  # what holds the candidate back from the target level
    next_shortfalls: list[Shortfall]  # what holds them back from the rung above the supported
    unassessed: list[str]  # dimensions with expectations but no rating: not counted
    thin: list[str]  # assessed on fewer ratings than the minimum: the reading is provisional
    target_confirmed: bool = False
    leadership: LeadershipReading | None = None  # derived, beside the assessed dimensions

    @property
    def meets_target(self) -> bool:
        """Confirmed at or above the target rung: every expectation assessed and met."""
        return self.target_confirmed

    @property
    def provisional(self) -> bool:
        return bool(self.unassessed or self.thin)


def level_fit(
    evidence: Mapping[str, DimensionEvidence],
    ladder: Sequence[LadderLevel],
    target_key: str,
    *,
    min_ratings: int = 2,
    leadership_expected: Mapping[str, float] | None = None,
    red_flagged: Collection[str] = (),
) -> LevelFit:
    """Read the evidence against every rung of the ladder (lowest first).

    A level is supported when every dimension it expects was assessed and the mean rating
    reaches the expected rating; the supported level is the highest such rung, climbing from
    the bottom. Dimensions never assessed are listed, not guessed: they hold no one back, but
    no level that expects them is confirmed, so the reading also names the highest rung the
    assessed dimensions are consistent with. Dimensions rated fewer than ``min_ratings``
    times count, but mark the reading as provisional.

    Given the level table's leadership expectations (level key -> rating), the fit also
    carries the derived leadership reading (see ``leadership_reading``); it is shown beside
    the supported level and does not move it.
    """
    if not ladder:
        raise ValueError("the ladder has no levels")
    by_key = {level.key: level for level in ladder}
    if target_key not in by_key:
        raise ValueError(f"target level {target_key!r} is not on the ladder")

    def shortfalls(level: LadderLevel) -> list[Shortfall]:
        found = [
            Shortfall(key, evidence[key].mean, expected)
            for key, expected in level.expected.items()
            if key in evidence and evidence[key].count > 0 and evidence[key].mean < expected
        ]
        return sorted(found, key=lambda s: (-s.gap, s.dimension))

    def assessed(key: str) -> bool:
        return key in evidence and evidence[key].count > 0

    supported = consistent = None
    next_shortfalls: list[Shortfall] = []
    climbing_confirmed = True
    target_confirmed = False
    for level in ladder if any(assessed(k) for k in evidence) else []:
        missing = shortfalls(level)
        if missing:
            next_shortfalls = missing
            break
        consistent = level
        climbing_confirmed = climbing_confirmed and all(assessed(k) for k in level.expected)
        if climbing_confirmed:
            supported = level
            target_confirmed = target_confirmed or level.key == target_key
    expected_anywhere = {key for level in ladder for key in level.expected}
    return LevelFit(
        supported=supported,
        consistent_with=consistent if consistent != supported else None,
        target=by_key[target_key],
        target_shortfalls=shortfalls(by_key[target_key]),
        next_shortfalls=next_shortfalls,
        unassessed=sorted(
            key for key in expected_anywhere if key not in evidence or evidence[key].count == 0
        ),
        thin=sorted(key for key, e in evidence.items() if 0 < e.count < min_ratings),
        target_confirmed=target_confirmed,
        leadership=leadership_reading(
            evidence,
            ladder,
            target_key,
            leadership_expected,
            red_flagged=red_flagged,
            min_ratings=min_ratings,
        )
        if leadership_expected
        else None,
    )


# --- leadership, derived --------------------------------------------------------------------

LEADERSHIP = "leadership"
LEADERSHIP_SOURCES = ("people", "communication")


@dataclass(frozen=True)
class LeadershipReading:
    """Leadership as read from other dimensions, never from an interview of its own."""

    sources: tuple[str, ...]  # the dimensions it is read from
    source_means: Mapping[str, float]  # the mean rating of each source that was assessed
    unassessed_sources: list[str]  # sources never assessed: then there is no reading
    red_flagged: list[str]  # sources with a red flag: the reading meets no expectation
    value: float | None  # the lower of the sources' means; None until every source is rated
    expected: Mapping[str, float]  # the level table's leadership expectation per level key
    target: LadderLevel
    reaches: LadderLevel | None  # highest rung, climbing, whose expectation the reading meets
    thin: bool  # a source was rated fewer times than the minimum: provisional

    @property
    def target_expected(self) -> float | None:
        return self.expected.get(self.target.key)

    @property
    def meets_target(self) -> bool:
        return (
            self.value is not None
            and not self.red_flagged
            and self.target_expected is not None
            and self.value >= self.target_expected
        )

    @property
    def target_gap(self) -> float | None:
        """How far the reading is below the target's expectation (None when not comparable)."""
        if self.value is None or self.target_expected is None:
            return None
        return max(self.target_expected - self.value, 0.0)


def leadership_reading(
    evidence: Mapping[str, DimensionEvidence],
    ladder: Sequence[LadderLevel],
    target_key: str,
    expected: Mapping[str, float],
    *,
    red_flagged: Collection[str] = (),
    sources: Sequence[str] = LEADERSHIP_SOURCES,
    min_ratings: int = 2,
) -> LeadershipReading:
    """Read leadership, which no interview assesses, from people skills and communication.

    The rule: leadership reads as the LOWER of the mean ratings of its sources (by default
    people skills and communication: leading others needs both, so the weaker one bounds it),
    and it meets a level's leadership expectation (from the level table, on the same 1-4
    scale) when that reading reaches it and no red flag was raised on either source. With a
    source never assessed there is no reading; with a source rated fewer than
    ``min_ratings`` times the reading is provisional. ``reaches`` is the highest rung,
    climbing from the bottom, whose expectation the reading meets; rungs without a
    leadership expectation are passed over.

    It is a derived reading, shown beside the level fit: it adds no evidence of its own (its
    sources already count in the fit), so it never changes the level the evidence supports.
    """
    by_key = {level.key: level for level in ladder}
    if target_key not in by_key:
        raise ValueError(f"target level {target_key!r} is not on the ladder")
    means = {
        key: evidence[key].mean for key in sources if key in evidence and evidence[key].count > 0
    }
    unassessed = [key for key in sources if key not in means]
    flagged = sorted(set(red_flagged) & set(sources))
    value = None if unassessed or not sources else min(means.values())
    reaches = None
    if value is not None and not flagged:
        for level in ladder:
            if level.key not in expected:
                continue
            if value < expected[level.key]:
                break
            reaches = level
    return LeadershipReading(
        sources=tuple(sources),
        source_means=means,
        unassessed_sources=unassessed,
        red_flagged=flagged,
        value=value,
        expected=dict(expected),
        target=by_key[target_key],
        reaches=reaches,
        thin=any(0 < evidence[key].count < min_ratings for key in means),
    )


# --- skill match --------------------------------------------------------------------------


class Holding(StrEnum):
    HOLDS = "holds"
    CAN_LEARN = "can_learn"
    LACKS = "lacks"


class Band(StrEnum):
    BELOW = "below"  # holds too few of the must-haves
    MAJORITY_PLUS_POTENTIAL = "majority_plus_potential"  # the target: most held, rest learnable
    WITHIN_BUT_LACKING = "within_but_lacking"  # share in the band, but a gap is not learnable
    ABOVE = "above"  # holds more than the band's top, not all
    NO_HEADROOM = "no_headroom"  # holds every must-have: little to grow into
    INCOMPLETE = "incomplete"  # some must-have not assessed yet
    NO_MUST_HAVES = "no_must_haves"


@dataclass(frozen=True)
class SkillMatch:
    must_total: int
    held: list[str]
    can_learn: list[str]
    lacks: list[str]
    unassessed: list[str]
    nice_held: list[str]
    band: Band
    low: float
    high: float

    @property
    def share_held(self) -> float | None:
        return len(self.held) / self.must_total if self.must_total else None


def skill_match(
    must: Sequence[str],
    nice: Sequence[str],
    assessed: Mapping[str, Holding],
    *,
    low: float = 0.6,
    high: float = 0.9,
) -> SkillMatch:
    """Place the candidate against the majority-plus-potential band of the must-have skills.

    Holding most must-haves (``low`` to ``high`` of them, bounds included) with the rest
    marked "can learn" is the target. Holding all of them is reported as no growth headroom,
    not as a bonus. Nice-to-have skills are listed but do not move the band.
    """
    if not 0 <= low <= high <= 1:
        raise ValueError("the band needs 0 <= low <= high <= 1")
    held = sorted(s for s in must if assessed.get(s) == Holding.HOLDS)
    can_learn = sorted(s for s in must if assessed.get(s) == Holding.CAN_LEARN)
    lacks = sorted(s for s in must if assessed.get(s) == Holding.LACKS)
    unassessed = sorted(s for s in must if s not in assessed)
    nice_held = sorted(s for s in nice if assessed.get(s) == Holding.HOLDS)
    total = len(must)
    if total == 0:
        band = Band.NO_MUST_HAVES
    elif unassessed:
        band = Band.INCOMPLETE
    else:
        share = len(held) / total
        # compare as fractions of whole skills, so 3 of 5 is exactly 0.6
        if len(held) == total:
            band = Band.NO_HEADROOM
        elif share < low - 1e-9:
            band = Band.BELOW
        elif share > high + 1e-9:
            band = Band.ABOVE
        elif lacks:
            band = Band.WITHIN_BUT_LACKING
        else:
            band = Band.MAJORITY_PLUS_POTENTIAL
    return SkillMatch(total, held, can_learn, lacks, unassessed, nice_held, band, low, high)


# Best first: how well a candidate falls within the majority-plus-potential band. Holding
# every must-have (no growth headroom) ranks after the band and after "above the band", never
# ahead as if it were a bonus; the readings not yet complete come last.
_BAND_ORDER = {
    Band.MAJORITY_PLUS_POTENTIAL: 0,
    Band.WITHIN_BUT_LACKING: 1,
    Band.ABOVE: 2,
    Band.NO_HEADROOM: 3,
    Band.BELOW: 4,
    Band.INCOMPLETE: 5,
    Band.NO_MUST_HAVES: 6,
}


def band_sort_key(match: SkillMatch) -> tuple[int, int, float]:
    """Sort key for ranking candidates by their skill match against the band (lower first).

    First the band (``_BAND_ORDER``); within it, fewer must-haves the candidate lacks (and
    cannot learn), then the share held closest to the middle of the band.
    """
    share = match.share_held
    middle = (match.low + match.high) / 2
    return (
        _BAND_ORDER[match.band],
        len(match.lacks),
        abs(share - middle) if share is not None else 1.0,
    )


# --- coaching -----------------------------------------------------------------------------


class Coaching(StrEnum):
    WILL = "will"
    SOME = "some"
    WILL_NOT = "will_not"
    NOT_STATED = "not_stated"


_COACHING_ORDER = {Coaching.WILL_NOT: 0, Coaching.NOT_STATED: 1, Coaching.SOME: 2, Coaching.WILL: 3}


@dataclass(frozen=True)
class CoachingGap:
    shortfall: Shortfall
    willingness: Coaching  # the hiring manager's own
    teammates: tuple[str, ...] = ()  # named team members who will coach or mentor it

    @property
    def manager_coaches(self) -> bool:
        return self.willingness in (Coaching.WILL, Coaching.SOME)

    @property
    def coachable(self) -> bool:
        """Coachable when the manager or a named teammate will coach it."""
        return self.manager_coaches or bool(self.teammates)


def coaching_gaps(
    shortfalls: Sequence[Shortfall],
    willingness: Mapping[str, Coaching],
    *,
    teammates: Mapping[str, Sequence[str]] | None = None,
) -> list[CoachingGap]:
    """Label each gap with who will coach it: the manager (their stated willingness) and the
    teammates who said they will coach or mentor that dimension (``teammates``: dimension
    key -> names).

    Gaps nobody will coach come first: those the manager will not coach, then those whose
    willingness nobody stated (treated as not coachable until said); then the coachable ones
    (a teammate's, some, will coach); larger gaps first within each.
    """
    teammates = teammates or {}
    gaps = [
        CoachingGap(
            s,
            willingness.get(s.dimension, Coaching.NOT_STATED),
            tuple(sorted(teammates.get(s.dimension, ()))),
        )
        for s in shortfalls
    ]
    return sorted(
        gaps,
        key=lambda g: (
            g.coachable,
            _COACHING_ORDER[g.willingness],
            -g.shortfall.gap,
            g.shortfall.dimension,
        ),
    )


DEFAULT_COACHABLE_GAP_WEIGHT = 0.5


def weighted_gap(gaps: Sequence[CoachingGap], *, coachable_weight: float) -> float:
    """The total gap to the target level, a coachable gap counting ``coachable_weight`` of
    its size and a gap nobody will coach counting in full.

    This is the weighting rule of the final evaluation: someone on the team will close a
    coachable gap after the hire, so it costs less than one the candidate must close alone.
    With the default weight (0.5) a coachable shortfall of 0.6 weighs like an uncoachable
    one of 0.3; a weight of 1 ignores coaching, 0 ignores coachable gaps altogether.
    """
    if not 0 <= coachable_weight <= 1:
        raise ValueError("the coachable gap weight lies between 0 and 1")
    return sum(g.shortfall.gap * (coachable_weight if g.coachable else 1.0) for g in gaps)


# --- team complementarity -----------------------------------------------------------------


@dataclass(frozen=True)
class TeamCoverage:
    holders: dict[str, list]  # skill -> ids of the members holding it at or above the threshold
    single_points: list[str]  # skills exactly one member holds
    missing: list[str]  # skills nobody holds


# A member holds a skill from this level on the 0-3 scale (2, proficient): the team page's
# coverage and the debrief's read the same.
HOLDING_LEVEL = 2


def team_coverage(
    inventory: Mapping[object, Mapping[str, int]],
    skills: Sequence[str],
    *,
    threshold: int = HOLDING_LEVEL,
) -> TeamCoverage:
    """Who holds which skill (level >= ``threshold`` on the 0-3 scale), the skills only one
    member holds (the team is fragile there if they leave), and the skills nobody holds."""
    holders = {
        skill: sorted(m for m, levels in inventory.items() if levels.get(skill, 0) >= threshold)
        for skill in skills
    }
    return TeamCoverage(
        holders=holders,
        single_points=sorted(s for s, who in holders.items() if len(who) == 1),
        missing=sorted(s for s, who in holders.items() if not who),
    )


@dataclass(frozen=True)
class Complement:
    enhancers: list[str]  # skills the candidate holds that nobody on the team holds
    covers_single_points: list[str]  # skills only one member holds, which the candidate holds
    overlap: list[str] = field(default_factory=list)  # held by the candidate and by 2+ members


def complementarity(coverage: TeamCoverage, candidate_holds: Sequence[str]) -> Complement:
    held = set(candidate_holds)
    return Complement(
        enhancers=sorted(held & set(coverage.missing)),
        covers_single_points=sorted(held & set(coverage.single_points)),
        overlap=sorted(s for s in held if len(coverage.holders.get(s, [])) >= 2),
    )
