"""Writing and erasing candidates' self-identification.

The answers are written by the candidate, through their private page, and by nobody else;
no service here returns them, and none logs them.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from panelist.core.errors import DomainError
from panelist.fairness.defaults import DEFAULT_QUESTIONS
from panelist.fairness.models import Answer, AnswerOption, Question, SelfIdentification

# What a candidate answers to one question: an option, or "Prefer not to say".
PREFER_NOT_TO_SAY = "declined"


def default_questions_ensure() -> list[Question]:
    """The shipped questions (sex or gender, race or ethnicity), created if missing; existing
    ones are left as the organisation edited them. Idempotent."""
    questions = []
    with transaction.atomic():
        for spec in DEFAULT_QUESTIONS:
            fields = {k: v for k, v in spec.items() if k not in ("key", "options")}
            question, created = Question.objects.get_or_create(key=spec["key"], defaults=fields)
            if created:
                AnswerOption.objects.bulk_create(
                    AnswerOption(question=question, label=label, order=order)
                    for order, label in enumerate(spec["options"])
                )
            questions.append(question)
    return questions


def record_self_identification(
    *, candidate, answers: Mapping[Question, AnswerOption | str | None]
) -> SelfIdentification | None:
    """Replace the candidate's answers with ``answers``: per question an option of that
    question, ``PREFER_NOT_TO_SAY``, or None (not answered: nothing is kept for it).

    All in one transaction; sending the same answers twice leaves the same rows. With no
    answer at all, whatever the candidate had given before is erased.
    """
    rows = []
    for question, choice in answers.items():
        if choice is None:
            continue
        if choice == PREFER_NOT_TO_SAY:
            rows.append((question, None))
        elif isinstance(choice, AnswerOption) and choice.question_id == question.pk:
            rows.append((question, choice))
        else:
            raise DomainError(
                f"Choose one of the answers offered for “{question.label}”.", field=question.key
            )
    with transaction.atomic():
        if not rows:
            erase_for_candidate(candidate)
            return None
        response, _ = SelfIdentification.objects.select_for_update().get_or_create(
            candidate=candidate
        )
        response.save(update_fields=["answered_at"])
        response.answers.all().delete()
        Answer.objects.bulk_create(
            Answer(response=response, question=question, option=option) for question, option in rows
        )
    return response


def erase_for_candidate(candidate) -> int:
    """Erase every self-identification answer of ``candidate`` (for the privacy eraser, and
    when the candidate withdraws their answers). Returns how many answers went."""
    with transaction.atomic():
        answers = Answer.objects.filter(response__candidate=candidate).count()
        SelfIdentification.objects.filter(candidate=candidate).delete()
    return answers


def move_for_merge(*, keep, merge) -> bool:
    """Before ``merge`` (a duplicate record of ``keep``) is deleted: if only the duplicate
    holds answers, they move to ``keep``; if both do, ``keep``'s stand and the duplicate's
    go with it. Returns whether answers moved. For ``hiring.services.candidate_merge``."""
    with transaction.atomic():
        if SelfIdentification.objects.filter(candidate=keep).exists():
            return False
        return SelfIdentification.objects.filter(candidate=merge).update(candidate=keep) > 0


def own_answers(candidate) -> list[dict[str, str]]:
    """The candidate's answers as they gave them (question, answer), for the copy of their
    data they download themselves: nobody else is ever handed one person's answers."""
    response = SelfIdentification.objects.filter(candidate=candidate).first()
    if response is None:
        return []
    return [
        {
            "question": answer.question.label,
            "answer": answer.option.label if answer.option_id else "Prefer not to say",
        }
        for answer in Answer.objects.filter(response=response).select_related("question", "option")
    ]
