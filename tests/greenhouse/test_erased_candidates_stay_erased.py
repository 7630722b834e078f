"""A candidate erased in Panelist stays erased: neither the Harvest v3 sync nor the v1 file
import brings their records back, whatever changes about them in Greenhouse, and a sync that
meets them neither fails nor names them."""

from __future__ import annotations

import json

import pytest

from panelist.greenhouse import services
from panelist.greenhouse import sync as harvest_sync
from panelist.greenhouse.models import GreenhouseLink, HarvestRecord, LinkKind, SyncStatus
from panelist.greenhouse.schema import load_mapping
from panelist.hiring.models import Application, Candidate
from panelist.interviews.models import Rating, Scorecard
from panelist.privacy.services import ErasureReason, candidate_erase
from tests.greenhouse.test_greenhouse import _record
from tests.greenhouse.test_harvest_v3 import _sync


def _synced_candidate(greenhouse_id: int) -> Candidate:
    link = GreenhouseLink.objects.get(kind=LinkKind.CANDIDATE, greenhouse_id=greenhouse_id)
    return Candidate.objects.get(pk=link.object_id)


def _cards_of(harvest, person: dict) -> list[dict]:
    return [c for c in harvest.records["scorecards"] if c["candidate_id"] == person["id"]]


def _edit_everything_about(harvest, person: dict) -> None:
    """Greenhouse changes the person and every scorecard about them, and adds one more
    application (to another job) with a submitted scorecard."""
    harvest.edit("candidates", person["id"], first_name="Returned", last_name="Person")
    harvest.edit(
        "candidates",
        person["id"],
        email_addresses=[{"value": "returned@example.org", "type": "personal"}],
    )
    for card in _cards_of(harvest, person):
        harvest.edit("scorecards", card["id"], candidate_rating="strong_yes")
        for answer in harvest.records["scorecard_question_answers"]:
            if answer["scorecard_id"] == card["id"]:
                harvest.edit(
                    "scorecard_question_answers", answer["id"], answer="Returned Person shone."
                )
        for rating in harvest.records["scorecard_candidate_attributes"]:
            if rating["scorecard_id"] == card["id"]:
                harvest.edit(
                    "scorecard_candidate_attributes", rating["id"], note="Returned Person again."
                )
    job = next(j for j in harvest.records["jobs"] if j["id"] != _job_of(harvest, person))
    application = harvest.add(
        "applications", candidate_id=person["id"], job_id=job["id"], status="active"
    )
    card = harvest.add(
        "scorecards",
        application_id=application["id"],
        candidate_id=person["id"],
        interviewer_id=harvest.records["users"][0]["id"],
        interview_name="Code Review",
        interviewed_at="2026-11-02T10:00:00Z",
        submitted_at="2026-11-02T15:00:00Z",
        status="submitted",
        candidate_rating="yes",
    )
    harvest.add(
        "scorecard_question_answers",
        scorecard_id=card["id"],
        question="Key Take-Aways",
        answer="Returned Person, new card.",
    )


def _job_of(harvest, person: dict) -> int:
    return next(
        a["job_id"] for a in harvest.records["applications"] if a["candidate_id"] == person["id"]
    )


def _nothing_returned() -> None:
    assert not Candidate.objects.filter(name__icontains="Returned").exists()
    assert not Candidate.objects.filter(email="returned@example.org").exists()
    assert not Scorecard.objects.filter(summary__icontains="Returned").exists()
    assert not Rating.objects.filter(evidence__icontains="Returned").exists()
    # not even the raw records wait in the staging table
    assert not any("Returned" in json.dumps(r.data) for r in HarvestRecord.objects.all())


