"""Retention walked through time with a frozen clock: withdrawn and rejected candidates are
anonymised after the policy's months, later with a talent-pool consent, never under a legal
hold, never when hired or still in process."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from panelist.core.errors import DomainError
from panelist.hiring.models import Candidate, Stage
from panelist.hiring.services import application_move
from panelist.privacy import selectors, services
from panelist.privacy.models import CandidatePrivacy, RetentionPolicy
from panelist.privacy.tasks import apply_retention

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def withdrawn(process, people):
    with time_machine.travel(START, tick=False):
        application_move(
            actor=people.recruiter, application=process.application, stage=Stage.WITHDRAWN
        )
    return process.application.candidate


def _erased(candidate) -> bool:
    candidate.refresh_from_db()
    return candidate.name.startswith("Erased candidate")


def test_a_withdrawn_candidate_is_anonymised_six_months_later(withdrawn):
    name = withdrawn.name
    with time_machine.travel(START + timedelta(days=150), tick=False):
        assert services.retention_apply() == []
        assert [due.candidate.pk for due in selectors.preview()] == []
    with time_machine.travel(START + timedelta(days=170), tick=False):
        assert [due.candidate.pk for due in selectors.preview()] == [withdrawn.pk]
        assert services.retention_apply() == []
    assert withdrawn.name == name
    with time_machine.travel(START + timedelta(days=184), tick=False):
        assert apply_retention.call() == 1
    assert _erased(withdrawn)
    assert CandidatePrivacy.objects.get(candidate=withdrawn).erased_at is not None
    with time_machine.travel(START + timedelta(days=400), tick=False):
        assert services.retention_apply() == []  # once is enough


def test_the_organisation_sets_the_months(withdrawn):
    RetentionPolicy.objects.update_or_create(pk=1, defaults={"months_after_decision": 7})
    with time_machine.travel(START + timedelta(days=190), tick=False):
        assert services.retention_apply() == []
    with time_machine.travel(START + timedelta(days=215), tick=False):
        assert services.retention_apply() == [withdrawn.pk]


def test_talent_pool_consent_keeps_the_candidate_24_months(withdrawn):
    services.talent_pool_consent(candidate=withdrawn, consent=True)
    with time_machine.travel(START + timedelta(days=400), tick=False):
        assert services.retention_apply() == []
    with time_machine.travel(START + timedelta(days=735), tick=False):
        assert services.retention_apply() == [withdrawn.pk]


def test_a_legal_hold_stops_the_clock(withdrawn, people):
    services.legal_hold_set(actor=people.admin, candidate=withdrawn, hold=True, reason="Case 12")
    with time_machine.travel(START + timedelta(days=400), tick=False):
        assert selectors.preview() == []
        assert services.retention_apply() == []
    assert not _erased(withdrawn)
    with pytest.raises(DomainError):
        services.candidate_erase(candidate=withdrawn, reason=services.ErasureReason.RETENTION)
    services.legal_hold_set(actor=people.admin, candidate=withdrawn, hold=False)
    with time_machine.travel(START + timedelta(days=400), tick=False):
        assert services.retention_apply() == [withdrawn.pk]


def test_a_legal_hold_needs_a_reason_and_an_admin(withdrawn, people):
    with pytest.raises(DomainError):
        services.legal_hold_set(actor=people.admin, candidate=withdrawn, hold=True, reason=" ")
    with pytest.raises(DomainError):
        services.legal_hold_set(actor=people.recruiter, candidate=withdrawn, hold=True, reason="x")


def test_candidates_still_in_process_are_kept(process):
    with time_machine.travel(datetime.now(UTC) + timedelta(days=1000), tick=False):
        assert services.retention_apply() == []
    assert Candidate.objects.get(pk=process.application.candidate_id).name


def test_the_admin_previews_the_next_30_days(withdrawn, people):
    admin = Client()
    admin.force_login(people.admin)
    with time_machine.travel(START + timedelta(days=165), tick=True):
        page = admin.get("/privacy/retention/")
        assert page.status_code == 200
        assert withdrawn.name in page.content.decode()
    with time_machine.travel(START + timedelta(days=100), tick=True):
        assert withdrawn.name not in admin.get("/privacy/retention/").content.decode()


def test_only_admins_open_the_data_rights_pages(withdrawn, people):
    for user in (people.recruiter, people.manager, people.member):
        other = Client()
        other.force_login(user)
        assert other.get("/privacy/retention/").status_code == 404
        assert other.get(f"/privacy/candidates/{withdrawn.pk}/").status_code == 404
        assert other.post(f"/privacy/candidates/{withdrawn.pk}/copy/").status_code == 404


def test_the_command_anonymises_what_is_due_and_can_only_say_so(withdrawn):
    import io

    from django.core.management import call_command

    with time_machine.travel(START + timedelta(days=200), tick=False):
        out = io.StringIO()
        call_command("retention", "--dry-run", stdout=out)
        assert "1 candidate(s) would be anonymised" in out.getvalue()
        assert not _erased(withdrawn)
        call_command("retention", stdout=out)
    assert _erased(withdrawn)
