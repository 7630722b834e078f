"""Writes on committee assignments and scorecards: the rules of independent assessment."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import timezone

from panelist.access import permissions
from panelist.core.errors import DomainError, NotAllowed, StaleVersion
from panelist.hiring.models import Application, EventKind
from panelist.hiring.services import committee_completed, lock_open_application, record_event
from panelist.interviews.models import (
    LEARNS_QUICKLY,
    NO_GO_RECOMMENDATIONS,
    Amendment,
    Assignment,
    Flag,
    Mode,
    Rating,
    Recommendation,
    Scorecard,
    ScorecardStatus,
    Severity,
    SignalDirection,
    TraitSignal,
)
from panelist.library.models import (
    RATING_MAX,
    RATING_MIN,
    Dimension,
    InterviewFormat,
    RubricQuestion,
    Trait,
)
from panelist.notifications import services as notifications
from panelist.notifications.models import Kind
from panelist.webhooks import services as webhooks

FIRST_VERSION = 1  # a scorecard's version when created, before any content is saved
EDITOR_SALT = "panelist.interviews.scorecard-editor"


class IncompleteScorecard(DomainError):
    """A submit refused because of what the scorecard holds.

    ``field`` and ``message`` name the first kind of problem (what the API reports);
    ``problems`` maps every field at fault (``rating-<question>``, ``evidence-<question>``,
    ``recommendation``, ``recommendation_reason``) to what to do there, so that a page can mark
    each one.
    """

    def __init__(self, message: str, *, field: str, problems: dict[str, str]) -> None:
        super().__init__(message, field=field)
        self.problems = problems


@dataclass(frozen=True)
class RatingInput:
    value: int | None  # None with not_observed False: evidence noted, rating not chosen yet
    evidence: str = ""
    not_observed: bool = False


@dataclass(frozen=True)
class SignalInput:
    direction: SignalDirection
    evidence: str
    prompt: str = ""  # the key of the learning-speed prompt whose answer it rests on, if any


@dataclass(frozen=True)
class ReasonInput:
    """Why a member recommends what they do: required on a no-go, tied to the evidence."""

    text: str
    question_id: int | None = None  # the question whose evidence it rests on
    cites_flags: bool = False  # it rests on the flags the scorecard raises


@dataclass(frozen=True)
class FlagInput:
    severity: Severity
    evidence: str
    question_id: int | None = None
    possible_cultural_difference: bool = False
    cultural_note: str = ""


def refresh_committee_complete(*application_ids: int) -> None:
    """Store on each application whether its committee is complete (it has one, and every
    member has submitted), in one statement. Whoever adds, removes or submits an assignment
    calls this inside the same transaction, holding the application's row lock, so that two
    members submitting at once cannot each leave the other's scorecard counted as open."""
    complete = Exists(Assignment.objects.filter(application=OuterRef("pk"))) & ~Exists(
        Assignment.objects.filter(application=OuterRef("pk"), submitted=False)
    )
    Application.objects.filter(pk__in=application_ids).update(
        committee_complete=ExpressionWrapper(complete, output_field=BooleanField())
    )


def assignment_create(
    *,
    actor,
    application: Application,
    member,
    dimensions: Iterable[Dimension],
    interview_format: InterviewFormat,
    scheduled_at: datetime | None = None,
    mode: Mode = Mode.IN_PERSON,
    location: str = "",
    feedback_due: datetime | None = None,
) -> Assignment:
    if not permissions.can_assign_committee(actor, application):
        raise NotAllowed("Only the opening's hiring manager assembles its committee.")
    if application.is_closed:
        raise DomainError("This application is closed; its committee no longer changes.")
    if not member.is_active or permissions.is_recruiter(member):
        raise DomainError(
            f"{member} cannot sit on a committee: recruiters and inactive accounts do not "
            "write scorecards.",
            field="member",
        )
    dimensions = list(dimensions)
    if not dimensions:
        raise DomainError("Give the member at least one dimension to assess.", field="dimensions")
    served = set(interview_format.dimensions.values_list("pk", flat=True))
    unserved = [d.name for d in dimensions if d.pk not in served]
    if unserved:
        raise DomainError(
            f"The {interview_format.name} format does not assess {', '.join(unserved)}; "
            "choose another format or other dimensions.",
            field="dimensions",
        )
    if Assignment.objects.filter(
        application=application, member=member, interview_format=interview_format
    ).exists():
        raise DomainError(
            f"{member} already runs a {interview_format.name} with this candidate; "
            "add the dimensions to that interview instead.",
            field="member",
        )
    if feedback_due and scheduled_at and feedback_due < scheduled_at:
        raise DomainError("Feedback cannot be due before the interview.", field="feedback_due")
    with transaction.atomic():
        lock_open_application(application)
        assignment = Assignment.objects.create(
            application=application,
            member=member,
            interview_format=interview_format,
            scheduled_at=scheduled_at,
            mode=mode,
            location=location,
            feedback_due=feedback_due,
            assigned_by=actor,
        )
        assignment.dimensions.set(dimensions)
        refresh_committee_complete(application.pk)
        record_event(
            application=application,
            actor=actor,
            kind=EventKind.ASSIGNED,
            description=(
                f"{member} assigned to {', '.join(d.name for d in dimensions)} "
                f"({interview_format.name})"
            ),
        )
        notifications.assignment_notify(assignment=assignment, kind=Kind.ASSIGNED)
        webhooks.emit("assignment.changed", change="created", **_assignment_ids(assignment))
    return assignment


