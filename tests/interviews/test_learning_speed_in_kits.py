"""Learning speed in the kits: the formats that can probe it show the sharper prompts, and a
"learns quickly" signal names the prompt whose answer it rests on."""

import pytest
from django.urls import reverse

from panelist.core.errors import DomainError
from panelist.interviews import services
from panelist.interviews.models import TraitSignal
from panelist.library.models import LearningPrompt, Trait
from tests.factories import AssignmentFactory, write_scorecard

LAST_SKILL = "Walk me through the last technical skill you learned"
TEACH_BACK = "teach me the part that took you longest"


def test_the_kit_shows_the_prompts_of_its_format_only(client, process, people):
    client.force_login(people.member)  # a code review
    page = client.get(reverse("interview-kit", args=[process.assignment.pk])).content.decode()
    assert "Learning speed: prompts for this format" in page
    assert LAST_SKILL in page and "What did you do in the first week?" in page
    assert TEACH_BACK not in page  # a teach-me prompt


def test_a_format_with_no_prompt_shows_none(client, process, people):
    code_review = process.assignment.interview_format
    LearningPrompt.formats.through.objects.filter(interviewformat=code_review).delete()
    client.force_login(people.member)
    page = client.get(reverse("interview-kit", args=[process.assignment.pk])).content.decode()
    assert "Learning speed" not in page


def test_every_default_format_but_none_left_out_can_probe_learning(library):
    """The default library ties each of its prompts to at least one format."""
    prompts = LearningPrompt.objects.filter(version=library).prefetch_related("formats")
    assert prompts and all(p.formats.exists() for p in prompts)


def _signal(assignment, *, prompt: str = ""):
    learns = Trait.objects.get(key="learns-quickly")
    scorecard = write_scorecard(assignment)
    return services.scorecard_save(
        actor=assignment.member,
        scorecard=scorecard,
        expected_version=scorecard.version,
        signals={
            learns.pk: services.SignalInput(
                "shown", "Learnt Rust for a parser in three weeks.", prompt
            )
        },
    )


def test_a_learns_quickly_signal_cites_its_answer_before_submitting(process):
    scorecard = _signal(process.assignment)
    with pytest.raises(services.IncompleteScorecard) as refusal:
        services.scorecard_submit(
            actor=process.assignment.member, scorecard=scorecard, expected_version=scorecard.version
        )
    learns = Trait.objects.get(key="learns-quickly")
    assert f"signal-{learns.pk}" in refusal.value.problems
    scorecard = services.scorecard_save(
        actor=process.assignment.member,
        scorecard=scorecard,
        expected_version=scorecard.version,
        signals={
            learns.pk: services.SignalInput(
                "shown", "Learnt Rust for a parser in three weeks.", "last-skill-learned"
            )
        },
    )
    services.scorecard_submit(
        actor=process.assignment.member, scorecard=scorecard, expected_version=scorecard.version
    )
    assert TraitSignal.objects.get().learning_prompt.key == "last-skill-learned"


def test_a_prompt_of_another_format_cannot_be_cited(process):
    with pytest.raises(DomainError) as refusal:
        _signal(process.assignment, prompt="hardest-part-teach-back")  # a teach-me prompt
    assert refusal.value.field.startswith("signal-")


def test_without_prompts_in_the_kit_the_signal_needs_no_citation(process, people):
    LearningPrompt.formats.through.objects.filter(
        interviewformat=process.assignment.interview_format
    ).delete()
    scorecard = _signal(process.assignment)
    services.scorecard_submit(
        actor=process.assignment.member, scorecard=scorecard, expected_version=scorecard.version
    )


def test_the_scorecard_form_offers_the_prompts_and_the_detail_names_the_answer(
    client, process, people
):
    learns = Trait.objects.get(key="learns-quickly")
    client.force_login(people.member)
    form = client.get(reverse("scorecard-edit", args=[process.assignment.pk])).content.decode()
    assert f'name="signal-prompt-{learns.pk}"' in form and 'value="last-skill-learned"' in form
    other_trait = Trait.objects.exclude(key="learns-quickly").first()
    assert f'name="signal-prompt-{other_trait.pk}"' not in form
    scorecard = _signal(process.assignment, prompt="last-skill-learned")
    page = client.get(reverse("scorecard-detail", args=[scorecard.pk])).content.decode()
    assert "From the answer to" in page and LAST_SKILL in page


def test_the_form_post_carries_the_cited_prompt(client, process, people):
    from tests.interviews.test_scorecard_pages import _form

    learns = Trait.objects.get(key="learns-quickly")
    client.force_login(people.member)
    client.post(
        reverse("scorecard-edit", args=[process.assignment.pk]),
        _form(
            process.assignment,
            None,
            **{
                f"signal-{learns.pk}": "shown",
                f"signal-evidence-{learns.pk}": "Learnt Rust in three weeks.",
                f"signal-prompt-{learns.pk}": "last-skill-learned",
            },
        ),
    )
    assert TraitSignal.objects.get().learning_prompt.key == "last-skill-learned"


def test_a_teach_me_kit_offers_the_teach_back_prompt(client, process, people):
    assignment = AssignmentFactory(
        application=process.application,
        member=people.outsider,
        dimensions=["science"],
        format_key="teach-me",
    )
    client.force_login(people.outsider)
    page = client.get(reverse("interview-kit", args=[assignment.pk])).content.decode()
    assert TEACH_BACK in page and LAST_SKILL not in page
