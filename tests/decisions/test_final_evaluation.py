"""The manager's final evaluation: four questions before the outcome, kept and printed."""

import pytest
from django.urls import reverse

from panelist.core.errors import DomainError, NotAllowed
from panelist.decisions.models import EvaluationCitation, FinalEvaluation
from panelist.decisions.services import final_evaluation_record
from panelist.hiring.models import ApplicationEvent
from panelist.interviews import services as interview_services
from panelist.interviews.models import Rating, TraitSignal
from panelist.library.models import Trait
from tests.factories import write_scorecard


@pytest.fixture
def submitted(process):
    """Both members submitted; the people-skills scorecard carries a red flag and a
    takes-feedback signal."""
    write_scorecard(process.assignment, value=3, submit=True)
    scorecard = write_scorecard(process.other_assignment, value=3)
    interview_services.scorecard_save(
        actor=process.other_assignment.member,
        scorecard=scorecard,
        expected_version=scorecard.version,
        flags=[
            interview_services.FlagInput(
                severity="red", evidence="Talked over the junior colleague twice."
            )
        ],
        signals={
            Trait.objects.get(key="takes-feedback").pk: interview_services.SignalInput(
                "shown", "Thanked the reviewer and changed the plan."
            )
        },
    )
    scorecard.refresh_from_db()
    return interview_services.scorecard_submit(
        actor=process.other_assignment.member,
        scorecard=scorecard,
        expected_version=scorecard.version,
    )


def _people_rating(scorecard) -> Rating:
    return scorecard.ratings.select_related("question").first()


def test_the_manager_records_the_four_answers_with_cited_passages(process, people, submitted):
    rating = _people_rating(submitted)
    flag = submitted.flags.get()
    signal = TraitSignal.objects.get(scorecard=submitted)
    evaluation = final_evaluation_record(
        actor=people.manager,
        application=process.application,
        coaching="Coding: I will coach it.",
        complement="Brings Bayesian statistics.",
        collaboration="Works well one to one; see the flag.",
        collaboration_concern="Talked over a junior colleague.",
        concern_possible_cultural_difference=True,
        confidence="Defended the design in the seminar.",
        citations={3: [f"rating-{rating.pk}", f"flag-{flag.pk}"], 4: [f"signal-{signal.pk}"]},
    )
    cited = EvaluationCitation.objects.filter(evaluation=evaluation)
    assert sorted((c.question, c.kind) for c in cited) == [
        (3, "flag"),
        (3, "rating"),
        (4, "signal"),
    ]
    assert evaluation.concern_possible_cultural_difference
    event = ApplicationEvent.objects.filter(application=process.application).latest("pk")
    assert event.description.startswith("Final evaluation recorded")
    assert "Talked over" not in event.description  # the timeline carries no content


def test_re_recording_keeps_the_earlier_evaluation(process, people, submitted):
    for text in ("First reading.", "Second reading."):
        final_evaluation_record(
            actor=people.manager, application=process.application, coaching=text, complement="x"
        )
    assert FinalEvaluation.objects.filter(application=process.application).count() == 2
    event = ApplicationEvent.objects.filter(application=process.application).latest("pk")
    assert "re-recorded" in event.description and "is kept" in event.description


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"coaching": ""}, "coaching"),
        ({"complement": "  "}, "complement"),
        ({"concern_possible_cultural_difference": True}, "collaboration_concern"),
        ({"confidence": "x" * 5001}, "confidence"),
        ({"citations": {3: ["rating-abc"]}}, "q3_citations"),
        ({"citations": {2: ["rating-1"]}}, "citations"),
    ],
)
def test_refusals_name_the_field(process, people, submitted, changes, field):
    answers = {"coaching": "Yes.", "complement": "Statistics."} | changes
    with pytest.raises(DomainError) as refusal:
        final_evaluation_record(actor=people.manager, application=process.application, **answers)
    assert refusal.value.field == field


def test_a_passage_of_another_candidate_cannot_be_cited(process, people, submitted):
    from tests.factories import AssignmentFactory

    foreign = AssignmentFactory(
        application=process.foreign_application,
        dimensions=["people"],
        format_key="behavioural-story",
    )
    foreign_rating = write_scorecard(foreign, submit=True).ratings.first()
    with pytest.raises(DomainError):
        final_evaluation_record(
            actor=people.manager,
            application=process.application,
            coaching="Yes.",
            complement="Statistics.",
            citations={3: [f"rating-{foreign_rating.pk}"]},
        )
    assert not FinalEvaluation.objects.exists()


def test_only_the_openings_manager_evaluates(process, people, submitted):
    for someone in (people.member, people.admin, people.other_manager, people.recruiter):
        with pytest.raises(NotAllowed):
            final_evaluation_record(
                actor=someone, application=process.application, coaching="a", complement="b"
            )


def test_decision_page_prefills_questions_one_and_two_and_lists_passages(
    client, process, people, submitted
):
    client.force_login(people.manager)
    page = client.get(reverse("decide", args=[process.application.pk])).content.decode()
    assert "Final evaluation" in page
    assert "Weighted gap to Data Scientist" in page or "No gap to Data Scientist" in page
    assert "show no skill the candidate adds" in page  # question 2, from complementarity
    flag = submitted.flags.get()
    signal = TraitSignal.objects.get(scorecard=submitted)
    rating = _people_rating(submitted)
    for ref in (f"flag-{flag.pk}", f"signal-{signal.pk}", f"rating-{rating.pk}"):
        assert f'value="{ref}"' in page
        assert f"{reverse('scorecard-detail', args=[submitted.pk])}#{ref}" in page