@pytest.mark.parametrize("full", [False, True], ids=["anonymised", "deleted"])
def test_a_sync_never_brings_back_a_candidate_erased_in_panelist(library, harvest, full):
    seeded = harvest.seed(candidates=12, scorecards=24)
    first = _sync()
    assert first.status == SyncStatus.SUCCEEDED, harvest_sync.sync_lines(first)
    person = seeded["candidates"][1]
    erased = _synced_candidate(person["id"])
    erased_pk = erased.pk
    kept_ratings = Rating.objects.filter(
        scorecard__assignment__application__candidate=erased
    ).count()
    candidate_erase(candidate=erased, reason=ErasureReason.CANDIDATE_REQUEST, full=full)
    counts = (Candidate.objects.count(), Application.objects.count(), Scorecard.objects.count())

    _edit_everything_about(harvest, person)
    run = _sync()

    assert run.status == SyncStatus.SUCCEEDED, harvest_sync.sync_lines(run)
    assert (Candidate.objects.count(), Application.objects.count(), Scorecard.objects.count()) == (
        counts
    )
    _nothing_returned()
    if full:
        assert not Candidate.objects.filter(pk=erased_pk).exists()
    else:
        anonymous = Candidate.objects.get(pk=erased_pk)
        assert (anonymous.name, anonymous.email) == (f"Erased candidate {erased_pk}", "")
        assert (
            Rating.objects.filter(scorecard__assignment__application__candidate=anonymous).count()
            == kept_ratings
        )
    # the report counts what it left out, naming nobody (not even by Greenhouse id)
    lines = harvest_sync.sync_lines(run)
    erased_line = next(line for line in lines if "erased in Panelist" in line)
    # what Greenhouse sent again: the person, the new application, the edited and new cards
    assert erased_line.startswith("Skipped: 1 candidate, 1 application, 3 scorecards, ")
    assert str(person["id"]) not in "\n".join(lines)
    assert "Returned" not in "\n".join(lines)

    # and the next sync, with nothing new, still leaves them out without a problem
    again = _sync()
    assert again.status == SyncStatus.SUCCEEDED, harvest_sync.sync_lines(again)
    _nothing_returned()


def test_the_other_candidates_still_sync_after_an_erasure(library, harvest):
    seeded = harvest.seed(candidates=6, scorecards=6)
    _sync()
    erased, other = seeded["candidates"][0], seeded["candidates"][3]
    candidate_erase(
        candidate=_synced_candidate(erased["id"]), reason=ErasureReason.RETENTION, full=True
    )
    harvest.edit("candidates", other["id"], first_name="Renamed")
    run = _sync()
    assert run.status == SyncStatus.SUCCEEDED, harvest_sync.sync_lines(run)
    assert _synced_candidate(other["id"]).name == "Renamed Harvest"


@pytest.mark.parametrize("full", [False, True], ids=["anonymised", "deleted"])
def test_the_file_import_skips_the_scorecards_of_an_erased_candidate(library, full):
    services.import_scorecards(json.dumps([_record()]), load_mapping())
    candidate = Scorecard.objects.get().assignment.application.candidate
    candidate_erase(candidate=candidate, reason=ErasureReason.CANDIDATE_REQUEST, full=full)
    before = (Candidate.objects.count(), Application.objects.count(), Scorecard.objects.count())

    again = [
        _record(),  # the same card
        _record(id=502, interviewer={"id": 10, "name": "Jack Shephard"}),  # another about them
        _record(id=503, application_id=89),  # a later application of theirs
    ]
    report = services.import_scorecards(json.dumps(again), load_mapping())

    assert (
        Candidate.objects.count(),
        Application.objects.count(),
        Scorecard.objects.count(),
    ) == before
    assert not Rating.objects.filter(evidence="Clean module.").exists()
    assert report.erased == {"scorecards": 3} and not report.skipped
    told = "\n".join(report.lines())
    assert "3 scorecards of candidates erased in Panelist" in told
    assert "77" not in told and "501" not in told


def test_a_record_still_pending_at_the_erasure_is_forgotten_not_retried(library, harvest):
    seeded = harvest.seed(candidates=6, scorecards=6)
    person = seeded["candidates"][2]
    card = _cards_of(harvest, person)[0]
    harvest.edit("scorecards", card["id"], candidate_rating="maybe")  # refused: stays pending
    assert _sync().status == SyncStatus.PARTIAL
    candidate_erase(
        candidate=_synced_candidate(person["id"]), reason=ErasureReason.CANDIDATE_REQUEST
    )
    assert not HarvestRecord.objects.filter(
        resource="scorecards", greenhouse_id=card["id"]
    ).exists()
    run = _sync()
    assert run.status == SyncStatus.SUCCEEDED and run.problems == [], harvest_sync.sync_lines(run)


def test_a_record_staged_while_the_erasure_ran_is_left_out_when_applied(library, harvest):
    """The pull stored the person's record just before the erasure committed: the apply
    checks again, inside the record's transaction, and forgets it."""
    seeded = harvest.seed(candidates=6, scorecards=6)
    _sync()
    person = seeded["candidates"][4]
    erased = _synced_candidate(person["id"])
    candidate_erase(candidate=erased, reason=ErasureReason.CANDIDATE_REQUEST)
    HarvestRecord.objects.create(
        resource="candidates",
        greenhouse_id=person["id"],
        data={**person, "first_name": "Returned", "last_name": "Person"},
    )
    run = _sync()
    assert run.status == SyncStatus.SUCCEEDED, harvest_sync.sync_lines(run)
    assert "1 candidate of candidates erased in Panelist" in "\n".join(run.skipped)
    _nothing_returned()
    erased.refresh_from_db()
    assert erased.name == f"Erased candidate {erased.pk}"
