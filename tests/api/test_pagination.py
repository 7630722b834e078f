"""Lists count what the reader may see up to a cap past the page, and say when they stopped."""

import pytest

from panelist.api import pagination
from panelist.api.v1 import api
from tests import factories


@pytest.fixture
def cap(monkeypatch):
    """``cap(n)``: count at most ``n`` items past the page."""

    def lower(n: int) -> None:
        monkeypatch.setattr(pagination, "COUNT_CAP", n)

    return lower


def _page(client, url, headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content
    body = response.json()
    return len(body["items"]), body["count"], body["count_is_exact"]


def test_a_count_is_exact_up_to_the_cap_past_the_page(client, process, people, bearer, cap):
    cap(3)
    headers = bearer(people.manager)  # reads the applications of their opening
    for _ in range(4):  # five with the process's own
        factories.ApplicationFactory(opening=process.opening)
    # limit 2 + cap 3: counting goes up to 5, and five is all there are.
    assert _page(client, "/api/v1/applications?limit=2", headers) == (2, 5, True)
    factories.ApplicationFactory(opening=process.opening)
    assert _page(client, "/api/v1/applications?limit=2", headers) == (2, 5, False)
    # Further into the list, the count goes further: all six again.
    assert _page(client, "/api/v1/applications?limit=2&offset=1", headers) == (2, 6, True)
    assert _page(client, "/api/v1/applications?limit=2&offset=5", headers) == (1, 6, True)


def test_a_capped_count_counts_only_what_the_reader_may_see(client, process, people, bearer, cap):
    cap(2)
    factories.write_scorecard(process.assignment, submit=True)
    factories.write_scorecard(process.other_assignment)  # other_member is still writing
    for _ in range(4):
        application = factories.ApplicationFactory(opening=process.opening)
        assignment = factories.AssignmentFactory(application=application, member=people.member)
        factories.write_scorecard(assignment, submit=True)
    manager = bearer(people.manager)  # reads the five submitted, not the draft
    assert _page(client, "/api/v1/scorecards?limit=1", manager) == (1, 3, False)
    assert _page(client, "/api/v1/scorecards?limit=1&offset=2", manager) == (1, 5, True)
    assert _page(client, "/api/v1/greenhouse/scorecards?limit=1", manager) == (1, 3, False)
    assert _page(client, "/api/v1/greenhouse/scorecards?limit=1&offset=3", manager) == (1, 5, True)
    # Blind on the process's application until their own is in: their draft, nothing else.
    other = bearer(people.other_member)
    assert _page(client, "/api/v1/scorecards?limit=1", other) == (1, 1, True)
    assert _page(client, "/api/v1/scorecards?limit=1", bearer(people.outsider)) == (0, 0, True)


def test_counted_bounds_querysets_pages_and_sequences(process):
    from panelist.hiring.models import Application

    for _ in range(3):
        factories.ApplicationFactory(opening=process.opening)
    four = Application.objects.filter(opening=process.opening)
    assert pagination.counted(four, 4) == (4, True)
    assert pagination.counted(four, 3) == (3, False)

    class Pages:
        def count_up_to(self, bound):
            return min(bound, 10)

    assert pagination.counted(Pages(), 10) == (10, True)
    assert pagination.counted(Pages(), 9) == (9, False)
    assert pagination.counted([1, 2, 3], 2) == (2, False)
    assert pagination.counted([1, 2, 3], 3) == (3, True)


def test_the_schema_says_when_a_count_is_exact():
    schemas = api.get_openapi_schema()["components"]["schemas"]
    paged = schemas["PagedScorecardOut"]
    assert set(paged["required"]) >= {"items", "count", "count_is_exact"}
    assert paged["properties"]["count_is_exact"]["type"] == "boolean"
    assert "lower bound" in paged["properties"]["count"]["description"]
