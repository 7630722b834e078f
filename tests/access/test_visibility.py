"""Who sees which openings, applications, candidates and assignments."""

import pytest

from panelist.access import permissions


def _ids(queryset):
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("role", ["admin", "recruiter"])
def test_admin_and_recruiter_see_the_whole_pipeline(process, people, role):
    user = getattr(people, role)
    assert _ids(permissions.openings_visible_to(user)) == {
        process.opening.pk,
        process.foreign_opening.pk,
    }
    assert _ids(permissions.applications_visible_to(user)) == {
        process.application.pk,
        process.foreign_application.pk,
    }
    assert process.foreign_application.candidate_id in _ids(permissions.candidates_visible_to(user))


def test_hiring_manager_sees_only_own_openings(process, people):
    assert _ids(permissions.openings_visible_to(people.manager)) == {process.opening.pk}
    assert _ids(permissions.applications_visible_to(people.manager)) == {process.application.pk}
    assert _ids(permissions.candidates_visible_to(people.manager)) == {
        process.application.candidate_id
    }


def test_interviewer_sees_only_candidates_they_are_assigned_to(process, people):
    assert _ids(permissions.openings_visible_to(people.member)) == {process.opening.pk}
    assert _ids(permissions.applications_visible_to(people.member)) == {process.application.pk}
    assert _ids(permissions.candidates_visible_to(people.member)) == {
        process.application.candidate_id
    }


def test_interviewer_off_every_committee_sees_nothing(process, people):
    assert not permissions.openings_visible_to(people.outsider).exists()
    assert not permissions.applications_visible_to(people.outsider).exists()
    assert not permissions.candidates_visible_to(people.outsider).exists()
    assert not permissions.assignments_visible_to(people.outsider).exists()


def test_interviewer_sees_own_assignments_and_manager_sees_the_committee(process, people):
    assert _ids(permissions.assignments_visible_to(people.member)) == {process.assignment.pk}
    assert _ids(permissions.assignments_visible_to(people.manager)) == {
        process.assignment.pk,
        process.other_assignment.pk,
    }
    assert (
        not permissions.assignments_visible_to(people.other_manager)
        .filter(application=process.application)
        .exists()
    )


def test_inactive_user_sees_nothing(process, people):
    people.recruiter.is_active = False
    assert not permissions.openings_visible_to(people.recruiter).exists()
    assert not permissions.applications_visible_to(people.recruiter).exists()


def test_only_the_openings_own_manager_may_edit_and_decide(process, people):
    assert permissions.can_edit_opening(people.manager, process.opening)
    assert permissions.can_decide(people.manager, process.application)
    assert permissions.can_edit_opening(people.admin, process.opening)
    assert not permissions.can_decide(people.admin, process.application)
    for user in (people.other_manager, people.recruiter, people.member):
        assert not permissions.can_edit_opening(user, process.opening)
        assert not permissions.can_decide(user, process.application)


def test_who_may_open_openings_manage_candidates_and_configure(people):
    assert [u.username for u in vars(people).values() if permissions.can_open_openings(u)] == [
        "admin",
        "manager",
        "manager2",
    ]
    assert [u.username for u in vars(people).values() if permissions.can_manage_candidates(u)] == [
        "admin",
        "recruiter",
    ]
    assert [u.username for u in vars(people).values() if permissions.can_configure_library(u)] == [
        "admin"
    ]
