"""The admin opens every registered model for an admin, and keeps versioned data read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from panelist.hiring.models import Opening
from panelist.interviews.models import Amendment, Flag, Rating, TraitSignal
from panelist.library.models import LevelExpectation, LibraryVersion, Rubric, RubricQuestion


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


@pytest.mark.parametrize(
    "model", [Rubric, RubricQuestion, LevelExpectation, LibraryVersion], ids=lambda m: m.__name__
)
def test_versioned_library_rows_are_read_only_in_the_admin(rf, library, people, model):
    request = rf.get("/")
    request.user = people.admin
    model_admin = admin.site._registry[model]
    row = model.objects.first()
    assert model_admin.has_view_permission(request, row)
    assert not model_admin.has_change_permission(request, row)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_delete_permission(request, row)


def test_opening_library_version_is_pinned_once_created(rf, process, people):
    request = rf.get("/")
    request.user = people.admin
    opening_admin = admin.site._registry[Opening]
    assert "library_version" in opening_admin.get_readonly_fields(request, process.opening)
    assert "library_version" not in opening_admin.get_readonly_fields(request, None)


@pytest.mark.parametrize("model", sorted(SCORECARD_CONTENT, key=str), ids=lambda m: m.__name__)
def test_scorecard_content_is_not_readable_in_the_admin(client, library, people, model):
    client.force_login(people.admin)
    assert client.get(_changelist(model)).status_code == 403
