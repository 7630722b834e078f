from datetime import timedelta

import pytest
from django.utils import timezone

from panelist.decisions import services as decisions
from panelist.decisions.models import Outcome
from panelist.interviews.models import Recommendation
from panelist.library.models import Level
from panelist.outcomes import services
from tests import factories


@pytest.fixture
def hire(process, people):
    """``process.application`` hired as a Data Scientist by ``people.manager``, through the
    services, with a start date 200 days ago (the 6-month review is due, the 12-month not)."""
    for assignment in (process.assignment, process.other_assignment):
        factories.write_scorecard(assignment, submit=True)
    decisions.committee_recommend(
        actor=people.manager, application=process.application, recommendation=Recommendation.YES
    )
    decision = decisions.decision_record(
        actor=people.manager,
        application=process.application,
        outcome=Outcome.HIRE,
        level=Level.objects.get(key="ds"),
        rationale="Strong code review and a clear seminar.",
        confirm_above_supported_level=True,
    )
    decision.decided_at -= timedelta(days=230)
    decision.save(update_fields=["decided_at"])
    return services.hire_start_record(
        actor=people.manager,
        decision=decision,
        start_date=timezone.localdate() - timedelta(days=200),
    )
