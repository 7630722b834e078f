"""The candidate's voluntary form: every question optional, "Prefer not to say" always
offered, answers saved or erased on POST only, refusals tied to the field."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from panelist.fairness.models import Answer, AnswerOption, Question, SelfIdentification
from panelist.portal import links
from tests import factories
from tests.fairness.conftest import option


def url(application) -> str:
    """The form under the candidate's own private link, made once per application."""
    if not hasattr(application, "private_url"):
        _, token = links.link_create(
            actor=application.opening.hiring_manager, application=application
        )
        application.private_url = reverse("portal-self-identify", args=[token])
    return application.private_url


@pytest.fixture
def application(library):
    return factories.ApplicationFactory()


def test_every_question_offers_prefer_not_to_say(client, questions, application):
    Question.objects.create(key="caregiver", label="Are you a carer?", order=30)
    AnswerOption.objects.create(question=Question.objects.get(key="caregiver"), label="Yes")
    response = client.get(url(application))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('value="declined"') == 3  # one "Prefer not to say" per question
    assert "Sex or gender" in page and "Race or ethnicity" in page and "Are you a carer?" in page


def test_inactive_questions_are_not_asked(client, questions, application):
    Question.objects.filter(key="race-ethnicity").update(active=False)
    assert "Race or ethnicity" not in client.get(url(application)).content.decode()


def test_answers_are_saved_on_post_and_shown_back_to_the_candidate(client, questions, application):
    woman = option(questions["sex-gender"], "Woman")
    response = client.post(
        url(application), {"sex-gender": str(woman.pk), "race-ethnicity": "declined"}
    )
    assert response.status_code == 302
    answers = Answer.objects.filter(response__candidate=application.candidate)
    assert {(a.question.key, a.option_id) for a in answers} == {
        ("sex-gender", woman.pk),
        ("race-ethnicity", None),
    }
    page = client.get(url(application)).content.decode()
    assert f'value="{woman.pk}" id="id_sex-gender_0" checked' in page or "checked" in page
    assert "your answers are saved" in page


def test_an_answer_not_offered_is_refused_beside_its_question(client, questions, application):
    response = client.post(url(application), {"sex-gender": "99999"})
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="error-sex-gender"' in page
    assert "Choose one of the answers offered" in page
    assert not Answer.objects.exists()


def test_an_oversized_answer_is_refused_not_crashed(client, questions, application):
    response = client.post(url(application), {"sex-gender": "x" * 100_000})
    assert response.status_code == 422


def test_withdrawing_erases_the_answers(client, questions, application):
    woman = option(questions["sex-gender"], "Woman")
    client.post(url(application), {"sex-gender": str(woman.pk)})
    response = client.post(url(application), {"sex-gender": str(woman.pk), "action": "withdraw"})
    assert response.status_code == 302
    assert not SelfIdentification.objects.exists()


def test_a_get_changes_nothing(client, questions, application):
    woman = option(questions["sex-gender"], "Woman")
    client.get(url(application), {"sex-gender": str(woman.pk)})
    assert not Answer.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(questions, application):
    strict = Client(enforce_csrf_checks=True)
    woman = option(questions["sex-gender"], "Woman")
    response = strict.post(url(application), {"sex-gender": str(woman.pk)})
    assert response.status_code == 403
    assert not Answer.objects.exists()
