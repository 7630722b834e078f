"""Two ordered lists paged as one, each read only as far as the page needs."""

import pytest

from panelist.core.paging import Concatenated, page_of


class Rows(list):
    """A list read as a queryset is: counted with ``count()``, sliced into the same kind."""

    def count(self):
        return len(self)

    def __getitem__(self, index):
        rows = super().__getitem__(index)
        return Rows(rows) if isinstance(index, slice) else rows


@pytest.mark.parametrize(
    ("first", "second", "per_page"), [(0, 7, 3), (7, 0, 3), (4, 5, 3), (3, 3, 3), (1, 1, 25)]
)
def test_pages_read_the_first_list_then_the_second(first, second, per_page):
    a, b = Rows(range(first)), Rows(range(100, 100 + second))
    whole = list(a) + list(b)
    pages = []
    number = 1
    while True:
        page = page_of(Concatenated(a, b), number, per_page=per_page)
        pages.extend(page.object_list)
        if not page.has_next():
            break
        number += 1
    assert pages == whole
    assert page.paginator.count == first + second


def test_a_limited_second_list_stops_at_its_limit_and_says_so():
    rows = Concatenated(Rows([1, 2]), Rows(range(10, 20)), second_limit=4)
    page = page_of(rows, 1, per_page=25)
    assert page.object_list == [1, 2, 10, 11, 12, 13]
    assert rows.second_truncated


def test_a_second_list_within_its_limit_is_not_truncated():
    rows = Concatenated(Rows([1]), Rows([10, 11]), second_limit=2)
    assert page_of(rows, 1).object_list == [1, 10, 11]
    assert not rows.second_truncated


@pytest.mark.django_db
@pytest.mark.parametrize(("rows", "cap", "counted"), [(0, 3, 0), (3, 3, 3), (4, 3, 4), (9, 3, 4)])
def test_a_capped_count_stops_one_past_its_cap_beside_each_row(rows, cap, counted):
    """Correlated with the outer row, as the openings' counts use it: each opening counts its
    own applications only."""
    from django.db.models import OuterRef

    from panelist.core.paging import count_up_to
    from panelist.hiring.models import Application, Opening
    from tests.factories import ApplicationFactory, OpeningFactory

    busy, quiet = OpeningFactory(), OpeningFactory()
    for _ in range(rows):
        ApplicationFactory(opening=busy)
    ApplicationFactory(opening=quiet)
    found = dict(
        Opening.objects.filter(pk__in=[busy.pk, quiet.pk])
        .annotate(n=count_up_to(Application.objects.filter(opening=OuterRef("pk")), cap))
        .values_list("pk", "n")
    )
    assert found == {busy.pk: counted, quiet.pk: 1}
