import pytest

from panelist.portal import links
from tests import factories


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def seminar_assignment(process, people):
    """A third member who rates communication from the seminar."""
    seminar_member = factories.UserFactory(username="seminar")
    return factories.AssignmentFactory(
        application=process.application,
        member=seminar_member,
        dimensions=["communication"],
        format_key="seminar",
    )


@pytest.fixture
def token(process, people):
    _, token = links.link_create(actor=people.recruiter, application=process.application)
    return token
