"""The admin opens every registered model for an admin, and keeps versioned data read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from panelist.interviews.models import Amendment, Flag, Rating, TraitSignal
from panelist.library.models import RubricQuestion


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


SCORECARD_CONTENT = {Rating, TraitSignal, Flag, Amendment}


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if m not in SCORECARD_CONTENT],
    ids=lambda m: m.__name__,
)
def test_admin_changelist_opens(client, library, people, model):
    client.force_login(people.admin)
    assert client.get(_changelist(model)).status_code == 200


def test_rubric_questions_of_a_version_cannot_be_changed_in_the_admin(client, library, people):
    client.force_login(people.admin)
    question = RubricQuestion.objects.first()
    url = reverse("admin:library_rubricquestion_change", args=[question.pk])
    response = client.post(url, {"prompt": "Rewritten in place"})
    question.refresh_from_db()
    assert question.prompt != "Rewritten in place"
    assert response.status_code in {200, 403}


@pytest.mark.parametrize("model", sorted(SCORECARD_CONTENT, key=str), ids=lambda m: m.__name__)
def test_scorecard_content_is_not_readable_in_the_admin(client, library, people, model):
    client.force_login(people.admin)
    assert client.get(_changelist(model)).status_code == 403
