"""Exports stream: rows are read a chunk at a time in a fixed number of queries per chunk,
the first bytes leave before any row is read, memory stays bounded, and the streamed bytes are
exactly those of the whole document written at once."""

import csv
import io
import json
import tracemalloc

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from panelist.decisions.models import Decision
from panelist.decisions.services import committee_recommend
from panelist.exports import services
from panelist.hiring.models import Application, Candidate
from panelist.library.models import Level
from tests import factories


def _api(opening) -> str:
    return f"/api/v1/openings/{opening.pk}/export"


def _several(process, people) -> None:
    """Applications that differ in what each reader may see, two of them under one name so
    that a chunk boundary falls between equal names."""
    factories.write_scorecard(process.assignment, value=2, submit=True)
    factories.write_scorecard(process.other_assignment, value=4, submit=True)
    committee_recommend(actor=people.manager, application=process.application, recommendation="yes")
    Decision.objects.create(
        application=process.application,
        outcome="hire",
        level=Level.objects.get(key="ds"),
        rationale="Strong modeling; we coach communication.",
        decided_by=people.manager,
    )
    for n, name in enumerate(["Ada Byron", "Ada Byron", "=cmd|' /C calc'!A0", "Zoë Ødegaard"]):
        candidate = factories.CandidateFactory(name=name, email=f"c{n}@example.net")
        application = factories.ApplicationFactory(opening=process.opening, candidate=candidate)
        if n % 2:
            assignment = factories.AssignmentFactory(
                application=application,
                member=people.member,
                dimensions=["coding"],
                format_key="code-review",
            )
            factories.write_scorecard(assignment, value=3, submit=n == 1)


@pytest.mark.parametrize("reader", ["manager", "recruiter", "member"])
def test_the_streamed_export_is_the_whole_document_byte_for_byte(
    client, process, people, bearer, reader, monkeypatch
):
    _several(process, people)
    user = getattr(people, reader)
    whole = services.opening_export(user, process.opening)
    assert len(whole["applications"]) == (3 if reader == "member" else 5)
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)  # three chunks, one boundary inside "Ada"
    assert services.opening_export(user, process.opening) == whole

    client.force_login(user)
    csv_page = client.get(reverse("export-opening-csv", args=[process.opening.pk]))
    assert csv_page.getvalue().decode() == services.to_csv(whole)
    json_page = client.get(reverse("export-opening-json", args=[process.opening.pk]))
    assert json_page.getvalue().decode() == json.dumps(whole, indent=2, ensure_ascii=False)
    api = client.get(_api(process.opening), headers=bearer(user))
    assert api.getvalue().decode() == json.dumps(whole)  # what ninja's renderer wrote
    assert api["Content-Type"] == "application/json; charset=utf-8"


def test_an_export_without_applications_is_still_a_valid_document(client, people, library):
    opening = factories.OpeningFactory(hiring_manager=people.manager, library_version=library)
    whole = services.opening_export(people.manager, opening)
    assert whole["applications"] == []
    client.force_login(people.manager)
    page = client.get(reverse("export-opening-json", args=[opening.pk]))
    assert page.getvalue().decode() == json.dumps(whole, indent=2, ensure_ascii=False)
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("export-opening-csv", args=[opening.pk])).getvalue().decode()
            )
        )
    )
    assert rows == [services.csv_header(whole["dimensions"])]


def test_pages_and_api_answer_with_a_stream_whose_header_needs_no_row(
    client, process, people, bearer
):
    client.force_login(people.manager)
    for response in (
        client.get(reverse("export-opening-csv", args=[process.opening.pk])),
        client.get(reverse("export-opening-json", args=[process.opening.pk])),
        client.get(_api(process.opening), headers=bearer(people.manager)),
    ):
        assert response.status_code == 200 and response.streaming
        with CaptureQueriesContext(connection) as before_first_bytes:
            first = next(iter(response.streaming_content))
        assert first.startswith((b"application,candidate", b"{"))
        assert len(before_first_bytes.captured_queries) == 0
        response.close()


