"""Scorecard rules: version checks, the scale, evidence before submitting, read-only after."""

import pytest

from panelist.core.errors import DomainError, NotAllowed, StaleVersion
from panelist.interviews import services
from panelist.interviews.models import Recommendation, ScorecardStatus
from tests.factories import write_scorecard


def _first_question(assignment):
    return services.questions_for(assignment).first()


def test_stale_version_is_refused_and_the_saved_text_kept(process, people):
    scorecard = write_scorecard(process.assignment)
    question = _first_question(process.assignment)
    opened_at = scorecard.version
    services.scorecard_save(
        actor=people.member,
        scorecard=scorecard,
        expected_version=opened_at,
        ratings={question.pk: services.RatingInput(4, "Saved first, in tab one.")},
    )
    with pytest.raises(StaleVersion) as conflict:
        services.scorecard_save(
            actor=people.member,
            scorecard=scorecard,
            expected_version=opened_at,
            ratings={question.pk: services.RatingInput(1, "Saved second, in tab two.")},
        )
    assert conflict.value.current_version == opened_at + 1
    assert scorecard.ratings.get(question=question).evidence == "Saved first, in tab one."


@pytest.mark.parametrize("value", [0, 5, -1])
def test_rating_off_the_scale_is_refused(process, people, value):
    scorecard = services.scorecard_start(actor=people.member, assignment=process.assignment)
    question = _first_question(process.assignment)
    with pytest.raises(DomainError, match="off the scale"):
        services.scorecard_save(
            actor=people.member,
            scorecard=scorecard,
            expected_version=scorecard.version,
            ratings={question.pk: services.RatingInput(value, "Some evidence here.")},
        )
    assert not scorecard.ratings.exists()


def test_question_from_another_dimension_is_refused(process, people):
    scorecard = services.scorecard_start(actor=people.member, assignment=process.assignment)
    foreign = _first_question(process.other_assignment)
    with pytest.raises(DomainError, match="not part of this scorecard"):
        services.scorecard_save(
            actor=people.member,
            scorecard=scorecard,
            expected_version=scorecard.version,
            ratings={foreign.pk: services.RatingInput(3, "Evidence for another dimension.")},
        )


def test_only_the_author_writes_a_scorecard(process, people):
    scorecard = write_scorecard(process.assignment)
    with pytest.raises(NotAllowed):
        services.scorecard_save(
            actor=people.other_member,
            scorecard=scorecard,
            expected_version=scorecard.version,
            summary="Not mine",
        )
    with pytest.raises(NotAllowed):
        services.scorecard_start(actor=people.other_member, assignment=process.assignment)


def test_submitting_needs_evidence_on_every_rated_question(process, people):
    scorecard = write_scorecard(process.assignment, evidence="")
    with pytest.raises(DomainError, match="characters of evidence"):
        services.scorecard_submit(
            actor=people.member, scorecard=scorecard, expected_version=scorecard.version
        )
    scorecard.refresh_from_db()
    assert scorecard.status == ScorecardStatus.DRAFT


def test_not_observed_needs_no_evidence(process, people):
    scorecard = write_scorecard(process.assignment)
    question = _first_question(process.assignment)
    scorecard = services.scorecard_save(
        actor=people.member,
        scorecard=scorecard,
        expected_version=scorecard.version,
        ratings={question.pk: services.RatingInput(None, "", not_observed=True)},
    )
    submitted = services.scorecard_submit(
        actor=people.member, scorecard=scorecard, expected_version=scorecard.version
    )
    assert submitted.is_submitted


def test_submitting_needs_a_recommendation(process, people):
    scorecard = write_scorecard(process.assignment, recommendation="")
    with pytest.raises(DomainError, match="recommendation"):
        services.scorecard_submit(
            actor=people.member, scorecard=scorecard, expected_version=scorecard.version
        )


def test_submitted_scorecard_is_read_only(process, people):
    scorecard = write_scorecard(process.assignment, submit=True)
    with pytest.raises(DomainError, match="read-only"):
        services.scorecard_save(
            actor=people.member,
            scorecard=scorecard,
            expected_version=scorecard.version,
            recommendation=Recommendation.NO,
        )
    scorecard.refresh_from_db()
    assert scorecard.recommendation == Recommendation.YES


def test_thin_evidence_is_below_the_second_threshold(settings):
    settings.PANELIST_THIN_EVIDENCE_CHARS = 50
    assert services.is_thin("Good answer.")
    assert not services.is_thin("x" * 50)