def _lock_current_assignment(assignment: Assignment, expected_version: int | None) -> None:
    """Lock the assignment's row and refuse a change based on an older version of it."""
    current = (
        Assignment.objects.select_for_update().filter(pk=assignment.pk).values("version").first()
    )
    if current is None:
        raise DomainError("This interview was removed from the committee meanwhile.")
    if expected_version is not None and current["version"] != expected_version:
        raise StaleVersion(
            f"Someone changed {assignment.member}'s interview since you opened this page; "
            "nothing was changed. Here it is as it stands now: check it, then make your change "
            "again.",
            current_version=current["version"],
        )


def assignment_reschedule(
    *,
    actor,
    assignment: Assignment,
    scheduled_at: datetime | None,
    mode: Mode,
    location: str,
    feedback_due: datetime | None,
    interview_format: InterviewFormat | None = None,
    expected_version: int | None = None,
) -> Assignment:
    """Change when, where and in which format an interview happens and when its scorecard is
    due; the member is sent the change with an updated invite. With ``expected_version``, a
    change based on an older version of the assignment is refused (``StaleVersion``)."""
    if not permissions.can_assign_committee(actor, assignment.application):
        raise NotAllowed("Only the opening's hiring manager changes its committee.")
    if feedback_due and scheduled_at and feedback_due < scheduled_at:
        raise DomainError("Feedback cannot be due before the interview.", field="feedback_due")
    interview_format = interview_format or assignment.interview_format
    if interview_format.pk != assignment.interview_format_id:
        if Scorecard.objects.filter(assignment=assignment).exists():
            raise DomainError(
                f"{assignment.member} has started a scorecard in the "
                f"{assignment.interview_format.name} format; the format stays.",
                field="interview_format",
            )
        served = set(interview_format.dimensions.values_list("pk", flat=True))
        unserved = [d.name for d in assignment.dimensions.all() if d.pk not in served]
        if unserved:
            raise DomainError(
                f"The {interview_format.name} format does not assess {', '.join(unserved)}; "
                "choose another format.",
                field="interview_format",
            )
        if (
            Assignment.objects.filter(
                application=assignment.application_id,
                member=assignment.member_id,
                interview_format=interview_format,
            )
            .exclude(pk=assignment.pk)
            .exists()
        ):
            raise DomainError(
                f"{assignment.member} already runs a {interview_format.name} with this candidate.",
                field="interview_format",
            )
    with transaction.atomic():
        lock_open_application(assignment.application)
        _lock_current_assignment(assignment, expected_version)
        assignment.scheduled_at = scheduled_at
        assignment.mode = mode
        assignment.location = location
        assignment.feedback_due = feedback_due
        assignment.interview_format = interview_format
        assignment.version = F("version") + 1
        assignment.save(
            update_fields=[
                "scheduled_at",
                "mode",
                "location",
                "feedback_due",
                "interview_format",
                "version",
            ]
        )
        assignment.refresh_from_db(fields=["version"])
        notifications.assignment_notify(assignment=assignment, kind=Kind.CHANGED)
        webhooks.emit("assignment.changed", change="rescheduled", **_assignment_ids(assignment))
    return assignment


