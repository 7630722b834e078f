"""The Greenhouse Harvest v3 sync against a fake Harvest server on loopback."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from panelist.greenhouse import sync as harvest_sync
from panelist.greenhouse.client import HarvestClient, HarvestSettings
from panelist.greenhouse.models import (
    GreenhouseLink,
    HarvestCursor,
    HarvestSync,
    LinkKind,
    SyncStatus,
)
from panelist.greenhouse.schema import load_mapping
from panelist.hiring.models import Application, Candidate, Opening
from panelist.interviews.models import Assignment, Rating, Scorecard
from tests.greenhouse.fake_harvest import PER_PAGE


class Waits(list):
    """Stands in for time.sleep: records each wait instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _sync(waits=None, clock=None):
    kwargs = {"sleep": waits if waits is not None else Waits()}
    if clock is not None:
        kwargs["clock"] = clock
    client = HarvestClient(HarvestSettings.from_settings(), **kwargs)
    return harvest_sync.sync_run(mapping=load_mapping(), client=client)


def _counts():
    return (
        Opening.objects.count(),
        Candidate.objects.count(),
        Application.objects.count(),
        Scorecard.objects.count(),
        Rating.objects.count(),
        GreenhouseLink.objects.count(),
    )


def test_a_first_sync_writes_jobs_candidates_applications_and_submitted_scorecards(
    library, harvest
):
    seeded = harvest.seed()
    run = _sync()
    assert run.status == SyncStatus.SUCCEEDED, harvest_sync.sync_lines(run)
    assert run.pulled["scorecard_candidate_attributes"] == 300
    assert sum(run.pulled.values()) > 600
    assert Opening.objects.filter(title__startswith="Data scientist").count() == 3
    assert Candidate.objects.count() == 80 and Application.objects.count() == 80
    # every tenth scorecard is a draft, and is skipped
    assert Scorecard.objects.count() == 90
    assert sum("a draft" in line for line in run.skipped) == 10
    assert not Assignment.objects.filter(submitted=False).exists()

    # the two scales map separately: candidate_rating -> recommendation, attributes -> 1-4
    first = seeded["scorecards"][0]  # candidate_rating yes; attributes strong_yes, yes, mixed
    card = Scorecard.objects.get(
        pk=GreenhouseLink.objects.get(kind=LinkKind.SCORECARD, greenhouse_id=first["id"]).object_id
    )
    assert card.recommendation == "yes" and card.is_submitted
    assert {r.question.key: r.value for r in card.ratings.all()} == {
        "unprompted-detail": 4,  # Coding: strong_yes
        "reuse-documentation": 3,  # Code quality: yes
        "three-bullet-clarity": 2,  # Communication: mixed
    }
    assert "Key Take-Aways: Take-away 0." in card.summary
    assert card.assignment.member.first_name == "Interviewer0"
    candidate = card.assignment.application.candidate
    assert (candidate.name, candidate.email) == ("Candidate0 Harvest", "c0@example.org")

    # the documented protocol: Basic auth with sub; per_page on the first request only
    assert harvest.token_requests[0] == {"grant_type": ["client_credentials"], "sub": ["4242"]}
    requests = harvest.first_requests("scorecard_candidate_attributes")
    assert len(requests) == 12  # 300 records, 25 a page
    assert requests[0] == {"per_page": [str(PER_PAGE)]}
    assert all(set(q) == {"cursor"} for q in requests[1:])


def test_a_second_sync_creates_nothing_and_asks_only_for_what_changed(library, harvest):
    harvest.seed()
    _sync()
    before = _counts()
    harvest.requests.clear()
    run = _sync()
    assert run.status == SyncStatus.SUCCEEDED, harvest_sync.sync_lines(run)
    assert _counts() == before
    assert run.created == {} and run.updated == {}
    first = harvest.first_requests("scorecards")[0]
    assert first["updated_at"][0].startswith("gte|2026-11-")
    # only the records at the high-water mark come back (the filter is inclusive)
    assert run.pulled["scorecards"] == 1


