"""``selectors.reach_of`` answers as ``permissions.scorecard_reach`` does, for every reader,
blind mode and recruiter grant: the pages of a chosen set read it instead because its cost
does not grow with the organisation."""

import pytest

from panelist.access.models import BlindMode, OrganisationSettings, RecruiterAccess
from panelist.access.permissions import scorecard_reach
from panelist.decisions.selectors import reach_of
from tests.factories import ApplicationFactory, AssignmentFactory, write_scorecard

READERS = ("admin", "manager", "recruiter", "member", "other_member", "outsider", "other_manager")


def _applications_in_every_state(process, people) -> list[int]:
    """One application per state a reader can meet: every member submitted, one still
    writing (a draft), no committee at all, and one where the admin sits on the committee."""
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


@pytest.mark.parametrize("blind_mode", list(BlindMode))
@pytest.mark.parametrize("recruiter_access", list(RecruiterAccess))
def test_reach_of_answers_as_scorecard_reach_for_every_reader(
    process, people, blind_mode, recruiter_access
):
    ids = _applications_in_every_state(process, people)
    settings = OrganisationSettings.current()
    settings.blind_mode = blind_mode
    settings.recruiter_access = recruiter_access
    settings.save()
    for name in READERS:
        reader = getattr(people, name)
        assert reach_of(reader, ids) == scorecard_reach(reader, ids), name


def test_reach_of_nothing_reads_nothing(people):
    assert reach_of(people.manager, []) == {}