def assignment_remove(
    *, actor, assignment: Assignment, expected_version: int | None = None
) -> None:
    """Take a member off a committee before they have started a scorecard; the member is sent
    the cancellation of the invite. With ``expected_version``, a removal confirmed on an older
    version of the assignment is refused (``StaleVersion``)."""
    if not permissions.can_assign_committee(actor, assignment.application):
        raise NotAllowed("Only the opening's hiring manager changes its committee.")
    if Scorecard.objects.filter(assignment=assignment).exists():
        raise DomainError(
            f"{assignment.member} has started a scorecard on this interview; it stays on the "
            "record, so the assignment cannot be removed."
        )
    with transaction.atomic():
        lock_open_application(assignment.application)
        _lock_current_assignment(assignment, expected_version)
        notifications.assignment_notify(assignment=assignment, kind=Kind.REMOVED)
        webhooks.emit("assignment.changed", change="removed", **_assignment_ids(assignment))
        record_event(
            application=assignment.application,
            actor=actor,
            kind=EventKind.ASSIGNED,
            description=f"{assignment.member} removed from the {assignment.interview_format.name}",
        )
        assignment.delete()
        refresh_committee_complete(assignment.application_id)


def _assignment_ids(assignment: Assignment) -> dict[str, int]:
    return {
        "assignment_id": assignment.pk,
        "application_id": assignment.application_id,
        "member_id": assignment.member_id,
    }


def questions_for(assignment: Assignment, *, version_id: int | None = None):
    """The rubric questions of the assignment's dimensions that its format can assess, in the
    given library version (a scorecard's own), else the opening's."""
    return (
        RubricQuestion.objects.filter(
            rubric__version=version_id or assignment.application.opening.library_version_id,
            rubric__dimension__in=assignment.dimensions.all(),
            formats=assignment.interview_format,
        )
        .select_related("rubric__dimension")
        .order_by("rubric__dimension__order", "order")
    )


def scorecard_start(*, actor, assignment: Assignment) -> Scorecard:
    """The member's scorecard for the assignment, created as a draft on first use."""
    if assignment.member_id != actor.pk:
        raise NotAllowed("Only the assigned member writes this scorecard.")
    scorecard, _ = Scorecard.objects.get_or_create(
        assignment=assignment,
        defaults={"library_version_id": assignment.application.opening.library_version_id},
    )
    return scorecard


def scorecard_save(
    *,
    actor,
    scorecard: Scorecard,
    expected_version: int,
    ratings: Mapping[int, RatingInput] | None = None,
    summary: str | None = None,
    recommendation: Recommendation | str | None = None,
    signals: Mapping[int, SignalInput | None] | None = None,
    flags: list[FlagInput] | None = None,
    reason: ReasonInput | None = None,
    editor_token: str = "",
) -> Scorecard:
    """Save a draft. Refuses a save based on an older version, so two tabs never overwrite
    each other silently. ``signals`` maps trait ids to a signal (None clears it); ``flags``,
    when given, replaces the draft's flags; ``reason``, when given, replaces the reason.

    ``editor_token`` names the page the save comes from (``editor_token()``): a save from the
    editor that made the latest version is based on everything that editor saved, so it is
    accepted whatever version it names. To replace a newer version from another editor, the
    author names that version as ``expected_version`` after seeing it.
    """
    _check_author(actor, scorecard)
    editor = editor_from_token(scorecard.assignment, editor_token)
    if scorecard.assignment.application.is_closed:
        raise DomainError("This application is closed; its scorecards no longer change.")
    allowed = {
        q.pk for q in questions_for(scorecard.assignment, version_id=scorecard.library_version_id)
    }
    for question_id, rating in (ratings or {}).items():
        if question_id not in allowed:
            raise DomainError("That question is not part of this scorecard.", field="ratings")
        if rating.value is not None and not RATING_MIN <= rating.value <= RATING_MAX:
            raise DomainError(
                f"Ratings run from {RATING_MIN} to {RATING_MAX}, or 'not observed'; "
                f"{rating.value} is off the scale.",
                field=f"rating-{question_id}",
            )
    if recommendation and recommendation not in Recommendation.values:
        raise DomainError("Choose strong no, no, yes or strong yes.", field="recommendation")
    if reason is not None and reason.question_id is not None and reason.question_id not in allowed:
        raise DomainError(
            "The reason can only rest on a question of this scorecard.",
            field="recommendation_reason",
        )
    known_traits = set(Trait.objects.values_list("pk", flat=True))
    for trait_id, signal in (signals or {}).items():
        if trait_id not in known_traits:
            raise DomainError("That trait is not in the library.", field="signals")
        if signal is not None and not signal.evidence.strip():
            raise DomainError(
                "Say what the candidate did that shows the trait, or clear the signal.",
                field=f"signal-{trait_id}",
            )
    prompt_ids = _cited_prompts(scorecard, signals or {})
    for position, flag in enumerate(flags or []):
        if flag.severity not in Severity.values:
            raise DomainError("A flag is orange or red.", field=f"flag-{position}")
        if not flag.evidence.strip():
            raise DomainError(
                "Tie each flag to the detail that raised it: write what happened.",
                field=f"flag-{position}",
            )
        if flag.question_id is not None and flag.question_id not in allowed:
            raise DomainError(
                "A flag can only point at a question of this scorecard.", field=f"flag-{position}"
            )

    with transaction.atomic():
        updated = (
            Scorecard.objects.filter(pk=scorecard.pk, status=ScorecardStatus.DRAFT)
            .filter(_current_or_made_by(expected_version, editor))
            .update(version=F("version") + 1, updated_at=timezone.now(), last_editor=editor)
        )
        if not updated:
            _raise_stale_or_submitted(scorecard)
        if ratings:
            _write_ratings(scorecard, ratings)
        for trait_id, signal in (signals or {}).items():
            if signal is None:
                TraitSignal.objects.filter(scorecard=scorecard, trait_id=trait_id).delete()
            else:
                TraitSignal.objects.update_or_create(
                    scorecard=scorecard,
                    trait_id=trait_id,
                    defaults={
                        "direction": signal.direction,
                        "evidence": signal.evidence.strip(),
                        "learning_prompt_id": prompt_ids.get(trait_id),
                    },
                )
        if flags is not None:
            _replace_flags(scorecard, flags)
        fields = {}
        if summary is not None:
            fields["summary"] = summary
        if recommendation is not None:
            fields["recommendation"] = recommendation
        if reason is not None:
            fields["recommendation_reason"] = reason.text.strip()
            fields["reason_question_id"] = reason.question_id
            fields["reason_cites_flags"] = reason.cites_flags
        if fields:
            Scorecard.objects.filter(pk=scorecard.pk).update(**fields)
    scorecard.refresh_from_db()
    return scorecard


