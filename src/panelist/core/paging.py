"""Server-side pages of a list: 25 rows by default, the total counted once.

``Paginator.get_page`` already answers a page number that is not a number with the first page
and one past the end with the last, so a hand-edited or stale link never fails.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator

PER_PAGE = 25


def page_of(rows, number, *, per_page: int = PER_PAGE) -> Page:
    """The ``number``-th page of ``rows`` (an ordered queryset), its rows read into a list."""
    page = Paginator(rows, per_page).get_page(number)
    page.object_list = list(page.object_list)
    return page
