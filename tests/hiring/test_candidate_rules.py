"""Candidates: only recruiters add them, and their links are safe to render."""

import pytest

from panelist.core.errors import DomainError, NotAllowed
from panelist.hiring import services


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.cookie)", "data:text/html,hi", "ftp://example.org/x"]
)
def test_code_link_must_be_a_web_address(people, url):
    with pytest.raises(DomainError, match="web address"):
        services.candidate_create(
            actor=people.recruiter, name="Ana", email="ana@example.net", code_sample_url=url
        )


def test_recruiter_adds_a_candidate_and_others_may_not(people):
    candidate = services.candidate_create(
        actor=people.recruiter,
        name=" Ana Silva ",
        email="ana@example.net",
        code_sample_url="https://example.net/ana/code",
    )
    assert candidate.name == "Ana Silva"
    for user in (people.manager, people.member):
        with pytest.raises(NotAllowed):
            services.candidate_create(actor=user, name="Bo", email="bo@example.net")


def test_bad_email_is_refused(people):
    with pytest.raises(DomainError, match="not an email"):
        services.candidate_create(actor=people.recruiter, name="Bo", email="bo-at-example")
