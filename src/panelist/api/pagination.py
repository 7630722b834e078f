"""Pagination for every list: ``limit`` (1-200, default 50) and ``offset``, and a count that
stops counting a little past the page.

An exact count of everything a reader may see grows with the organisation: a manager on every
committee of a 10,000-candidate opening may read 50,000 scorecards, and counting them (each
row asked the permission rule) took longer than reading the page. So the count goes at most
``COUNT_CAP`` rows past the page, in one bounded query, and the answer says whether it is
exact.
"""

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 200
MAX_OFFSET = 10_000_000  # far beyond any organisation; keeps SQL integers in range

# How many rows past the page the count goes before it stops. 1,000 is twenty pages of the
# default 50 (five of the largest, 200): more than a client shows as page links, so it can
# still say "page 3 of 8" and find the last page of every list that is not huge. Counting
# 1,000 rows costs 1-2 ms on PostgreSQL, 5 ms for scorecards (the blind rule asked of each),
# where counting a manager's 50,000 scorecards cost 50 ms. Lists shorter than the page plus
# this are counted exactly, as before. Read at each request (tests lower it).
COUNT_CAP = 1_000


def counted(items: Any, bound: int) -> tuple[int, bool]:
    """How many of ``items`` there are, counting no further than ``bound``, and whether that
    is the exact number: the count, and false, when there are more than ``bound``.

    ``items`` is a queryset (counted in the database, over a subquery limited to ``bound``
    plus one row), an object with ``count_up_to(bound)`` that does the same, or a sequence.
    """
    if isinstance(items, QuerySet):
        # Unordered: which rows fall within the bound does not change how many there are, and
        # the database may then count them in whatever order is cheapest.
        n = items.order_by()[: bound + 1].count()
    elif hasattr(items, "count_up_to"):
        n = items.count_up_to(bound + 1)
    else:
        n = len(items)
    return (n, True) if n <= bound else (bound, False)


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description="Items per page.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")

    class Output(Schema):
        items: list[Any]
        count: int = Field(
            ...,
            description="How many items the list holds, counted at most "
            f"{COUNT_CAP:,} items past this page (offset + limit + {COUNT_CAP:,}): "
            "exact when `count_is_exact` is true, otherwise a lower bound.",
        )
        count_is_exact: bool = Field(
            ...,
            description="False when counting stopped at offset + limit + "
            f"{COUNT_CAP:,}: the list holds more items than `count`.",
        )

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)

    def paginate_queryset(self, queryset, pagination: Input, request, **params) -> dict:
        offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
        count, exact = counted(queryset, offset + limit + COUNT_CAP)
        return {"items": queryset[offset : offset + limit], "count": count, "count_is_exact": exact}
