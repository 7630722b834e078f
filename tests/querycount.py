"""Assert that a page's SQL query count stays fixed as the data behind it grows."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_queries_do_not_grow(client, url: str, *, grow, small: int = 1, large: int = 6) -> int:
    """The queries of rendering the page, at two sizes. A page kept as a stored rendering
    (panelist.core.stored) is rendered afresh for each count: the store is emptied first
    (tests/core/test_stored_pages.py counts the stored reads)."""
    grow(small)
    # The first request after signing in records the session (allauth.usersessions): count
    # the requests after it, as a person's next pages are.
    assert client.get(url).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as at_small:
        assert client.get(url).status_code == 200
    grow(large)
    cache.clear()
    with CaptureQueriesContext(connection) as at_large:
        assert client.get(url).status_code == 200
    counted = len(at_small.captured_queries), len(at_large.captured_queries)
    assert counted[0] == counted[1], (
        f"{url}: {counted[0]} queries with less data, {counted[1]} with more:\n"
        + "\n".join(q["sql"] for q in at_large.captured_queries)
    )
    return counted[0]


def is_header_counts(sql: str) -> bool:
    """The site header's "waiting on you" counts (panelist.core.selectors.header_counts): one
    query per page for a signed-in user, counting applications by scorecard status only."""
    return sql.startswith("SELECT (SELECT COUNT(") and 'FROM "access_user"' in sql