def scorecard_submit(*, actor, scorecard: Scorecard, expected_version: int) -> Scorecard:
    """Submit a draft: every rated question needs evidence, and a recommendation is required.

    The checks run on the row locked for the update, so what was checked is what is submitted.
    A submitted scorecard is read-only; corrections are amendments.
    """
    _check_author(actor, scorecard)
    now = timezone.now()
    with transaction.atomic():
        lock_open_application(scorecard.assignment.application)
        locked = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
        if locked.status != ScorecardStatus.DRAFT or locked.version != expected_version:
            _raise_stale_or_submitted(scorecard)
        _check_complete(locked)
        Scorecard.objects.filter(pk=scorecard.pk).update(
            status=ScorecardStatus.SUBMITTED,
            submitted_at=now,
            version=F("version") + 1,
            updated_at=now,
        )
        Assignment.objects.filter(pk=scorecard.assignment_id).update(submitted=True)
        assignment = scorecard.assignment
        refresh_committee_complete(assignment.application_id)
        record_event(
            application=assignment.application,
            actor=actor,
            kind=EventKind.SUBMITTED,
            description=f"{actor} submitted the {assignment.interview_format.name} scorecard",
        )
        webhooks.emit(
            "scorecard.submitted", scorecard_id=scorecard.pk, **_assignment_ids(assignment)
        )
        committee_completed(application=assignment.application)
        webhooks.committee_complete_emit(application=assignment.application)
        notifications.committee_ready_notify(application=assignment.application)
    scorecard.refresh_from_db()
    return scorecard


def learning_prompts_for(assignment, *, version_id: int):
    """The learning-speed prompts the kit of ``assignment``'s format offers."""
    from panelist.library.models import LearningPrompt

    return LearningPrompt.objects.filter(
        version=version_id, formats=assignment.interview_format_id
    ).order_by("order", "pk")


