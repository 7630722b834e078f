"""The applications list and an opening's stages: a page of rows with the total at any size,
search by name, e-mail and title, filters, any page number, the same reach as before."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from panelist.hiring.models import Application, OpeningStatus
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CandidateFactory,
    OpeningFactory,
    write_scorecard,
)
from tests.querycount import assert_queries_do_not_grow

LIST = "/hiring/applications/"


def _link(application) -> str:
    return f'href="{reverse("application-detail", args=[application.pk])}"'


def _rows(page: str) -> int:
    return page.count('data-label="Candidate"')


def _get(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_is_where_it_says():
    assert reverse("application-list") == LIST


def test_list_pages_25_at_a_time_with_the_total(client, process, people):
    for _ in range(30):
        ApplicationFactory(opening=process.opening)
    client.force_login(people.recruiter)
    first = _get(client, LIST)
    assert "32 applications" in first  # and the process's two
    assert _rows(first) == 25
    assert "Page 1 of 2" in first
    second = _get(client, LIST, page=2)
    assert _rows(second) == 7
    assert "26 to 32 shown" in second


def test_page_links_keep_the_search_and_filters(client, process, people):
    for _ in range(30):
        ApplicationFactory(opening=process.opening, stage="screening")
    client.force_login(people.recruiter)
    page = _get(client, LIST, stage="screening", q="cand")
    assert "30 applications match" in page
    assert 'href="?stage=screening&amp;q=cand&amp;page=2"' in page


@pytest.mark.parametrize("number", ["abc", "0", "-1", "2.5", "99999", "9" * 5000, ""])
def test_any_page_number_answers_a_page(client, process, people, number):
    client.force_login(people.recruiter)
    page = _get(client, LIST, page=number)
    assert _rows(page) == 2


def test_a_page_past_the_end_answers_the_last(client, process, people):
    for _ in range(30):
        ApplicationFactory(opening=process.opening)
    client.force_login(people.recruiter)
    assert "Page 2 of 2" in _get(client, LIST, page=40)


def test_list_query_count_is_flat(client, process, people):
    def grow(copies):
        for _ in range(copies):
            application = ApplicationFactory(opening=process.opening)
            AssignmentFactory(application=application, member=people.member)

    for role in ("recruiter", "manager", "member"):
        client.force_login(getattr(people, role))
        assert_queries_do_not_grow(client, LIST + "?q=cand&needs=me", grow=grow)
        assert_queries_do_not_grow(client, LIST, grow=grow)


def test_search_by_name_prefix_email_and_opening_title(client, process, people):
    amara = ApplicationFactory(
        opening=process.opening,
        candidate=CandidateFactory(name="Amara Osei", email="a.osei@lab.example"),
    )
    protein = OpeningFactory(title="Protein design lead")
    on_protein = ApplicationFactory(opening=protein)
    client.force_login(people.recruiter)
    for text in ("Amara", "ama", "AMARA O", "a.osei@", "a.osei@lab.example"):
        page = _get(client, LIST, q=text)
        assert _link(amara) in page and _rows(page) == 1, text
    page = _get(client, LIST, q="protein")
    assert _link(on_protein) in page and _rows(page) == 1
    page = _get(client, LIST, q="nobody-here")
    assert _rows(page) == 0 and "No application matches" in page


def test_search_runs_through_an_index(process):
    """SQLite: a range on the Lower() index; PostgreSQL: the trigram index exists."""
    from panelist.hiring.search import applications_matching

    query = applications_matching(Application.objects.all(), "ama")
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            sql, params = query.query.sql_with_params()
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "candidate_name_lower_idx" in plan, plan
            assert "candidate_email_lower_idx" in plan, plan
            assert "opening_title_lower_idx" in plan, plan
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
            names = {row[0] for row in cursor.fetchall()}
            assert {"candidate_name_trgm", "candidate_email_trgm", "opening_title_trgm"} <= names


def test_filters_by_opening_stage_status_and_date(client, process, people):
    held = OpeningFactory(status=OpeningStatus.ON_HOLD)
    on_hold = ApplicationFactory(opening=held, stage="screening")
    old = ApplicationFactory(opening=process.opening, stage="applied")
    Application.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    client.force_login(people.recruiter)

    page = _get(client, LIST, opening=held.pk)
    assert _link(on_hold) in page and _rows(page) == 1
    page = _get(client, LIST, stage="applied")
    assert _link(old) in page and _rows(page) == 1
    page = _get(client, LIST, status="on_hold")
    assert _link(on_hold) in page and _rows(page) == 1
    day = (timezone.localdate() - timedelta(days=40)).isoformat()
    page = _get(client, LIST, added_from=day, added_until=day)
    assert _link(old) in page and _rows(page) == 1
    page = _get(client, LIST, added_from=timezone.localdate().isoformat())
    assert _link(old) not in page and _rows(page) == 3


def test_filters_by_what_waits(client, process, people):
    ready = ApplicationFactory(opening=process.opening)
    write_scorecard(AssignmentFactory(application=ready, member=people.outsider), submit=True)
    late = ApplicationFactory(opening=process.foreign_opening)
    AssignmentFactory(application=late, feedback_due=timezone.now() - timedelta(days=1))
    at_debrief = ApplicationFactory(opening=process.opening, stage="debrief")

    client.force_login(people.recruiter)
    page = _get(client, LIST, needs="ready")
    assert _link(ready) in page and _rows(page) == 1
    page = _get(client, LIST, needs="overdue")
    assert _link(late) in page and _rows(page) == 1

    client.force_login(people.member)  # their own scorecard still to write
    page = _get(client, LIST, needs="me")
    assert _link(process.application) in page and _rows(page) == 1

    client.force_login(people.manager)  # their openings: ready, or at the debrief
    page = _get(client, LIST, needs="me")
    assert {_link(ready), _link(at_debrief)} <= set(re.findall(r'href="[^"]+"', page))
    assert _rows(page) == 2


def test_a_filter_that_does_not_parse_is_named_and_the_rest_apply(client, process, people):
    client.force_login(people.recruiter)
    page = _get(client, LIST, stage="nowhere", added_from="yesterday", opening="999999", q="cand")
    assert page.count('class="error-text"') == 3
    assert _rows(page) == 2


def test_a_member_lists_and_finds_only_their_candidates(client, process, people):
    client.force_login(people.member)
    page = _get(client, LIST)
    assert _link(process.application) in page and _rows(page) == 1
    foreign = process.foreign_application.candidate
    assert _rows(_get(client, LIST, q=foreign.name)) == 0
    assert _rows(_get(client, LIST, opening=process.foreign_opening.pk)) == 1  # not a choice


def test_an_outsider_lists_nothing(client, process, people):
    client.force_login(people.outsider)
    assert "No application you can see yet" in _get(client, LIST)


# --- an opening's stages ------------------------------------------------------------------


def _stage_url(opening, stage="interviewing") -> str:
    return reverse("opening-stage", args=[opening.pk, stage])


def test_opening_shows_each_stage_count_and_its_first_ten(client, process, people):
    for _ in range(12):
        ApplicationFactory(opening=process.opening)
    client.force_login(people.manager)
    page = _get(client, reverse("opening-detail", args=[process.opening.pk]))
    assert 'Interviewing <span class="badge">13</span>' in page
    assert 'Applied <span class="badge">0</span>' in page
    assert page.count('<li><a href="/hiring/applications/') == 10
    assert f'href="{_stage_url(process.opening)}?page=2"' in page
    assert f'hx-get="{_stage_url(process.opening)}?page=2"' in page
    assert "Show more (3 not shown)" in page


def test_more_answers_the_next_rows_as_a_fragment_to_htmx(client, process, people):
    for _ in range(22):
        ApplicationFactory(opening=process.opening)  # 23 with the process's
    client.force_login(people.manager)
    fragment = client.get(_stage_url(process.opening), {"page": 2}, HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "<html" not in text
    assert text.count('<li><a href="/hiring/applications/') == 10
    assert "?page=3" in text and "Show more (3 not shown)" in text
    last = client.get(_stage_url(process.opening), {"page": 3}, HTTP_HX_REQUEST="true")
    assert last.content.decode().count('<li><a href="/hiring/applications/') == 3
    assert "Show more" not in last.content.decode()


def test_more_without_javascript_opens_a_page_of_the_stage(client, process, people):
    for _ in range(12):
        ApplicationFactory(opening=process.opening)
    client.force_login(people.manager)
    page = _get(client, _stage_url(process.opening), page=2)
    assert "<html" in page and "13 candidates at this stage, 11 to 13 shown" in page
    assert "Page 2 of 2" in page


@pytest.mark.parametrize("number", ["abc", "0", "99999", "9" * 5000])
def test_stage_page_answers_any_page_number(client, process, people, number):
    client.force_login(people.manager)
    assert client.get(_stage_url(process.opening), {"page": number}).status_code == 200


def test_stage_out_of_reach_or_unknown_is_404(client, process, people):
    client.force_login(people.manager)
    assert client.get(_stage_url(process.opening, "nowhere")).status_code == 404
    assert client.get(_stage_url(process.foreign_opening)).status_code == 404
    client.force_login(people.member)
    assert client.get(_stage_url(process.foreign_opening)).status_code == 404


def test_a_member_sees_only_their_candidates_at_a_stage(client, process, people):
    other = ApplicationFactory(opening=process.opening)
    client.force_login(people.member)
    page = _get(client, reverse("opening-detail", args=[process.opening.pk]))
    assert _link(process.application) in page and _link(other) not in page
    assert 'Interviewing <span class="badge">1</span>' in page
    page = _get(client, _stage_url(process.opening))
    assert _link(process.application) in page and _link(other) not in page


def test_stage_page_query_count_is_flat(client, process, people):
    def grow(copies):
        for _ in range(copies):
            application = ApplicationFactory(opening=process.opening)
            write_scorecard(
                AssignmentFactory(application=application, member=people.member), submit=True
            )

    client.force_login(people.manager)
    assert_queries_do_not_grow(client, _stage_url(process.opening), grow=grow)
    assert_queries_do_not_grow(
        client, reverse("opening-detail", args=[process.opening.pk]), grow=grow, large=12
    )