def _grow(opening, people, n: int) -> None:
    """``n`` more applications, each with a submitted scorecard and a decision."""
    level = Level.objects.get(key="ds")
    for _ in range(n):
        application = factories.ApplicationFactory(opening=opening)
        assignment = factories.AssignmentFactory(
            application=application,
            member=people.member,
            dimensions=["coding"],
            format_key="code-review",
        )
        factories.write_scorecard(assignment, value=3, submit=True)
        Decision.objects.create(
            application=application,
            outcome="reject",
            level=level,
            rationale="Not for this level.",
            decided_by=people.manager,
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    return len(captured.captured_queries)


def test_queries_grow_with_the_number_of_chunks_only(client, process, people, monkeypatch):
    monkeypatch.setattr(services, "CHUNK_SIZE", 3)
    client.force_login(people.manager)
    url = reverse("export-opening-csv", args=[process.opening.pk])
    _grow(process.opening, people, 1)  # 2 applications: one chunk
    one_chunk = _queries(client, url)
    _grow(process.opening, people, 2)  # 4: two chunks
    two_chunks = _queries(client, url)
    _grow(process.opening, people, 1)  # 5: still two chunks
    assert _queries(client, url) == two_chunks
    _grow(process.opening, people, 3)  # 8: three chunks
    three_chunks = _queries(client, url)
    per_chunk = two_chunks - one_chunk
    assert three_chunks - two_chunks == per_chunk
    assert per_chunk <= 15, f"{per_chunk} queries per chunk"


def test_the_settings_are_read_once_per_export_however_many_chunks(
    client, process, people, monkeypatch
):
    """The stream is read after the request's middleware returned, so without a memory of its
    own each chunk would read the organisation settings again, several times."""
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)
    client.force_login(people.manager)
    _grow(process.opening, people, 4)
    response = client.get(reverse("export-opening-csv", args=[process.opening.pk]))
    with CaptureQueriesContext(connection) as captured:
        b"".join(response.streaming_content)
    reads = [q for q in captured if "access_organisationsettings" in q["sql"]]
    assert len(reads) <= 1, f"{len(reads)} reads of the settings over several chunks"


def _bulk_applications(opening, n: int, start: int) -> None:
    candidates = Candidate.objects.bulk_create(
        Candidate(name=f"Bulk {i:05d}", email=f"bulk{i}@example.net")
        for i in range(start, start + n)
    )
    Application.objects.bulk_create(
        Application(opening=opening, candidate=c, stage="interviewing") for c in candidates
    )


def _peak_while_downloading(client, url: str) -> tuple[int, int]:
    tracemalloc.start()
    try:
        response = client.get(url)
        size = sum(len(piece) for piece in response.streaming_content)
        return tracemalloc.get_traced_memory()[1], size
    finally:
        tracemalloc.stop()


def test_memory_stays_bounded_as_the_opening_grows(client, process, people, monkeypatch):
    """Before streaming, the peak grew with the opening (7.6 times from 300 to 3,000)."""
    monkeypatch.setattr(services, "CHUNK_SIZE", 100)
    client.force_login(people.manager)
    url = reverse("export-opening-json", args=[process.opening.pk])
    _bulk_applications(process.opening, 99, start=0)
    small, small_size = _peak_while_downloading(client, url)
    _bulk_applications(process.opening, 900, start=1000)
    large, large_size = _peak_while_downloading(client, url)
    assert large_size > 9 * small_size
    assert large < 2 * small, f"peak {small} bytes for 100 applications, {large} for 1,000"


def test_the_opening_page_says_what_the_exports_hold(client, process, people):
    client.force_login(people.recruiter)
    page = client.get(reverse("opening-detail", args=[process.opening.pk])).content.decode()
    sentence = page.split('id="export-contents">', 1)[1].split("</p>", 1)[0]
    assert "one row per candidate" in sentence
    assert "each dimension's mean rating" in sentence and "go and no-go counts" in sentence
    assert "left empty, never 0" in sentence


def test_the_command_writes_as_it_reads_and_leaves_no_half_file(
    process, people, tmp_path, monkeypatch
):
    target = tmp_path / "out.csv"
    target.write_text("yesterday's export\n")
    _grow(process.opening, people, 3)
    monkeypatch.setattr(services, "CHUNK_SIZE", 2)
    real = services._chunk_records
    calls = []

    def fails_on_the_second_chunk(user, applications, dimensions):
        calls.append(len(applications))
        if len(calls) == 2:
            assert len(list(tmp_path.glob(".out.csv.*"))) == 1  # being written, beside
            raise RuntimeError("the database went away")
        return real(user, applications, dimensions)

    monkeypatch.setattr(services, "_chunk_records", fails_on_the_second_chunk)
    with pytest.raises(RuntimeError):
        call_command(
            "export", format="csv", opening=process.opening.pk, out=str(target), user="manager"
        )
    assert target.read_text() == "yesterday's export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