def _cited_prompts(scorecard: Scorecard, signals) -> dict[int, int]:
    """Per trait id, the id of the learning-speed prompt its signal cites (by key), refusing a
    key the kit of this scorecard's format does not offer."""
    cited = {
        trait_id: signal.prompt
        for trait_id, signal in signals.items()
        if signal is not None and signal.prompt
    }
    if not cited:
        return {}
    offered = dict(
        learning_prompts_for(
            scorecard.assignment, version_id=scorecard.library_version_id
        ).values_list("key", "pk")
    )
    for trait_id, key in cited.items():
        if key not in offered:
            raise DomainError(
                "Cite one of the learning-speed prompts of this interview's kit.",
                field=f"signal-{trait_id}",
            )
    return {trait_id: offered[key] for trait_id, key in cited.items()}


def _uncited_learning_signal(scorecard: Scorecard) -> TraitSignal | None:
    """A "learns quickly: shown" signal that names no prompt's answer, while the kit of the
    scorecard's format offers learning-speed prompts (else there is nothing to cite)."""
    signal = (
        scorecard.signals.filter(
            trait__key=LEARNS_QUICKLY,
            direction=SignalDirection.SHOWN,
            learning_prompt__isnull=True,
        )
        .select_related("trait")
        .first()
    )
    if signal is None:
        return None
    offered = learning_prompts_for(scorecard.assignment, version_id=scorecard.library_version_id)
    return signal if offered.exists() else None


def _check_complete(scorecard: Scorecard) -> None:
    """Refuse an incomplete scorecard, naming every field at fault."""
    minimum = settings.PANELIST_MIN_EVIDENCE_CHARS
    thin, undecided, rated = [], [], 0
    problems: dict[str, str] = {}
    for rating in scorecard.ratings.select_related("question"):
        if rating.value is not None:
            rated += 1
            if len(rating.evidence.strip()) < minimum:
                thin.append(rating.question.prompt)
                problems[f"evidence-{rating.question_id}"] = (
                    f"Write at least {minimum} characters of what the candidate said or did "
                    "that supports this rating."
                )
        elif not rating.not_observed:
            undecided.append(rating.question.prompt)
            problems[f"rating-{rating.question_id}"] = (
                "Choose a rating or 'not observed' for the evidence you noted."
            )
    kinds: list[tuple[str, str]] = []
    if undecided:
        kinds.append(
            (
                "ratings",
                "Some questions have evidence but no rating: choose a rating or 'not observed' "
                f"for {'; '.join(undecided)}",
            )
        )
    if thin:
        kinds.append(
            (
                "evidence",
                f"Write at least {minimum} characters of evidence for each rated question "
                f"(what the candidate said or did). Missing on: {'; '.join(thin)}",
            )
        )
    if not rated and not undecided:
        kinds.append(("ratings", "Rate at least one question before submitting."))
        problems["ratings"] = "Rate at least one question before submitting."
    if not scorecard.recommendation:
        kinds.append(("recommendation", "Choose a recommendation before submitting."))
        problems["recommendation"] = "Choose a recommendation."
    else:
        reason_problem = _reason_problem(scorecard)
        if reason_problem:
            kinds.append(("recommendation_reason", reason_problem))
            problems["recommendation_reason"] = reason_problem
    uncited = _uncited_learning_signal(scorecard)
    if uncited is not None:
        message = (
            f'"{uncited.trait.name}" rests on an answer: choose the learning-speed prompt '
            "whose answer shows it."
        )
        kinds.append(("signals", message))
        problems[f"signal-{uncited.trait_id}"] = message
    if kinds:
        raise IncompleteScorecard(
            " ".join(message for _, message in kinds), field=kinds[0][0], problems=problems
        )


def _reason_problem(scorecard: Scorecard) -> str:
    """What a no-go recommendation's reason still lacks, or "" when it holds.

    A no-go weighs heavily in a debrief; the committee can only weigh it when it says why, tied
    to the evidence or a flag (never an unexplained veto).
    """
    if scorecard.recommendation not in NO_GO_RECOMMENDATIONS:
        return ""
    minimum = settings.PANELIST_MIN_EVIDENCE_CHARS
    if len(scorecard.recommendation_reason.strip()) < minimum:
        return (
            f"A {scorecard.get_recommendation_display().lower()} needs its reason: write at "
            f"least {minimum} characters on what in the evidence or a flag it rests on."
        )
    if scorecard.reason_cites_flags and not scorecard.flags.exists():
        return (
            "The reason rests on your flags, but the scorecard raises none: raise the flag, "
            "or point the reason at a question's evidence."
        )
    return ""


