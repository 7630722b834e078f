"""No individual's self-identified answer reaches anyone, on any channel.

A candidate on a full process (committee, submitted scorecards, committee recommendation,
decision, mail sent) answers with a planted marker option. Then, for every role, every page
reached from the URL configuration and from the links of those pages, every API operation,
the opening's exports and every e-mail sent must not contain the marker. The marker is an
option label, so it does appear where admins configure the questions (the administration's
fairness pages); that is configuration, not anyone's answer, and those pages are skipped.
"""

from __future__ import annotations

import html
import re
from collections import deque

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from panelist.access.models import OrganisationSettings, RecruiterAccess
from panelist.api.v1 import api
from panelist.decisions import services as decisions
from panelist.decisions.models import Outcome
from panelist.fairness import selectors, services
from panelist.fairness.models import AnswerOption, Question
from panelist.interviews.models import Recommendation
from panelist.library.models import Level
from panelist.notifications import services as notifications
from tests import factories
from tests.fairness.conftest import option

MARKER = "ZQX-MARKER-7731"
SKIPPED = re.compile(r"^/(static|media)/|^/admin/fairness/|^/accounts/logout|/2fa/|/sessions/")
PAGES_PER_USER = 150


@pytest.fixture
def planted(process, people, questions):
    """The process's candidate answers with the marker; the process runs to a decision."""
    question = Question.objects.create(key="marker", label="Planted question", order=99)
    marker = AnswerOption.objects.create(question=question, label=MARKER)
    services.record_self_identification(
        candidate=process.application.candidate,
        answers={
            question: marker,
            questions["sex-gender"]: option(questions["sex-gender"], "Woman"),
        },
    )
    settings = OrganisationSettings.current()
    settings.recruiter_access = RecruiterAccess.EVERYTHING  # the most a recruiter may read
    settings.save()
    for assignment in (process.assignment, process.other_assignment):
        factories.write_scorecard(assignment, submit=True)
    process.application.refresh_from_db()
    decisions.committee_recommend(
        actor=people.manager, application=process.application, recommendation=Recommendation.YES
    )
    decisions.decision_record(
        actor=people.manager,
        application=process.application,
        outcome=Outcome.HIRE,
        level=Level.objects.get(key="ds"),
        rationale="Strong on every dimension the committee assessed.",
        confirm_above_supported_level=True,
    )
    for notification_id in notifications.notifications_due():
        notifications.notification_send(notification_id=notification_id)
    return process


def _route_urls(process) -> list[str]:
    """Every named route of the site, with the process's records for its arguments."""
    application = process.application
    scorecard = process.assignment.scorecard
    values = {
        "opening_id": application.opening_id,
        "application_id": application.pk,
        "candidate_id": application.candidate_id,
        "assignment_id": process.assignment.pk,
        "scorecard_id": scorecard.pk,
        "slug": application.opening.team.slug,
        "pk": application.pk,
    }
    urls = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace not in ("admin", "api-v1"):
                    yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern

    for pattern in walk(get_resolver().url_patterns):
        names = list(pattern.pattern.converters)
        if all(name in values for name in names):
            try:
                urls.append(reverse(pattern.name, kwargs={n: values[n] for n in names}))
            except Exception:  # a route whose arguments mean something else: the crawl finds it
                continue
    return urls


def _crawl(client, seeds) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque(seeds)
    while queue and len(seen) < PAGES_PER_USER:
        path = queue.popleft()
        if path in seen or SKIPPED.search(path):
            continue
        response = client.get(path)
        text = _text(response)
        seen[path] = text
        if "html" in response.get("Content-Type", ""):
            for href in re.findall(r'href="(/[^"#]*)"', text):
                queue.append(html.unescape(href))
    return seen


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode("utf-8", errors="replace")


def _api_paths(process) -> list[str]:
    values = {
        "opening_id": process.application.opening_id,
        "application_id": process.application.pk,
        "candidate_id": process.application.candidate_id,
        "assignment_id": process.assignment.pk,
        "scorecard_id": process.assignment.scorecard.pk,
        "slug": process.application.opening.team.slug,
    }
    paths = []
    for path, item in api.get_openapi_schema()["paths"].items():
        if "get" in item:
            paths.append(re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), 1)), path))
    return paths


def test_no_page_api_export_or_mail_shows_an_individuals_answer(
    client, planted, people, plain_admin, compliance, bearer
):
    readers = [
        people.manager,
        people.recruiter,
        people.member,
        people.other_member,
        people.outsider,
        plain_admin,
        compliance,
        people.admin,  # a superuser, who holds every capability
    ]
    seeds = ["/", *_route_urls(planted)]
    for reader in readers:
        client.force_login(reader)
        pages = _crawl(client, seeds + (["/admin/"] if reader.is_staff else []))
        assert len(pages) > 20, reader
        if reader in (people.manager, people.recruiter, people.member, people.other_member):
            name = planted.application.candidate.name
            assert any(name in text for text in pages.values()), f"{reader} reached the candidate"
        leaks = [path for path, text in pages.items() if MARKER in text]
        assert not leaks, f"{reader} read the planted answer on {leaks}"
        headers = bearer(reader)
        for path in _api_paths(planted):
            assert MARKER not in _text(client.get(path, headers=headers)), (reader, path)
        client.logout()
    sent = [m.subject + m.body + "".join(a[0] for a in m.alternatives) for m in mail.outbox]
    assert sent, "the process sent mail"
    assert not any(MARKER in text for text in sent)


def test_the_exports_of_the_opening_leave_the_answers_out(client, planted, people):
    client.force_login(people.manager)
    opening = planted.application.opening
    for name in ("export-opening-csv", "export-opening-json"):
        response = client.get(reverse(name, args=[opening.pk]))
        body = b"".join(response.streaming_content).decode()
        assert planted.application.candidate.name in body  # the export holds the candidate ...
        assert MARKER not in body and "Woman" not in body  # ... not their answers


def test_the_report_shows_groups_never_people(client, compliance, library, people, questions):
    """With enough answers to show figures, no candidate's name or e-mail is on the report,
    its printable page or its CSV."""
    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    gender = questions["sex-gender"]
    candidates = []
    for number in range(selectors.MIN_ANSWERED + 2):
        application = factories.ApplicationFactory(opening=opening)
        label = "Woman" if number % 2 else "Man"
        services.record_self_identification(
            candidate=application.candidate, answers={gender: option(gender, label)}
        )
        candidates.append(application.candidate)
    client.force_login(compliance)
    for name in ("fairness-report", "fairness-report-print", "fairness-report-csv"):
        body = client.get(reverse(name)).content.decode()
        assert "Woman" in body
        for candidate in candidates:
            assert candidate.name not in body and candidate.email not in body, name
