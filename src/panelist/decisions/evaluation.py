"""Reads for the manager's final evaluation and for the committee members' skill readings.

Kept apart from ``selectors.py`` (the debrief, comparison and packet reads) because the final
evaluation is a step of its own: four questions the manager weighs before choosing the
outcome. Questions 1 and 2 are prefilled from what decision support already reads (the
coaching gaps and what the candidate adds to the team); questions 3 and 4 rest on scorecard
passages the page offers to cite: the people-skills and communication ratings, the flags, and
trait signals that bear on working with others or on carrying ideas in a group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from panelist.core.aggregates import Joined

QUESTIONS = {
    1: "Can you and the team coach this person in what they lack?",
    2: "Do they bring skills that complement the team's?",
    3: "Will they work well with teammates and collaborators? Do they leave people clearer "
    "or more confused; does their humour suit the team or grate?",
    4: "Do they have the confidence to carry their ideas in a group, with a track record of "
    "doing so?",
}

# The dimensions whose ratings bear on questions 3 and 4, and the traits whose signals do.
COLLABORATION_DIMENSIONS = ("people", "communication")
TRAIT_QUESTIONS = {
    "takes-feedback": (3,),  # humble enough to take feedback
    "challenges-views": (4,),  # courageous enough to challenge views
}


@dataclass(frozen=True)
class Passage:
    """A scorecard passage a final-evaluation answer may cite."""

    ref: str  # "rating-12", "flag-3", "signal-7": the value the form posts
    kind: str  # rating, flag or signal
    pk: int
    questions: tuple[int, ...]  # the questions it bears on
    label: str  # "Communication · rated 3" / "Red flag" / "Takes feedback: shown"
    member: str
    text: str  # the evidence as written
    possible_cultural_difference: bool = False
    scorecard_id: int = 0  # the scorecard it is on, for the link to it


def _rating_passage(rating, member: str, dimension) -> Passage:
    return Passage(
        ref=f"rating-{rating.pk}",
        kind="rating",
        pk=rating.pk,
        questions=(3, 4),
        label=f"{dimension.name}, rated {rating.value}: {rating.question.prompt}",
        member=member,
        text=rating.evidence,
        scorecard_id=rating.scorecard_id,
    )


def _flag_passage(flag, member: str) -> Passage:
    return Passage(
        ref=f"flag-{flag.pk}",
        kind="flag",
        pk=flag.pk,
        questions=(3,),
        label=f"{flag.get_severity_display()} flag",
        member=member,
        text=flag.evidence,
        possible_cultural_difference=flag.possible_cultural_difference,
        scorecard_id=flag.scorecard_id,
    )


def _signal_passage(signal, member: str) -> Passage:
    return Passage(
        ref=f"signal-{signal.pk}",
        kind="signal",
        pk=signal.pk,
        questions=TRAIT_QUESTIONS[signal.trait.key],
        label=f"{signal.trait.name}: {signal.get_direction_display().lower()}",
        member=member,
        text=signal.evidence,
        scorecard_id=signal.scorecard_id,
    )


def evaluation_passages(grid) -> list[Passage]:
    """The passages of the debrief ``grid`` (the submitted scorecards the reader reads, their
    ratings and flags already loaded) that bear on questions 3 and 4; one query, for the
    trait signals."""
    from panelist.interviews.models import TraitSignal

    if not grid.rows:
        return []
    members = _members(grid)
    return grid_passages(grid) + [
        _signal_passage(signal, members[signal.scorecard_id])
        for signal in TraitSignal.objects.filter(
            scorecard__in=list(members), trait__key__in=list(TRAIT_QUESTIONS)
        )
        .select_related("trait")
        .order_by("scorecard_id", "trait__order", "pk")
    ]


def _members(grid) -> dict[int, str]:
    return {row.scorecard.pk: row.scorecard.assignment.member.display_name for row in grid.rows}


def grid_passages(grid) -> list[Passage]:
    """The rating and flag passages of the debrief ``grid`` that bear on questions 3 and 4,
    from what the grid already holds: no query (the trait signals need one)."""
    collaboration = [
        (index, d) for index, d in enumerate(grid.dimensions) if d.key in COLLABORATION_DIMENSIONS
    ]
    members = _members(grid)
    passages: list[Passage] = []
    for row in grid.rows:
        for index, dimension in collaboration:
            for rating in row.cells[index].ratings:
                if rating.value is not None and rating.evidence.strip():
                    passages.append(_rating_passage(rating, members[row.scorecard.pk], dimension))
    passages += [_flag_passage(flag, members.get(flag.scorecard_id, "")) for flag in grid.flags]
    return passages


def prefill_coaching(support) -> str:
    """Question 1 as decision support reads it: the gaps to the target level, who will coach
    each, and the weighted gap."""
    if support is None:
        return ""
    target = support.fit.target.name
    if not support.gaps:
        return f"No gap to {target} on the assessed dimensions: nothing to coach against the level."
    coachable, alone = [], []
    for name, gap, coaches in support.gap_coach_rows:
        if coaches:
            coachable.append(f"{name} (short by {gap.shortfall.gap:.2f}; {', '.join(coaches)})")
        else:
            alone.append(f"{name} (short by {gap.shortfall.gap:.2f})")
    parts = []
    if coachable:
        parts.append("Coachable: " + "; ".join(coachable) + ".")
    if alone:
        parts.append("Nobody on the team will coach: " + "; ".join(alone) + ".")
    parts.append(
        f"Weighted gap to {target}: {support.weighted_gap:.2f} (coachable gaps count "
        f"{support.coachable_weight:.2f} of their size)."
    )
    return " ".join(parts)


def prefill_complement(support) -> str:
    """Question 2 as decision support reads it: enhancers, single points of failure covered,
    and what only overlaps with the team."""
    if support is None:
        return ""
    complement = support.complement
    parts = []
    if complement.enhancers:
        parts.append(
            "Brings skills nobody on the team holds: " + ", ".join(complement.enhancers) + "."
        )
    if complement.covers_single_points:
        parts.append(
            "Covers skills only one team member holds: "
            + ", ".join(complement.covers_single_points)
            + "."
        )
    if complement.overlap:
        parts.append("Overlaps with the team on: " + ", ".join(complement.overlap) + ".")
    if not parts:
        return "The committee's skill readings show no skill the candidate adds to the team yet."
    return " ".join(parts)


@dataclass
class EvaluationView:
    """The current final evaluation of an application, with its citations resolved."""

    evaluation: object  # FinalEvaluation
    citations: dict[int, list[Passage]] = field(default_factory=dict)
    earlier: int = 0  # how many earlier recordings are kept

    def answers(self) -> list[tuple[int, str, str, list[Passage]]]:
        e = self.evaluation
        return [
            (1, QUESTIONS[1], e.coaching, []),
            (2, QUESTIONS[2], e.complement, []),
            (3, QUESTIONS[3], e.collaboration, self.citations.get(3, [])),
            (4, QUESTIONS[4], e.confidence, self.citations.get(4, [])),
        ]


def current_evaluations(
    application_ids: list[int], *, passages: dict[int, list[Passage]] | None = None
) -> dict[int, EvaluationView]:
    """The latest final evaluation of each application that has one, with its citations
    resolved to passages: one query whatever the number of applications, and a second only for
    cited passages that ``passages`` (per application, what the page has already read) does
    not hold. Callers show it only to readers of the application's scorecards
    (``Reach.content``), and pass only passages of scorecards the reader reads."""
    from panelist.decisions.models import FinalEvaluation

    if not application_ids:
        return {}
    latest: dict[int, object] = {}
    counts: dict[int, int] = {}
    for evaluation in (
        FinalEvaluation.objects.filter(application__in=application_ids)
        .select_related("recorded_by")
        .annotate(cited=_cited_refs())
        .order_by("recorded_at", "id")
    ):
        latest[evaluation.application_id] = evaluation
        counts[evaluation.application_id] = counts.get(evaluation.application_id, 0) + 1
    views = {
        pk: EvaluationView(evaluation, {}, counts[pk] - 1) for pk, evaluation in latest.items()
    }
    passages = passages or {}
    cited: list[tuple[int, int, EvaluationView, str]] = []  # (question, citation id, view, ref)
    for view in views.values():
        for part in filter(None, (view.evaluation.cited or "").split(",")):
            question, ref, citation_id = part.split(":")
            cited.append((int(question), int(citation_id), view, ref))
    cited.sort(key=lambda c: (c[0], c[1]))
    on_hand = {pk: {p.ref: p for p in held} for pk, held in passages.items()}
    missing = {
        citation_id
        for _, citation_id, view, ref in cited
        if ref not in on_hand.get(view.evaluation.application_id, {})
    }
    read = _citations_read(missing)
    for question, citation_id, view, ref in cited:
        held = on_hand.get(view.evaluation.application_id, {})
        passage = held[ref] if ref in held else read[citation_id]
        view.citations.setdefault(question, []).append(passage)
    return views


def _cited_refs() -> Subquery:
    """An evaluation's citations as "question:ref:id" joined with commas ("3:rating-12:40"),
    as a subquery beside the evaluation's own row."""
    from panelist.decisions.models import EvaluationCitation

    text = CharField()
    part = Concat(
        Cast("question", text),
        Value(":"),
        "kind",
        Value("-"),
        Cast(Coalesce("rating_id", "flag_id", "signal_id"), text),
        Value(":"),
        Cast("id", text),
        output_field=text,
    )
    return Subquery(
        EvaluationCitation.objects.filter(evaluation=OuterRef("pk"))
        .order_by()
        .values("evaluation")
        .annotate(refs=Joined(part))
        .values("refs")
    )


