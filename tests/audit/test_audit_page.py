"""The audit page: admins only (404 for every other role), newest first, 25 to a page with the
total, filtered by kind, person and dates, linked from the admin's navigation, in a fixed
number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from panelist.audit import services
from panelist.audit.models import AuditEvent, EventKind
from tests.querycount import assert_queries_do_not_grow

URL = reverse("audit-events")


@pytest.mark.parametrize("role", ["manager", "recruiter", "member", "outsider"])
def test_other_roles_get_404_and_no_link(client, people, role):
    client.force_login(getattr(people, role))
    assert client.get(URL).status_code == 404
    assert URL not in client.get(reverse("home")).content.decode()


def test_admins_read_it_from_their_navigation(client, people):
    client.force_login(people.admin)
    assert f'href="{URL}"' in client.get(reverse("home")).content.decode()
    services.record(EventKind.TOKEN_CREATED, people.member, target="a token", prefix="pnl_abc")
    page = client.get(URL).content.decode()
    assert "API token created" in page and "pnl_abc" in page and "Member" in page


def test_newest_first_25_to_a_page_with_the_total(client, people):
    client.force_login(people.admin)
    for number in range(30):
        services.record(EventKind.SIGN_IN_FAILED, actor_name=f"typed-{number:02}")
    total = AuditEvent.objects.count()
    first = client.get(URL)
    rows = first.context["page"].object_list
    assert len(rows) == 25 and first.context["page"].paginator.count == total
    assert rows[0].actor_name == "typed-29", "newest first"
    assert f"{total} events" in first.content.decode()
    second = client.get(URL, {"page": 2}).context["page"].object_list
    assert len(second) == total - 25
    assert not {e.pk for e in rows} & {e.pk for e in second}


def test_filters_by_kind_person_and_dates(client, people):
    services.record(EventKind.SIGNED_IN, people.member)
    services.record(EventKind.SIGN_IN_FAILED, actor_name="Member")
    services.record(EventKind.SIGNED_IN, people.manager)
    client.force_login(people.admin)

    def shown(**query):
        return [(e.kind, e.actor_name) for e in client.get(URL, query).context["page"].object_list]

    assert shown(kind="signed_in", person="member") == [("signed_in", "member")]
    assert shown(person="MEMBER") == [("sign_in_failed", "Member"), ("signed_in", "member")]
    today = timezone.localdate()
    assert len(shown(since=today, until=today, person="member")) == 2
    assert shown(until=today - timedelta(days=1), person="member") == []
    assert shown(since=today + timedelta(days=1)) == []


def test_a_bad_filter_is_refused_with_a_message(client, people):
    client.force_login(people.admin)
    response = client.get(URL, {"since": "2026-05-02", "until": "2026-05-01", "kind": "nope"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "The end date comes before the start date." in page
    assert "Select a valid choice" in page


def test_the_page_reads_a_fixed_number_of_queries(client, people):
    client.force_login(people.admin)

    def grow(count):
        for number in range(count):
            services.record(EventKind.SIGNED_IN, people.member, target=people.manager)
            services.record(EventKind.SIGN_IN_FAILED, actor_name=f"n{number}")

    assert_queries_do_not_grow(client, URL, grow=grow, small=1, large=20)
