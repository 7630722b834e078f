"""The erasers: each removes one kind of personal data about a candidate.

``ERASERS`` is the ordered list that ``services.candidate_erase`` runs, all in one
transaction. An app that keeps more about candidates adds its own function here (for example
the fairness app's self-identified demographics): ``def erase_x(erasure: Erasure) -> None``.
An eraser must leave no free text, file or personal field about the candidate behind, and
keep the numbers the statistics need (ratings, who rated, which dimension) unless
``erasure.full``, in which case the candidate is deleted after every eraser has run.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

ERASED = "(erased)"


@dataclass
class Erasure:
    candidate: object
    full: bool
    now: datetime
    application_ids: list[int] = field(default_factory=list)
    assignment_ids: list[int] = field(default_factory=list)


def erase_materials(erasure: Erasure) -> None:
    """Files (from storage too, once the erasure is committed, so that a failed erasure
    leaves every file its row), code links and every link the candidate held."""
    from panelist.portal.models import CandidateFile, CandidateLink, CodeLink

    files = CandidateFile.objects.filter(application__in=erasure.application_ids)
    for stored in files:
        transaction.on_commit(functools.partial(stored.file.storage.delete, stored.file.name))
    files.delete()
    CodeLink.objects.filter(application__in=erasure.application_ids).delete()
    CandidateLink.objects.filter(application__in=erasure.application_ids).delete()


def erase_scorecard_text(erasure: Erasure) -> None:
    """What members wrote about the candidate; the ratings' numbers stay."""
    from panelist.interviews.models import Amendment, Flag, Rating, Scorecard, TraitSignal

    on = {"scorecard__assignment__in": erasure.assignment_ids}
    Rating.objects.filter(**on).update(evidence="")
    TraitSignal.objects.filter(**on).update(evidence=ERASED)
    Flag.objects.filter(**on).update(evidence=ERASED, cultural_note="")
    Amendment.objects.filter(**on).update(text=ERASED)
    Scorecard.objects.filter(assignment__in=erasure.assignment_ids).update(
        summary="", recommendation_reason="", last_editor=""
    )


def erase_decision_text(erasure: Erasure) -> None:
    from panelist.decisions.models import (
        CommitteeRecommendation,
        CommitteeRecommendationRecord,
        Decision,
        SkillAssessment,
        SkillAssessmentRecord,
    )

    on = {"application__in": erasure.application_ids}
    CommitteeRecommendation.objects.filter(**on).update(notes="")
    CommitteeRecommendationRecord.objects.filter(**on).update(notes="")
    Decision.objects.filter(**on).update(rationale="")
    SkillAssessment.objects.filter(**on).update(evidence=ERASED)
    SkillAssessmentRecord.objects.filter(**on).update(evidence=ERASED)


def erase_final_evaluations(erasure: Erasure) -> None:
    """The manager's four answers and the members' skill readings weigh the candidate in
    words; the readings' holds / can learn / lacks stay, as ratings do."""
    from panelist.decisions.models import FinalEvaluation, MemberSkillReading

    evaluations = FinalEvaluation.objects.filter(application__in=erasure.application_ids)
    evaluations.update(coaching=ERASED, complement=ERASED, collaboration="", confidence="")
    evaluations.exclude(collaboration_concern="").update(collaboration_concern=ERASED)
    MemberSkillReading.objects.filter(application__in=erasure.application_ids).update(
        evidence=ERASED
    )


def erase_hire_reviews(erasure: Erasure) -> None:
    """A hire's 6- and 12-month reviews: the 1-4 ratings stay for the validity figures, the
    lines of evidence about the person go."""
    from panelist.outcomes.models import DimensionReview

    DimensionReview.objects.filter(
        review__hire__decision__application__in=erasure.application_ids
    ).update(evidence=ERASED)


def erase_self_identification(erasure: Erasure) -> None:
    """How the candidate described themselves (the fairness app): nothing of it is kept, not
    even anonymised, since the group is the personal datum."""
    from panelist.fairness.services import erase_for_candidate

    erase_for_candidate(erasure.candidate)


def erase_timeline_text(erasure: Erasure) -> None:
    """Timeline entries keep who did what and when; their sentences may name the candidate."""
    from panelist.hiring.models import ApplicationEvent, EventKind

    events = ApplicationEvent.objects.filter(application__in=erasure.application_ids)
    for kind, label in EventKind.choices:
        events.filter(kind=kind).update(description=label)


def erase_notifications(erasure: Erasure) -> None:
    """Mail not yet sent about the candidate is dropped, with its queued task; what was sent
    keeps its row (who was told what kind of thing, when) without what it said."""
    from django_tasks_db.models import DBTaskResult

    from panelist.notifications.models import Notification, Status

    subjects = [f"application:{pk}" for pk in erasure.application_ids] + [
        f"assignment:{pk}" for pk in erasure.assignment_ids
    ]
    about = Notification.objects.filter(subject__in=subjects)
    still_open = about.exclude(status__in=[Status.SENT, Status.SKIPPED, Status.FAILED])
    dropped = list(still_open.values_list("pk", flat=True))
    still_open.delete()
    about.update(context={}, last_error="")
    if dropped:
        queued = DBTaskResult.objects.filter(
            task_path__endswith="send_notification", status="READY"
        )
        for task in queued.only("id", "args_kwargs"):
            kwargs = (task.args_kwargs or {}).get("kwargs", {})
            if kwargs.get("notification_id") in dropped:
                task.delete()


def erase_greenhouse_records(erasure: Erasure) -> None:
    """The raw records pulled from Greenhouse about the candidate, their applications and
    scorecards; their Greenhouse ids stay as a marker that names nobody, so that no later sync
    or import brings them back."""
    from panelist.greenhouse.services import erase_for_candidate
    from panelist.interviews.models import Scorecard

    erase_for_candidate(
        candidate_id=erasure.candidate.pk,
        application_ids=erasure.application_ids,
        scorecard_ids=list(
            Scorecard.objects.filter(assignment__in=erasure.assignment_ids).values_list(
                "pk", flat=True
            )
        ),
    )


def erase_candidate_fields(erasure: Erasure) -> None:
    """Last: the candidate's own fields, replaced by a placeholder that names nobody."""
    candidate = erasure.candidate
    candidate.name = f"Erased candidate {candidate.pk}"
    candidate.email = ""
    candidate.phone = ""
    candidate.code_sample_url = ""
    candidate.seminar_title = ""
    candidate.seminar_abstract = ""
    candidate.seminar_url = ""
    candidate.notes = ""
    candidate.version += 1
    candidate.save()


ERASERS: list[Callable[[Erasure], None]] = [
    erase_materials,
    erase_scorecard_text,
    erase_decision_text,
    erase_final_evaluations,
    erase_hire_reviews,
    erase_self_identification,
    erase_timeline_text,
    erase_notifications,
    erase_greenhouse_records,
    erase_candidate_fields,
]