def _citations_read(citation_ids) -> dict[int, Passage]:
    """Cited passages read from the database, by citation id: those a page had not read."""
    from panelist.decisions.models import EvaluationCitation

    if not citation_ids:
        return {}
    return {
        citation.pk: _passage_of(citation)
        for citation in EvaluationCitation.objects.filter(pk__in=list(citation_ids)).select_related(
            "rating__question__rubric__dimension",
            "rating__scorecard__assignment__member",
            "flag__scorecard__assignment__member",
            "signal__trait",
            "signal__scorecard__assignment__member",
        )
    }


def _passage_of(citation) -> Passage:
    if citation.rating_id:
        rating = citation.rating
        member = rating.scorecard.assignment.member.display_name
        return _rating_passage(rating, member, rating.question.rubric.dimension)
    if citation.flag_id:
        return _flag_passage(citation.flag, citation.flag.scorecard.assignment.member.display_name)
    signal = citation.signal
    member = signal.scorecard.assignment.member.display_name
    if signal.trait.key in TRAIT_QUESTIONS:
        return _signal_passage(signal, member)
    return Passage(
        f"signal-{signal.pk}",
        "signal",
        signal.pk,
        (citation.question,),
        f"{signal.trait.name}: {signal.get_direction_display().lower()}",
        member,
        signal.evidence,
        scorecard_id=signal.scorecard_id,
    )


