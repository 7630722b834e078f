import pytest

from panelist.access.models import Role
from panelist.interviews.models import Recommendation
from tests import factories

TRUTH = [2, 3, 2, 3, 2, 3, 3, 2, 3, 2, 3, 2]  # each candidate's true coding level
LENIENCY = {"lenient": 1, "middle": 0, "also-middle": 0, "severe": -1}


@pytest.fixture
def rated_history(library, people):
    """Twelve candidates on an opening of ``people.manager``, each rated on coding by three of
    four interviewers in rotation; "lenient" rates one point high and "severe" one point low."""
    raters = [factories.UserFactory(username=name, role=Role.INTERVIEWER) for name in LENIENCY]
    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    applications = []
    for number, truth in enumerate(TRUTH):
        application = factories.ApplicationFactory(opening=opening)
        applications.append(application)
        for offset in range(3):
            rater = raters[(number + offset) % len(raters)]
            value = min(4, max(1, truth + LENIENCY[rater.username]))
            factories.write_scorecard(
                factories.AssignmentFactory(
                    application=application, member=rater, dimensions=["coding"]
                ),
                value=value,
                recommendation=Recommendation.YES if value >= 3 else Recommendation.NO,
                submit=True,
            )
    return opening, applications, {r.username: r for r in raters}
