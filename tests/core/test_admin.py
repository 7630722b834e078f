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


# --- every step is kept: no back door through the admin ---------------------------------------


def _decided(process, people):
    """A process with both scorecards in, a committee recommendation, a skill reading and a
    decision, all through the services."""
    from panelist.decisions import services
    from tests.factories import SkillFactory, write_scorecard

    write_scorecard(process.assignment, submit=True)
    write_scorecard(process.other_assignment, submit=True)
    services.committee_recommend(
        actor=people.manager, application=process.application, recommendation="yes"
    )
    services.skill_assessment_record(
        actor=people.manager,
        application=process.application,
        skill=SkillFactory(name="Python"),
        holding="holds",
        evidence="Maintains a package.",
    )
    services.decision_record(
        actor=people.manager,
        application=process.application,
        outcome="reject",
        rationale="Another candidate fits the team better.",
    )


KEPT_STEPS = [
    "decisions.CommitteeRecommendation",
    "decisions.CommitteeRecommendationRecord",
    "decisions.Decision",
    "decisions.SkillAssessment",
    "decisions.SkillAssessmentRecord",
    "interviews.Scorecard",
    "hiring.Application",
]


@pytest.mark.parametrize("label", KEPT_STEPS)
def test_kept_steps_are_read_only_in_the_admin(rf, process, people, label):
    from django.apps import apps

    _decided(process, people)
    model = apps.get_model(label)
    request = rf.get("/")
    request.user = people.admin
    model_admin = admin.site._registry[model]
    row = model.objects.first()
    assert model_admin.has_view_permission(request, row)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, row)
    assert not model_admin.has_delete_permission(request, row)


def test_admin_cannot_move_an_application_or_change_a_decision(client, process, people):
    from panelist.decisions.models import Decision
    from panelist.hiring.models import Stage

    _decided(process, people)
    client.force_login(people.admin)
    application = process.application
    url = reverse("admin:hiring_application_change", args=[application.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="stage"' not in page.content.decode()
    fields = {"candidate": application.candidate_id, "opening": application.opening_id}
    moved = client.post(url, {**fields, "stage": "offer"})
    assert moved.status_code == 403
    application.refresh_from_db()
    assert application.stage == Stage.DECIDED
    decision = Decision.objects.get()
    changed = client.post(
        reverse("admin:decisions_decision_change", args=[decision.pk]),
        {"outcome": "hire", "rationale": "edited"},
    )
    assert changed.status_code == 403
    decision.refresh_from_db()
    assert (decision.outcome, decision.rationale) == (
        "reject",
        "Another candidate fits the team better.",
    )


def test_admin_cannot_delete_a_scorecard_directly_or_through_what_holds_it(client, process, people):
    from panelist.interviews.services import scorecard_start

    # A draft just started has no ratings yet, so nothing else in the admin protects it.
    scorecard = scorecard_start(actor=people.member, assignment=process.assignment)
    client.force_login(people.admin)
    for url in (
        reverse("admin:interviews_scorecard_delete", args=[scorecard.pk]),
        reverse("admin:interviews_assignment_delete", args=[scorecard.assignment_id]),
        reverse("admin:hiring_candidate_delete", args=[process.application.candidate_id]),
    ):
        assert client.post(url, {"post": "yes"}).status_code == 403, url
    assert type(scorecard).objects.filter(pk=scorecard.pk).exists()


def test_admin_shows_no_committee_notes_skill_evidence_or_rationale(client, process, people):
    from panelist.decisions.models import (
        CommitteeRecommendation,
        CommitteeRecommendationRecord,
        Decision,
        SkillAssessment,
        SkillAssessmentRecord,
    )

    _decided(process, people)
    CommitteeRecommendation.objects.update(notes="Weighed the red flag.")
    CommitteeRecommendationRecord.objects.update(notes="Weighed the red flag.")
    client.force_login(people.admin)
    for model in (
        CommitteeRecommendation,
        CommitteeRecommendationRecord,
        Decision,
        SkillAssessment,
        SkillAssessmentRecord,
    ):
        row = model.objects.get()
        url = reverse(f"admin:decisions_{model._meta.model_name}_change", args=[row.pk])
        page = client.get(url).content.decode()
        assert "Weighed the red flag." not in page
        assert "Maintains a package." not in page
        assert "Another candidate fits the team better." not in page