def test_an_edit_upstream_is_picked_up_incrementally(library, harvest):
    seeded = harvest.seed()
    _sync()
    person = seeded["candidates"][5]
    harvest.edit("candidates", person["id"], first_name="Renamed")
    card = seeded["scorecards"][0]
    rating = next(
        r
        for r in harvest.records["scorecard_candidate_attributes"]
        if r["scorecard_id"] == card["id"]
    )
    harvest.edit("scorecard_candidate_attributes", rating["id"], rating="definitely_not")
    draft = seeded["scorecards"][9]
    harvest.edit("scorecards", draft["id"], status="submitted")
    before = Scorecard.objects.count()

    run = _sync()
    assert run.status == SyncStatus.SUCCEEDED, harvest_sync.sync_lines(run)
    # the edited record and the one at the high-water mark (the filter is inclusive)
    assert run.pulled["candidates"] == 2 and run.pulled["scorecard_candidate_attributes"] == 2
    renamed = Candidate.objects.get(
        pk=GreenhouseLink.objects.get(kind=LinkKind.CANDIDATE, greenhouse_id=person["id"]).object_id
    )
    assert renamed.name == "Renamed Harvest"
    synced = Scorecard.objects.get(
        pk=GreenhouseLink.objects.get(kind=LinkKind.SCORECARD, greenhouse_id=card["id"]).object_id
    )
    assert synced.ratings.get(question__key="unprompted-detail").value == 1
    assert Scorecard.objects.count() == before + 1  # the draft, now submitted
    assert run.updated == {"candidates": 1, "scorecards": 1}
    assert run.created == {"assignments": 1, "scorecards": 1}


def test_an_expired_token_is_replaced_and_the_call_repeated(library, harvest):
    harvest.seed(candidates=30, scorecards=20)
    harvest.token_uses = 3  # Greenhouse stops honouring each token after 3 calls
    run = _sync()
    assert run.status == SyncStatus.SUCCEEDED, harvest_sync.sync_lines(run)
    assert harvest.refused > 2 and len(harvest.token_requests) == harvest.refused + 1
    assert Scorecard.objects.count() == 18


def test_a_token_is_renewed_before_it_expires(library, harvest):
    harvest.seed(candidates=10, scorecards=10)
    harvest.expires_in = 600
    now = [0.0]

    def clock() -> float:
        now[0] += 250  # a token's ten minutes pass in under three calls
        return now[0]

    run = _sync(clock=clock)
    assert run.status == SyncStatus.SUCCEEDED, harvest_sync.sync_lines(run)
    assert len(harvest.token_requests) >= 3
    assert harvest.refused == 0  # renewed in time: never sent an expired token


def test_a_429_waits_as_long_as_retry_after_says_within_the_cap(library, harvest):
    harvest.seed(candidates=10, scorecards=10)
    harvest.throttle_next = 2
    waits = Waits()
    run = _sync(waits=waits)
    assert run.status == SyncStatus.SUCCEEDED, harvest_sync.sync_lines(run)
    assert waits == [7.0, 7.0]

    harvest.throttle_next, harvest.retry_after = 1, "7200"
    waits = Waits()
    _sync(waits=waits)
    assert waits == [60.0]  # PANELIST_GREENHOUSE_MAX_RETRY_WAIT


def test_a_rate_limit_that_does_not_lift_stops_the_sync_with_a_message(library, harvest):
    harvest.seed(candidates=5, scorecards=5)
    harvest.throttle_next = 100
    run = _sync()
    assert run.status == SyncStatus.FAILED
    assert "HTTP 429 4 times in a row" in run.error
    assert Candidate.objects.count() == 0


def test_a_failure_mid_pull_resumes_at_the_page_it_stopped_on(library, harvest):
    harvest.seed()
    harvest.broken.add(("scorecard_candidate_attributes", 5 * PER_PAGE))
    run = _sync()
    assert run.status == SyncStatus.FAILED
    assert "HTTP 503" in run.error
    assert Scorecard.objects.count() == 0  # nothing half-joined was written
    cursor = HarvestCursor.objects.get(resource="scorecard_candidate_attributes")
    assert "cursor=" in cursor.next_url

    harvest.broken.clear()
    harvest.requests.clear()
    run = _sync()
    assert run.status == SyncStatus.SUCCEEDED, harvest_sync.sync_lines(run)
    resumed = harvest.first_requests("scorecard_candidate_attributes")
    assert set(resumed[0]) == {"cursor"}  # not started again from the first page
    assert len(resumed) == 12 - 5
    assert Scorecard.objects.count() == 90
    assert Rating.objects.count() == 270


def test_a_page_cut_off_mid_body_stores_none_of_it_and_the_next_sync_reads_it_whole(
    library, harvest
):
    harvest.seed(candidates=60, scorecards=30)
    harvest.cut_off.add(("candidates", 2 * PER_PAGE))
    run = _sync()
    assert run.status == SyncStatus.FAILED and "cut off" in run.error
    assert run.pulled["candidates"] == 2 * PER_PAGE  # the two whole pages before it, kept
    assert Candidate.objects.count() == 0

    harvest.cut_off.clear()
    harvest.requests.clear()
    run = _sync()
    assert run.status == SyncStatus.SUCCEEDED, harvest_sync.sync_lines(run)
    assert len(harvest.first_requests("candidates")) == 1  # only the page that was cut off
    assert run.pulled["candidates"] == 60 - 2 * PER_PAGE
    assert Candidate.objects.count() == 60 and Scorecard.objects.count() == 27


