"""Candidate notes: read and edited by those who run the candidate's pipeline, never by the
committee; edits are bounded and refuse to overwrite a newer version."""

import pytest
from django.urls import reverse

from panelist.core.errors import DomainError, NotAllowed, StaleVersion
from panelist.hiring import services
from panelist.hiring.models import Candidate

SECRET = "Salary expectation 95k; referred by Jana."


@pytest.fixture
def noted(process):
    candidate = process.application.candidate
    candidate.notes = SECRET
    candidate.save()
    return candidate


def test_notes_show_on_the_application_page_to_recruiter_admin_and_the_manager(
    client, process, people, noted
):
    url = reverse("application-detail", args=[process.application.pk])
    for user in (people.recruiter, people.admin, people.manager):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert SECRET in page, user
        assert reverse("candidate-notes", args=[process.application.pk]) in page


def test_committee_members_see_no_notes_and_cannot_open_the_editor(client, process, people, noted):
    for user in (people.member, people.other_member):
        client.force_login(user)
        page = client.get(reverse("application-detail", args=[process.application.pk]))
        assert page.status_code == 200
        assert SECRET not in page.content.decode()
        editor = reverse("candidate-notes", args=[process.application.pk])
        assert client.get(editor).status_code == 404
        assert client.post(editor, {"notes": "x", "version": noted.version}).status_code == 404
    assert Candidate.objects.get(pk=noted.pk).notes == SECRET


def test_another_openings_manager_neither_reads_nor_edits_the_notes(client, process, people, noted):
    client.force_login(people.other_manager)
    editor = reverse("candidate-notes", args=[process.application.pk])
    assert client.get(editor).status_code == 404
    with pytest.raises(NotAllowed):
        services.candidate_update_notes(
            actor=people.other_manager, candidate=noted, notes="x", expected_version=1
        )


def test_the_manager_edits_the_notes_through_the_form(client, process, people, noted):
    client.force_login(people.manager)
    editor = reverse("candidate-notes", args=[process.application.pk])
    assert SECRET in client.get(editor).content.decode()
    response = client.post(editor, {"notes": "Prefers a start in March.", "version": 1})
    assert response["Location"] == reverse("application-detail", args=[process.application.pk])
    noted.refresh_from_db()
    assert (noted.notes, noted.version) == ("Prefers a start in March.", 2)


def test_a_stale_notes_edit_is_refused_and_shows_the_saved_text(client, process, people, noted):
    services.candidate_update_notes(
        actor=people.recruiter, candidate=noted, notes="Newer text.", expected_version=1
    )
    client.force_login(people.manager)
    editor = reverse("candidate-notes", args=[process.application.pk])
    response = client.post(editor, {"notes": "Stale text.", "version": 1})
    page = response.content.decode()
    assert response.status_code == 422
    assert "nothing was overwritten" in page
    assert "Newer text." in page and "Stale text." in page
    assert Candidate.objects.get(pk=noted.pk).notes == "Newer text."
    with pytest.raises(StaleVersion):
        services.candidate_update_notes(
            actor=people.recruiter, candidate=noted, notes="x", expected_version=1
        )


def test_notes_are_bounded_on_the_form_and_in_the_service(client, process, people, noted):
    too_long = "x" * (services.NOTES_MAX_CHARS + 1)
    client.force_login(people.recruiter)
    editor = reverse("candidate-notes", args=[process.application.pk])
    assert client.post(editor, {"notes": too_long, "version": 1}).status_code == 422
    with pytest.raises(DomainError, match="at most"):
        services.candidate_update_notes(
            actor=people.recruiter, candidate=noted, notes=too_long, expected_version=1
        )
    assert Candidate.objects.get(pk=noted.pk).notes == SECRET


def test_notes_typed_when_adding_a_candidate_show_on_their_page(client, process, people):
    client.force_login(people.recruiter)
    response = client.post(
        reverse("candidate-create"),
        {
            "name": "Ada Quist",
            "email": "ada@example.net",
            "notes": SECRET,
            "opening": process.opening.pk,
        },
    )
    page = client.get(response["Location"]).content.decode()
    assert SECRET in page


def test_notes_are_not_changed_by_a_get(client, process, people, noted):
    client.force_login(people.manager)
    client.get(reverse("candidate-notes", args=[process.application.pk]) + "?notes=changed")
    assert Candidate.objects.get(pk=noted.pk).notes == SECRET
