"""The blind rule: no member reads another's scorecard on a candidate before submitting."""

import pytest

from panelist.access import permissions
from panelist.access.models import BlindMode, OrganisationSettings
from panelist.interviews import services
from tests.factories import AssignmentFactory, write_scorecard


def _visible(user, scorecard) -> bool:
    return permissions.scorecards_visible_to(user).filter(pk=scorecard.pk).exists()


def _set_mode(mode):
    settings = OrganisationSettings.current()
    settings.blind_mode = mode
    settings.save()


def test_draft_is_seen_by_its_author_only(process, people):
    draft = write_scorecard(process.assignment)
    assert _visible(people.member, draft)
    for user in (
        people.manager,
        people.admin,
        people.other_member,
        people.recruiter,
        people.outsider,
    ):
        assert not _visible(user, draft), user


def test_member_sees_others_submitted_scorecard_only_after_submitting_own(process, people):
    theirs = write_scorecard(process.other_assignment, submit=True)
    assert not _visible(people.member, theirs)

    mine = write_scorecard(process.assignment)
    assert not _visible(people.member, theirs), "a draft of one's own does not lift the rule"

    services.scorecard_submit(actor=people.member, scorecard=mine, expected_version=mine.version)
    assert _visible(people.member, theirs)


def test_member_with_two_assignments_stays_blind_until_both_are_submitted(process, people):
    second = AssignmentFactory(
        application=process.application,
        member=people.member,
        format_key="seminar",
        dimensions=["communication"],
    )
    theirs = write_scorecard(process.other_assignment, submit=True)
    write_scorecard(process.assignment, submit=True)
    assert not _visible(people.member, theirs)
    write_scorecard(second, submit=True)
    assert _visible(people.member, theirs)


def test_hiring_manager_sees_submitted_scorecards_of_own_openings_only(process, people):
    submitted = write_scorecard(process.assignment, submit=True)
    assert _visible(people.manager, submitted)
    assert not _visible(people.other_manager, submitted)


def test_manager_on_own_committee_is_blind_until_submitting(process, people):
    own = AssignmentFactory(
        application=process.application,
        member=people.manager,
        format_key="seminar",
        dimensions=["modeling"],
    )
    submitted = write_scorecard(process.assignment, submit=True)
    assert not _visible(people.manager, submitted)
    write_scorecard(own, submit=True)
    assert _visible(people.manager, submitted)


def test_recruiter_and_outsider_never_read_scorecards(process, people):
    submitted = write_scorecard(process.assignment, submit=True)
    assert not _visible(people.recruiter, submitted)
    assert not _visible(people.outsider, submitted)


def test_admin_configures_but_reads_scorecards_only_from_the_committee(process, people):
    submitted = write_scorecard(process.assignment, submit=True)
    assert not _visible(people.admin, submitted)
    own = AssignmentFactory(
        application=process.application,
        member=people.admin,
        format_key="seminar",
        dimensions=["modeling"],
    )
    assert not _visible(people.admin, submitted)
    write_scorecard(own, submit=True)
    assert _visible(people.admin, submitted)


def test_mode_never_still_lets_the_manager_read_after_submitting_own(process, people):
    _set_mode(BlindMode.NEVER)
    own = AssignmentFactory(
        application=process.application,
        member=people.manager,
        format_key="seminar",
        dimensions=["modeling"],
    )
    theirs = write_scorecard(process.other_assignment, submit=True)
    assert not _visible(people.manager, theirs)
    write_scorecard(own, submit=True)
    assert _visible(people.manager, theirs)


def test_blind_rule_is_per_candidate(process, people):
    elsewhere = AssignmentFactory(
        application__opening=process.opening,
        member=people.other_member,
        format_key="code-review",
        dimensions=["coding"],
    )
    AssignmentFactory(
        application=elsewhere.application,
        member=people.member,
        format_key="behavioural-story",
        dimensions=["people"],
    )
    write_scorecard(process.assignment, submit=True)
    theirs_elsewhere = write_scorecard(elsewhere, submit=True)
    assert not _visible(people.member, theirs_elsewhere)


def test_mode_never_keeps_members_blind_after_submitting(process, people):
    _set_mode(BlindMode.NEVER)
    theirs = write_scorecard(process.other_assignment, submit=True)
    write_scorecard(process.assignment, submit=True)
    assert not _visible(people.member, theirs)
    assert _visible(people.manager, theirs)


def test_mode_always_shows_submitted_scorecards_to_members_at_once(process, people):
    _set_mode(BlindMode.ALWAYS)
    theirs = write_scorecard(process.other_assignment, submit=True)
    assert _visible(people.member, theirs)
    assert not _visible(people.outsider, theirs)
    draft = write_scorecard(process.assignment)
    assert not _visible(people.other_member, draft)


@pytest.mark.parametrize("mode", list(BlindMode))
def test_no_mode_shows_drafts_to_anyone_but_the_author(process, people, mode):
    _set_mode(mode)
    draft = write_scorecard(process.assignment)
    write_scorecard(process.other_assignment, submit=True)
    readers = [u for u in vars(people).values() if _visible(u, draft)]
    assert readers == [people.member]