def amendment_add(*, actor, scorecard: Scorecard, text: str) -> Amendment:
    """Append a dated correction to a submitted scorecard, which itself stays as submitted."""
    _check_author(actor, scorecard)
    if not scorecard.is_submitted:
        raise DomainError("A draft is still editable; change it directly instead of amending.")
    if not text.strip():
        raise DomainError("Write the correction.", field="text")
    with transaction.atomic():
        amendment = Amendment.objects.create(scorecard=scorecard, author=actor, text=text.strip())
        record_event(
            application=scorecard.assignment.application,
            actor=actor,
            kind=EventKind.AMENDED,
            description=f"{actor} amended their {scorecard.assignment.interview_format.name} "
            "scorecard",
        )
    return amendment


def _write_ratings(scorecard: Scorecard, ratings: Mapping[int, RatingInput]) -> None:
    """Create, update or clear the given questions' ratings in a fixed number of queries.

    A rating with no value, no "not observed" and no evidence is cleared.
    """
    existing = {
        r.question_id: r for r in Rating.objects.filter(scorecard=scorecard, question__in=ratings)
    }
    cleared, created, changed = [], [], []
    for question_id, rating in ratings.items():
        if rating.value is None and not rating.not_observed and not rating.evidence.strip():
            cleared.append(question_id)
            continue
        fields = {
            "value": rating.value,
            "not_observed": rating.not_observed and rating.value is None,
            "evidence": rating.evidence.strip(),
        }
        row = existing.get(question_id)
        if row is None:
            created.append(Rating(scorecard=scorecard, question_id=question_id, **fields))
        else:
            for name, value in fields.items():
                setattr(row, name, value)
            changed.append(row)
    if cleared:
        Rating.objects.filter(scorecard=scorecard, question__in=cleared).delete()
    Rating.objects.bulk_create(created)
    Rating.objects.bulk_update(changed, ["value", "not_observed", "evidence"])


def _replace_flags(scorecard: Scorecard, flags: list[FlagInput]) -> None:
    ratings = dict(scorecard.ratings.values_list("question_id", "pk"))
    scorecard.flags.all().delete()
    for flag in flags:
        if flag.question_id is not None and flag.question_id not in ratings:
            raise DomainError(
                "A flag points at a question you have not rated yet; rate it (or mark it not "
                "observed) first, or tie the flag to no question."
            )
        Flag.objects.create(
            scorecard=scorecard,
            severity=flag.severity,
            rating_id=ratings.get(flag.question_id),
            evidence=flag.evidence.strip(),
            possible_cultural_difference=flag.possible_cultural_difference,
            cultural_note=flag.cultural_note.strip() if flag.possible_cultural_difference else "",
        )


def editor_token(assignment: Assignment) -> str:
    """A new editor identity for one rendering of the assignment's scorecard form.

    Signed, so a page cannot claim another page's saves; random, so a duplicated browser tab
    (which copies the tab's storage and its form) gets its own identity when its page is
    rendered. Nothing is written until the editor saves.
    """
    return signing.dumps({"a": assignment.pk, "e": secrets.token_hex(16)}, salt=EDITOR_SALT)


def editor_from_token(assignment: Assignment, token: str) -> str:
    """The editor a token names, or "" when it is missing, forged or for another form."""
    if not token or len(token) > 200:
        return ""
    try:
        data = signing.loads(token, salt=EDITOR_SALT)
    except signing.BadSignature:
        return ""
    if not isinstance(data, dict) or data.get("a") != assignment.pk:
        return ""
    editor = data.get("e")
    return editor if isinstance(editor, str) and len(editor) == 32 else ""


def _current_or_made_by(expected_version: int, editor: str) -> Q:
    if editor:
        return Q(version=expected_version) | Q(last_editor=editor)
    return Q(version=expected_version)


def is_thin(evidence: str) -> bool:
    return len(evidence.strip()) < settings.PANELIST_THIN_EVIDENCE_CHARS


def _check_author(actor, scorecard: Scorecard) -> None:
    if scorecard.assignment.member_id != actor.pk:
        raise NotAllowed("Only the scorecard's author can change it.")


def _raise_stale_or_submitted(scorecard: Scorecard) -> None:
    current = Scorecard.objects.values("version", "status").get(pk=scorecard.pk)
    if current["status"] == ScorecardStatus.SUBMITTED:
        raise DomainError("This scorecard is submitted and read-only; add an amendment instead.")
    raise StaleVersion(
        "This scorecard was saved elsewhere (another tab or device) since you opened it. "
        "Nothing was overwritten: reload to see the saved version, then reapply your change.",
        current_version=current["version"],
    )