def test_saving_the_evaluation_alone_leaves_the_outcome_open(client, process, people, submitted):
    client.force_login(people.manager)
    flag = submitted.flags.get()
    response = client.post(
        reverse("decide", args=[process.application.pk]),
        {
            "action": "evaluate",
            "coaching": "I coach coding.",
            "complement": "Statistics.",
            "collaboration": "See the flag.",
            "q3_citations": [f"flag-{flag.pk}"],
        },
    )
    assert response.status_code == 302
    process.application.refresh_from_db()
    assert not process.application.is_closed
    evaluation = FinalEvaluation.objects.get()
    assert evaluation.citations.get().flag_id == flag.pk
    page = client.get(reverse("decide", args=[process.application.pk])).content.decode()
    assert "I coach coding." in page and f'value="flag-{flag.pk}" checked' in page


def test_a_refused_decision_keeps_no_evaluation_and_ties_the_error(
    client, process, people, submitted
):
    client.force_login(people.manager)
    response = client.post(
        reverse("decide", args=[process.application.pk]),
        {"action": "decide", "coaching": "", "complement": "Statistics.", "outcome": "reject"},
    )
    assert response.status_code == 422
    assert "Answer question 1" in response.content.decode()
    assert not FinalEvaluation.objects.exists()
    response = client.post(
        reverse("decide", args=[process.application.pk]),
        {"action": "decide", "coaching": "a", "complement": "b", "outcome": "reject"},
    )
    assert response.status_code == 422  # no rationale: the decision is refused
    assert not FinalEvaluation.objects.exists()


def test_the_packet_prints_the_evaluation_to_readers_of_every_scorecard(
    client, process, people, submitted
):
    flag = submitted.flags.get()
    final_evaluation_record(
        actor=people.manager,
        application=process.application,
        coaching="I coach coding.",
        complement="Statistics.",
        collaboration="One concern.",
        collaboration_concern="Talked over a colleague.",
        concern_possible_cultural_difference=True,
        citations={3: [f"flag-{flag.pk}"]},
    )
    url = f"{reverse('packet', args=[process.opening.pk])}?a={process.application.pk}"
    client.force_login(people.manager)
    packet = client.get(url).content.decode()
    assert "Final evaluation" in packet and "I coach coding." in packet
    assert "(possible cultural difference)" in packet
    assert "Talked over the junior colleague twice." in packet  # the cited flag
    # a member still writing their scorecard reads none of the scorecards: nor the evaluation
    from tests.factories import AssignmentFactory

    AssignmentFactory(application=process.application, member=people.outsider)
    client.force_login(people.outsider)
    response = client.get(url)
    assert response.status_code == 404 or "I coach coding." not in response.content.decode()
    client.force_login(people.recruiter)
    assert client.get(url).status_code == 404


def test_the_current_evaluation_is_the_latest_with_its_own_citations(process, people, submitted):
    """Read in two queries when the page holds none of the cited passages: the latest
    recording with what it cites, then the passages; the earlier recordings counted; an
    evaluation citing nothing is still read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from panelist.decisions.evaluation import current_evaluations

    rating = _people_rating(submitted)
    flag = submitted.flags.get()
    signal = TraitSignal.objects.get(scorecard=submitted)
    for coaching, citations in (
        ("First reading.", {3: [f"rating-{rating.pk}"]}),
        (
            "Second reading.",
            {3: [f"flag-{flag.pk}", f"rating-{rating.pk}"], 4: [f"signal-{signal.pk}"]},
        ),
    ):
        final_evaluation_record(
            actor=people.manager,
            application=process.application,
            coaching=coaching,
            complement="Statistics.",
            citations=citations,
        )
    other = process.foreign_application
    final_evaluation_record(
        actor=other.opening.hiring_manager, application=other, coaching="A.", complement="B."
    )
    with CaptureQueriesContext(connection) as read:
        views = current_evaluations([process.application.pk, other.pk, process.opening.pk + 999])
    assert len(read.captured_queries) == 2
    view = views[process.application.pk]
    assert view.evaluation.coaching == "Second reading." and view.earlier == 1
    assert sorted(p.ref for p in view.citations[3]) == sorted(
        [f"flag-{flag.pk}", f"rating-{rating.pk}"]
    )
    assert [p.ref for p in view.citations[4]] == [f"signal-{signal.pk}"]
    assert view.citations[4][0].text == "Thanked the reviewer and changed the plan."
    assert views[other.pk].evaluation.coaching == "A." and views[other.pk].citations == {}
    assert views[other.pk].earlier == 0
    assert set(views) == {process.application.pk, other.pk}


def test_cited_passages_the_page_holds_are_not_read_again(process, people, submitted):
    """Given the passages the decision page offers, the evaluation resolves its citations from
    them in one query, to the same passages the database gives."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from panelist.decisions import selectors
    from panelist.decisions.evaluation import current_evaluations, evaluation_passages

    rating = _people_rating(submitted)
    flag = submitted.flags.get()
    signal = TraitSignal.objects.get(scorecard=submitted)
    final_evaluation_record(
        actor=people.manager,
        application=process.application,
        coaching="Coding.",
        complement="Statistics.",
        citations={3: [f"rating-{rating.pk}", f"flag-{flag.pk}"], 4: [f"signal-{signal.pk}"]},
    )
    application = process.application
    offered = evaluation_passages(selectors.debrief(people.manager, application))
    with CaptureQueriesContext(connection) as read:
        held = current_evaluations([application.pk], passages={application.pk: offered})
    assert len(read.captured_queries) == 1
    from_database = current_evaluations([application.pk])
    assert held[application.pk].citations == from_database[application.pk].citations
    assert sorted(p.ref for p in held[application.pk].citations[3]) == sorted(
        [f"rating-{rating.pk}", f"flag-{flag.pk}"]
    )
    assert [p.text for p in held[application.pk].citations[4]] == [signal.evidence]