# --- committee members' skill readings ------------------------------------------------------


def latest_member_readings(user, application, *, reach) -> list:
    """Each member's current reading of each skill on ``application`` (their latest), as
    the blind rule lets ``user`` read them: a reader of the submitted scorecards who is not
    still writing their own reads every member's; anyone else reads only their own. One
    query."""
    from panelist.decisions.models import MemberSkillReading

    readings = MemberSkillReading.objects.filter(application=application)
    if reach.blind or not reach.content:  # (content alone is true while nothing is submitted)
        readings = readings.filter(member=user.pk)
    latest: dict[tuple[int, int], object] = {}
    for reading in readings.select_related("member", "skill").order_by("recorded_at", "id"):
        latest[(reading.member_id, reading.skill_id)] = reading
    return sorted(latest.values(), key=lambda r: (r.skill.name, str(r.member)))


def skills_touched(assignments) -> list:
    """The skills the given assignments' interviews touched: those whose dimension one of
    them assesses. One query (the assignments' dimensions prefetched)."""
    from panelist.teams.models import Skill

    dimension_ids = {d.pk for a in assignments for d in a.dimensions.all()}
    return list(
        Skill.objects.filter(dimension__in=dimension_ids)
        .select_related("dimension")
        .order_by("name")
    )


def member_reading_rows(support_skill_rows, readings) -> None:
    """Give each skill row of decision support (``row["members"]``) the members' current
    readings beside the manager's summary."""
    by_skill: dict[int, list] = {}
    for reading in readings:
        by_skill.setdefault(reading.skill_id, []).append(reading)
    for row in support_skill_rows:
        row["members"] = by_skill.get(row["skill"].pk, [])
