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


def test_recruiter_attaches_a_candidate_to_a_second_opening(client, process, people):
    from django.urls import reverse

    from panelist.hiring.models import Application

    client.force_login(people.recruiter)
    response = client.post(
        reverse("application-attach", args=[process.application.pk]),
        {"opening": process.foreign_opening.pk},
    )
    second = Application.objects.get(
        candidate=process.application.candidate, opening=process.foreign_opening
    )
    assert response["Location"] == reverse("application-detail", args=[second.pk])
    client.force_login(people.member)
    assert client.post(
        reverse("application-attach", args=[process.application.pk]),
        {"opening": process.foreign_opening.pk},
    ).status_code in {302, 403}
    assert Application.objects.filter(candidate=process.application.candidate).count() == 2


def test_a_recruiter_cannot_sit_on_a_committee(process, people):
    from panelist.interviews.services import assignment_create
    from panelist.library.models import Dimension, InterviewFormat

    with pytest.raises(DomainError, match="cannot sit on a committee"):
        assignment_create(
            actor=people.manager,
            application=process.application,
            member=people.recruiter,
            dimensions=[Dimension.objects.get(key="coding")],
            interview_format=InterviewFormat.objects.get(key="code-review"),
        )
