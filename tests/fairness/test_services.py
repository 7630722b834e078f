"""Writing and erasing self-identification: replaced whole, refused when not offered,
erased with the candidate."""

from __future__ import annotations

import pytest

from panelist.core.errors import DomainError
from panelist.fairness import services
from panelist.fairness.models import Answer, SelfIdentification
from tests import factories
from tests.fairness.conftest import option


def test_answers_are_recorded_and_replaced_whole(questions):
    candidate = factories.CandidateFactory()
    gender, race = questions["sex-gender"], questions["race-ethnicity"]
    services.record_self_identification(
        candidate=candidate,
        answers={gender: option(gender, "Woman"), race: services.PREFER_NOT_TO_SAY},
    )
    rows = {a.question.key: a.option for a in Answer.objects.select_related("question", "option")}
    assert rows["sex-gender"].label == "Woman"
    assert rows["race-ethnicity"] is None  # prefer not to say

    services.record_self_identification(candidate=candidate, answers={gender: None})
    assert not SelfIdentification.objects.filter(candidate=candidate).exists()


def test_sending_the_same_answers_twice_leaves_the_same_rows(questions):
    candidate = factories.CandidateFactory()
    gender = questions["sex-gender"]
    for _ in range(2):
        services.record_self_identification(
            candidate=candidate, answers={gender: option(gender, "Man")}
        )
    assert Answer.objects.count() == 1
    assert SelfIdentification.objects.count() == 1


def test_an_option_of_another_question_is_refused(questions):
    candidate = factories.CandidateFactory()
    gender, race = questions["sex-gender"], questions["race-ethnicity"]
    with pytest.raises(DomainError, match="Choose one of the answers offered"):
        services.record_self_identification(
            candidate=candidate, answers={gender: option(race, "Asian")}
        )
    assert not Answer.objects.exists()


def test_erase_for_candidate_removes_every_answer_and_only_theirs(questions):
    gender = questions["sex-gender"]
    mine, theirs = factories.CandidateFactory(), factories.CandidateFactory()
    for candidate in (mine, theirs):
        services.record_self_identification(
            candidate=candidate, answers={gender: option(gender, "Woman")}
        )
    assert services.erase_for_candidate(mine) == 1
    assert not SelfIdentification.objects.filter(candidate=mine).exists()
    assert SelfIdentification.objects.filter(candidate=theirs).exists()


def test_deleting_a_candidate_deletes_their_answers(questions):
    gender = questions["sex-gender"]
    candidate = factories.CandidateFactory()
    services.record_self_identification(
        candidate=candidate, answers={gender: option(gender, "Woman")}
    )
    candidate.delete()
    assert not Answer.objects.exists()


def test_the_candidate_model_has_no_way_back_to_the_answers():
    """Serializers and pages that walk a candidate's relations cannot reach the answers."""
    from panelist.hiring.models import Candidate

    hidden = [
        field
        for field in Candidate._meta.get_fields(include_hidden=True)
        if field.related_model is SelfIdentification
    ]
    assert hidden and all(field.hidden for field in hidden)  # related_name="+"
    assert SelfIdentification not in {rel.related_model for rel in Candidate._meta.related_objects}


def test_a_merged_duplicates_answers_move_to_the_kept_record_unless_it_has_its_own(questions):
    gender = questions["sex-gender"]
    keep, merge = factories.CandidateFactory(), factories.CandidateFactory()
    services.record_self_identification(candidate=merge, answers={gender: option(gender, "Woman")})
    assert services.move_for_merge(keep=keep, merge=merge)
    assert SelfIdentification.objects.get().candidate == keep

    other = factories.CandidateFactory()
    services.record_self_identification(candidate=other, answers={gender: option(gender, "Man")})
    assert not services.move_for_merge(keep=keep, merge=other)
    assert Answer.objects.get(response__candidate=keep).option.label == "Woman"
