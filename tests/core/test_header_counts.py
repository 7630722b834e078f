"""The site header counts what waits on the signed-in user (their scorecards to write, for
managers the debriefs ready and decisions waiting), each linking to the list it counts, in one
query whatever the data, and shows nobody a count they may not have."""

from __future__ import annotations

import copy
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ApplicationFactory, AssignmentFactory, OpeningFactory, write_scorecard
from tests.querycount import assert_queries_do_not_grow

LIST = reverse("application-list")
HEADER = re.compile(r'<nav class="header-counts".*?</nav>', re.S)
ITEM = re.compile(
    r'<a href="(?P<href>[^"]+)"[^>]*>(?P<label>[^<]+?) <span class="count">(?P<count>\d+)</span>'
)


def header_of(client, url=None) -> dict[str, tuple[int, str]]:
    """The header's counts on a page: label -> (count, link)."""
    page = client.get(url or reverse("home"))
    assert page.status_code == 200
    nav = HEADER.search(page.content.decode())
    if nav is None:
        return {}
    return {
        m["label"]: (int(m["count"]), m["href"].replace("&amp;", "&"))
        for m in ITEM.finditer(nav.group())
    }


def _ready(process, people):
    """Both members of ``process`` have submitted: ready for debrief."""
    write_scorecard(process.assignment, submit=True)
    write_scorecard(process.other_assignment, submit=True)


def test_an_interviewer_sees_their_own_scorecards_to_write_and_nothing_else(
    client, process, people
):
    client.force_login(people.member)
    header = header_of(client)
    assert header == {"Scorecards to write": (1, f"{LIST}?needs=scorecard")}
    write_scorecard(process.assignment, submit=True)
    assert header_of(client) == {"Scorecards to write": (0, f"{LIST}?needs=scorecard")}


def test_an_interviewer_gets_no_ready_count_even_when_everyone_has_submitted(
    client, process, people
):
    _ready(process, people)
    client.force_login(people.member)
    header = header_of(client)
    assert "Ready for debrief" not in header, "hidden, not shown as zero"
    assert "Decisions waiting" not in header


def test_a_manager_sees_debriefs_ready_and_decisions_waiting_on_their_own_openings(
    client, process, people, library
):
    _ready(process, people)
    ApplicationFactory(opening=process.opening, stage="debrief")
    ApplicationFactory(opening=process.foreign_opening, stage="debrief")
    foreign_ready = ApplicationFactory(opening=process.foreign_opening)
    write_scorecard(AssignmentFactory(application=foreign_ready), submit=True)
    client.force_login(people.manager)
    header = header_of(client)
    assert header == {
        "Scorecards to write": (0, f"{LIST}?needs=scorecard"),
        "Ready for debrief": (1, f"{LIST}?needs=ready"),
        "Decisions waiting": (1, f"{LIST}?needs=decide"),
    }
    client.force_login(people.other_manager)
    assert header_of(client)["Ready for debrief"][0] == 1
    assert header_of(client)["Decisions waiting"][0] == 1


def test_each_count_matches_the_list_it_links_to(client, process, people):
    _ready(process, people)
    for _ in range(3):
        ApplicationFactory(opening=process.opening, stage="debrief")
    for _ in range(2):
        AssignmentFactory(
            application=ApplicationFactory(opening=process.opening), member=people.manager
        )
    client.force_login(people.manager)
    header = header_of(client)
    assert [count for count, _ in header.values()] == [2, 1, 3]
    for count, href in header.values():
        listed = client.get(href).content.decode()
        assert re.search(rf"\b{count} applications?\b", listed), href


def test_a_recruiter_sees_ready_for_debrief_but_writes_no_scorecards(client, process, people):
    _ready(process, people)
    client.force_login(people.recruiter)
    assert header_of(client) == {"Ready for debrief": (1, f"{LIST}?needs=ready")}


def test_signed_out_pages_have_no_counts_and_no_query_for_them(client, people):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("account_login"))
    assert page.status_code == 200
    assert 'class="header-counts"' not in page.content.decode()
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)


def _grow(process, people):
    def grow(copies):
        for _ in range(copies):
            ready = ApplicationFactory(opening=process.opening)
            write_scorecard(AssignmentFactory(application=ready), submit=True)
            ApplicationFactory(opening=process.opening, stage="debrief")
            AssignmentFactory(
                application=ApplicationFactory(opening=process.opening), member=people.manager
            )

    return grow


@pytest.mark.parametrize("url_name", ["home", "team-list", "library-ladder"])
def test_the_counts_take_one_query_whatever_the_data(client, process, people, settings, url_name):
    client.force_login(people.manager)
    url = reverse(url_name)
    with_counts = assert_queries_do_not_grow(client, url, grow=_grow(process, people), large=8)
    assert header_of(client, url) == {
        "Scorecards to write": (9, f"{LIST}?needs=scorecard"),
        "Ready for debrief": (9, f"{LIST}?needs=ready"),
        "Decisions waiting": (9, f"{LIST}?needs=decide"),
    }

    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    templates[0]["OPTIONS"]["context_processors"] = [
        p for p in processors if not p.endswith(".header_counts")
    ]
    settings.TEMPLATES = templates
    client.get(url)
    with CaptureQueriesContext(connection) as without:
        assert client.get(url).status_code == 200
    assert with_counts - len(without.captured_queries) == 1


def test_an_opening_of_someone_else_never_counts(client, process, people, library):
    other = OpeningFactory(hiring_manager=people.other_manager, library_version=library)
    for _ in range(3):
        ApplicationFactory(opening=other, stage="debrief")
    client.force_login(people.manager)
    assert header_of(client)["Decisions waiting"][0] == 0


def test_a_count_past_the_cap_says_so_and_stops_counting(client, process, people, monkeypatch):
    """Every page's header reads these counts: past the cap they say "3+" rather than walk
    every application the reader sees."""
    from panelist.core import selectors

    monkeypatch.setattr(selectors, "SECTION_COUNT_CAP", 3)
    for _ in range(5):
        AssignmentFactory(member=people.member)
    client.force_login(people.member)
    page = client.get(reverse("home")).content.decode()
    nav = HEADER.search(page).group()
    assert 'Scorecards to write <span class="count">3+</span>' in nav