def test_one_bad_record_is_reported_by_id_and_field_and_the_rest_is_written(library, harvest):
    seeded = harvest.seed(candidates=20, scorecards=20)
    bad = seeded["scorecards"][3]
    harvest.edit("scorecards", bad["id"], candidate_rating="maybe")
    nameless = seeded["candidates"][0]
    harvest.edit("candidates", nameless["id"], email_addresses="c0@example.org")

    run = _sync()
    assert run.status == SyncStatus.PARTIAL
    assert any(
        p.startswith(f"scorecard {bad['id']}, field candidate_rating:") for p in run.problems
    )
    assert any(
        p.startswith(f"candidate {nameless['id']}, field email_addresses:") for p in run.problems
    )
    # the candidate's application (and its scorecard) wait for the candidate, named by id
    assert any("has not been synced" in p for p in run.problems)
    assert Scorecard.objects.count() == 18 - 1 - 1

    harvest.edit("scorecards", bad["id"], candidate_rating="strong_yes")
    harvest.edit("candidates", nameless["id"], email_addresses=[])
    run = _sync()
    assert run.status == SyncStatus.SUCCEEDED, harvest_sync.sync_lines(run)
    assert Scorecard.objects.count() == 18


def test_wrong_credentials_stop_the_sync_and_say_which_variables(library, harvest, settings):
    settings.PANELIST_GREENHOUSE_SECRET = "wrong"
    run = _sync()
    assert run.status == SyncStatus.FAILED
    assert "PANELIST_GREENHOUSE_CLIENT_ID" in run.error


def test_a_next_link_to_another_host_is_not_followed_with_the_token(library, harvest, settings):
    client = HarvestClient(HarvestSettings.from_settings())
    with pytest.raises(harvest_sync.HarvestError, match="another host"):
        client.page("http://example.org/v3/jobs?cursor=x")


def test_the_command_prints_a_summary_and_exits_by_outcome(library, harvest):
    harvest.seed(candidates=10, scorecards=10)
    out = io.StringIO()
    call_command("sync", "greenhouse", stdout=out)
    text = out.getvalue()
    assert "finished." in text and "Created:" in text and "9 scorecards" in text

    harvest.broken.add(("jobs", 0))
    harvest.expire_tokens()
    HarvestCursor.objects.filter(resource="jobs").update(since=None)
    out = io.StringIO()
    with pytest.raises(CommandError) as stopped:
        call_command("sync", "greenhouse", stdout=out)
    assert stopped.value.returncode == 1 and "HTTP 503" in out.getvalue()


def test_only_admins_reach_the_sync_page_and_its_button(client, people, harvest):
    for who in (people.manager, people.recruiter, people.member):
        client.force_login(who)
        assert client.get(reverse("greenhouse-sync")).status_code == 404
        assert client.post(reverse("greenhouse-sync-run")).status_code == 404
    assert not HarvestSync.objects.exists()
    client.force_login(people.admin)
    page = client.get(reverse("greenhouse-sync"))
    assert page.status_code == 200 and "No sync has run yet" in page.content.decode()
    assert client.get(reverse("greenhouse-sync-run")).status_code == 405  # no change on GET


def test_the_button_queues_one_sync_at_a_time(client, people, harvest, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(people.admin)
    client.post(reverse("greenhouse-sync-run"))
    page = client.post(reverse("greenhouse-sync-run"), follow=True).content.decode()
    assert "already queued" in page
    assert HarvestSync.objects.get().status == SyncStatus.QUEUED


def test_the_button_runs_the_sync_through_the_task_and_the_page_reports_it(
    client, people, library, harvest, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    seeded = harvest.seed(candidates=10, scorecards=10)
    harvest.edit("scorecards", seeded["scorecards"][2]["id"], candidate_rating="maybe")
    client.force_login(people.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("greenhouse-sync-run"))
    run = HarvestSync.objects.get()
    assert run.status == SyncStatus.PARTIAL and run.requested_by == people.admin
    page = client.get(reverse("greenhouse-sync")).content.decode()
    assert "Finished with problems" in page
    assert f"scorecard {seeded['scorecards'][2]['id']}, field candidate_rating" in page
    assert "8 scorecards" in page


def test_a_sync_does_not_start_while_another_runs_unless_that_one_is_stale(library, harvest):
    harvest.seed(candidates=5, scorecards=5)
    running = HarvestSync.objects.create(status=SyncStatus.RUNNING, started_at=timezone.now())
    run = _sync()
    assert run.status == SyncStatus.FAILED and f"sync {running.pk} is running" in run.error
    assert Candidate.objects.count() == 0

    HarvestSync.objects.filter(pk=running.pk).update(
        started_at=timezone.now() - timedelta(hours=2)  # its worker died
    )
    assert _sync().status == SyncStatus.SUCCEEDED
