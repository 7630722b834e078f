"""``scorecard_reach`` answers by its definition, for every reader, blind mode and recruiter
grant: per application, the submitted scorecards, whether the reader may read each of them
(``scorecards_visible_to``) and its go/no-go (``recommendations_visible_to``), and whether
the reader sits on the committee with a scorecard still unsubmitted. The definition is
computed here from those querysets by plain Python; the function answers in one query."""

import pytest

from panelist.access import permissions
from panelist.access.models import BlindMode, OrganisationSettings, RecruiterAccess
from panelist.interviews.models import Assignment, ScorecardStatus
from tests.factories import ApplicationFactory, AssignmentFactory, write_scorecard

READERS = ("admin", "manager", "recruiter", "member", "other_member", "outsider", "other_manager")


def _applications_in_every_state(process, people) -> list[int]:
    """Every member submitted; one still writing (a draft); no committee; the admin on one."""
    write_scorecard(process.assignment, submit=True)
    write_scorecard(process.other_assignment, submit=True)
    drafting = ApplicationFactory(opening=process.opening)
    write_scorecard(AssignmentFactory(application=drafting, member=people.member), submit=True)
    write_scorecard(AssignmentFactory(application=drafting, member=people.other_member))
    empty = ApplicationFactory(opening=process.opening)
    with_admin = ApplicationFactory(opening=process.opening)
    write_scorecard(AssignmentFactory(application=with_admin, member=people.admin), submit=True)
    AssignmentFactory(application=with_admin, member=people.outsider)
    return [process.application.pk, drafting.pk, empty.pk, with_admin.pk]


def _by_definition(user, application_id: int) -> tuple:
    assignments = list(
        Assignment.objects.filter(application=application_id).select_related("scorecard")
    )
    submitted = [
        a.scorecard.pk
        for a in assignments
        if hasattr(a, "scorecard") and a.scorecard.status == ScorecardStatus.SUBMITTED
    ]
    readable = set(permissions.scorecards_visible_to(user).values_list("pk", flat=True))
    votes = set(permissions.recommendations_visible_to(user).values_list("pk", flat=True))
    own = [a for a in assignments if a.member_id == user.pk]
    blind = any(
        not hasattr(a, "scorecard") or a.scorecard.status != ScorecardStatus.SUBMITTED for a in own
    )
    content = permissions.reads_scorecard_content(user) and all(s in readable for s in submitted)
    recommendations = permissions.reads_recommendations(user) and all(
        s in (readable if content and not permissions.is_recruiter(user) else votes)
        for s in submitted
    )
    return len(assignments), len(submitted), content, recommendations, blind, bool(own)


@pytest.mark.parametrize("blind_mode", list(BlindMode))
@pytest.mark.parametrize("recruiter_access", list(RecruiterAccess))
def test_reach_follows_its_definition_for_every_reader(
    process, people, blind_mode, recruiter_access
):
    ids = _applications_in_every_state(process, people)
    settings = OrganisationSettings.current()
    settings.blind_mode = blind_mode
    settings.recruiter_access = recruiter_access
    settings.save()
    for name in READERS:
        reader = getattr(people, name)
        reach = permissions.scorecard_reach(reader, ids)
        for pk in ids:
            got = reach[pk]
            assert (
                got.assigned,
                got.submitted,
                got.content,
                got.recommendations,
                got.blind,
                got.member,
            ) == _by_definition(reader, pk), (name, pk)
            assert (got.hidden is None) == (got.content and got.recommendations), (name, pk)


def test_reach_of_nothing_reads_nothing(people):
    assert permissions.scorecard_reach(people.manager, []) == {}


@pytest.mark.parametrize("blind_mode", list(BlindMode))
@pytest.mark.parametrize("recruiter_access", list(RecruiterAccess))
def test_reads_in_full_are_the_visible_submitted_scorecards_for_every_reader(
    process, people, blind_mode, recruiter_access
):
    """``scorecards_read_in_full`` and ``recommendations_read_in_full`` skip the per-scorecard
    rule on the strength of the reach: they must give exactly the rows the rule gives."""
    ids = _applications_in_every_state(process, people)
    settings = OrganisationSettings.current()
    settings.blind_mode = blind_mode
    settings.recruiter_access = recruiter_access
    settings.save()
    submitted = {"status": ScorecardStatus.SUBMITTED}
    for name in READERS:
        reader = getattr(people, name)
        reach = permissions.scorecard_reach(reader, ids)
        full = [pk for pk in ids if reach[pk].content]
        votes = [pk for pk in ids if reach[pk].recommendations]
        visible = permissions.scorecards_visible_to(reader).filter(
            assignment__application__in=full, **submitted
        )
        visible_votes = permissions.recommendations_visible_to(reader).filter(
            assignment__application__in=votes, **submitted
        )
        assert set(permissions.scorecards_read_in_full(reach)) == set(visible), name
        assert set(permissions.recommendations_read_in_full(reach)) == set(visible_votes), name
        # Nothing beyond the applications read in full, and no draft.
        for scorecard in permissions.scorecards_read_in_full(reach):
            assert scorecard.status == ScorecardStatus.SUBMITTED
            assert scorecard.assignment.application_id in full
