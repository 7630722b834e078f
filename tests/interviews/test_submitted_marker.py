"""The assignment's ``submitted`` marker follows its scorecard, whatever path submits it."""

from panelist.interviews.models import Assignment
from tests.factories import AssignmentFactory, write_scorecard


def _marker(assignment) -> bool:
    return Assignment.objects.get(pk=assignment.pk).submitted


def test_a_new_assignment_and_a_draft_are_still_to_write(process):
    write_scorecard(process.assignment, submit=False)
    assert _marker(process.assignment) is False


def test_submitting_the_scorecard_marks_the_assignment(process):
    write_scorecard(process.assignment, submit=True)
    assert _marker(process.assignment) is True
    assert _marker(process.other_assignment) is False


def test_the_lists_of_scorecards_to_write_read_the_marker(process, people):
    """Overdue and "waiting on me" find an application through its open assignments."""
    from panelist.hiring.selectors import ApplicationQuery, applications_list

    mine = AssignmentFactory(member=people.member)
    waiting = set(applications_list(people.member, ApplicationQuery(needs="me")))
    assert {process.application, mine.application} <= waiting
    write_scorecard(mine, submit=True)
    waiting = set(applications_list(people.member, ApplicationQuery(needs="me")))
    assert mine.application not in waiting
