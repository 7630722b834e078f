"""The demo plants one interviewer who rates women a point lower; the report finds her."""

from __future__ import annotations

from django.utils import timezone

from panelist.access.models import Role
from panelist.core.demo_history import Diary
from panelist.fairness import selectors
from panelist.fairness.demo import BIASED_AGAINST, BIASED_INTERVIEWER, create_fairness_history
from tests import factories


def test_the_report_asks_first_about_the_planted_interviewer_and_group(library):
    users = {
        "maya": factories.UserFactory(username="maya", role=Role.HIRING_MANAGER),
        "rita": factories.UserFactory(username="rita", role=Role.RECRUITER),
        **{
            name: factories.UserFactory(username=name, first_name=name.capitalize())
            for name in ("ian", "ines", "omar", "priya")
        },
    }
    team = factories.TeamFactory()
    create_fairness_history(users, team, Diary(), timezone.now())

    report = selectors.adverse_impact_report(selectors.Scope(team=team))
    assert report.enough
    clear = report.clear_rater_questions
    assert clear, "the planted difference is found"
    first = clear[0]
    assert first.interviewer == users[BIASED_INTERVIEWER].display_name
    planted = next(
        q for q in clear if q.interviewer == first.interviewer and q.reading.group == BIASED_AGAINST
    )
    assert planted.reading.high < 0  # lower, with the whole interval below zero
    assert "Does Priya rate candidates in the group “Woman” lower" in planted.text
    # the largest departure of anyone is hers
    assert max(report.rater_questions, key=lambda q: abs(q.reading.difference)).interviewer == (
        first.interviewer
    )
    # the one "another gender" candidate is too small a group to read
    screening = next(step for step in report.steps if step.key == "screening")
    another = next(r for r in screening.tables[0].table.rows if r.group == "Another gender")
    assert another.total == 1 and another.small
