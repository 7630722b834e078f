"""Look-alike names are found through indexes on the name's comparison keys, in a bounded
number of rows and queries whatever the number of candidates; the merge form stays flat."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from panelist.hiring import services
from panelist.hiring.models import Candidate
from tests.factories import CandidateFactory
from tests.querycount import assert_queries_do_not_grow


def test_keys_are_kept_by_every_write_bulk_inserts_included(db):
    single = CandidateFactory(name="  Léna   BRANDT ")
    (bulk,) = Candidate.objects.bulk_create([Candidate(name="Brandt, Lena", email="b@x.org")])
    single.refresh_from_db()
    bulk.refresh_from_db()
    assert single.compare_key == "lena brandt"
    assert single.compare_key_reversed == "tdnarb anel"
    assert single.compare_words == bulk.compare_words == "brandt lena"
    single.name = "Lena Brandt-Vogel"
    single.save()
    single.refresh_from_db()
    assert single.compare_key == "lena brandt vogel"


@pytest.mark.parametrize(
    "slipped",
    [
        "Maximillian Brandt",  # a slip near the end of the first half
        "Maximilian Brant",  # near the end
        "Naximilian Brandt",  # at the very start
        "Brandt Maximilian",  # the words swapped
        "MAXIMILIAN  BRÄNDT",  # case, spacing, accent
    ],
)
def test_a_look_alike_is_found_among_many_names_beside_it(people, slipped):
    """Sixty names sort between the two in each direction; the windows still meet them."""
    for n in range(60):
        CandidateFactory(name=f"Maximilian Aardvark {n:02d}")
        CandidateFactory(name=f"Zed Brandt {n:02d}")
    original = CandidateFactory(name="Maximilian Brandt")
    assert services.candidates_with_similar_name(slipped) == [original]


def test_the_look_alike_query_reads_through_the_indexes(people):
    for n in range(30):
        CandidateFactory(name=f"Candidate Number {n}")
    with CaptureQueriesContext(connection) as captured:
        services.candidates_with_similar_name("Candidate Number 7")
    assert len(captured.captured_queries) == 1
    with connection.cursor() as cursor:
        sql = captured.captured_queries[0]["sql"]
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " ".join(str(row) for row in cursor.fetchall())
            for index in (
                "candidate_compare_key_idx",
                "candidate_compare_reversed_idx",
                "candidate_compare_words_idx",
            ):
                assert index in plan, plan
            assert "SCAN hiring_candidate" not in plan and "SCAN U0" not in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "candidate_compare_key_idx" in plan, plan
            assert "candidate_compare_reversed_idx" in plan, plan


def test_at_most_five_look_alikes_first_by_name(people):
    made = [CandidateFactory(name=f"Amara Osei {n}") for n in range(8)]
    found = services.candidates_with_similar_name("Amara Osei 0", exclude=made[0])
    assert [c.name for c in found] == [f"Amara Osei {n}" for n in range(1, 6)]


def test_merge_form_query_count_is_flat_with_more_candidates(client, people):
    keep = CandidateFactory(name="Noor Haddad")
    client.force_login(people.recruiter)

    def grow(copies):
        for _ in range(copies * 10):
            made = Candidate.objects.count()
            CandidateFactory(name=f"Noor Haddad {made}")
            CandidateFactory(name=f"Someone Else {made}")

    queries = assert_queries_do_not_grow(
        client, reverse("candidate-merge", args=[keep.pk]) + "?q=noor", grow=grow
    )
    assert queries <= 15
