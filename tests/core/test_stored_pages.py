"""The debrief served from its stored rendering (panelist.core.stored): a second read costs a
handful of queries, and after any change behind it the next read is the fresh rendering,
for every reader, whatever wrote the change."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from panelist.access.models import BlindMode, OrganisationSettings
from panelist.api.services import token_create
from panelist.decisions import services as decision_services
from panelist.hiring.models import Candidate
from panelist.interviews import services as interview_services
from panelist.teams.models import MemberSkill, TeamMembership
from tests import factories

# Fresh in every response, stored or not: the forms' masked CSRF token, the scripts' nonce.
PER_RESPONSE = re.compile(
    r'csrfmiddlewaretoken" value="[^"]+"|"X-CSRFToken": "[^"]+"|nonce="[^"]+"'
)


def _debrief(client, process) -> str:
    response = client.get(reverse("debrief", args=[process.application.pk]))
    assert response.status_code == 200
    return PER_RESPONSE.sub("", response.content.decode())


def _fresh(client, process) -> str:
    cache.clear()
    return _debrief(client, process)


def test_a_second_read_is_served_from_the_store_in_a_few_queries(client, process, people):
    factories.write_scorecard(process.assignment, submit=True)
    client.force_login(people.manager)
    first = _debrief(client, process)
    with CaptureQueriesContext(connection) as stored:
        again = _debrief(client, process)
    assert again == first
    # the session, the reader with the organisation's settings, the revisions
    assert len(stored.captured_queries) <= 3, [q["sql"] for q in stored.captured_queries]


def test_a_second_read_asks_the_cache_once(client, process, people, monkeypatch):
    """The body and the header's counts come in one round trip to the cache."""
    from django.core.cache import caches

    factories.write_scorecard(process.assignment, submit=True)
    client.force_login(people.manager)
    _debrief(client, process)
    backend = caches["default"]
    asked, depth = [], [0]
    for method in ("get", "get_many", "set", "set_many"):
        original = getattr(backend, method)

        def counted(*args, _original=original, _method=method, **kwargs):
            if not depth[0]:  # (a backend's get_many may call its own get)
                asked.append(_method)
            depth[0] += 1
            try:
                return _original(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(backend, method, counted)
    _debrief(client, process)
    assert asked == ["get_many"]


def _submit_the_other(process, people):
    factories.write_scorecard(process.other_assignment, submit=True)


def _record_the_recommendation(process, people):
    factories.write_scorecard(process.other_assignment, submit=True)
    decision_services.committee_recommend(
        actor=people.manager, application=process.application, recommendation="yes", notes="Go."
    )


def _rename_the_candidate(process, people):
    Candidate.objects.filter(pk=process.application.candidate_id).update(name="Renamed Person")


def _rename_a_member(process, people):
    people.member.first_name, people.member.last_name = "Newly", "Named"
    people.member.save()


def _close_the_blind_rule(process, people):
    settings_row = OrganisationSettings.current()
    settings_row.blind_mode = BlindMode.NEVER
    settings_row.save()


def _raise_a_teammates_skill(process, people):
    membership = TeamMembership.objects.create(team=process.opening.team, user=people.outsider)
    skill = factories.SkillFactory()
    held = MemberSkill.objects.create(membership=membership, skill=skill, level=1)
    MemberSkill.objects.filter(pk=held.pk).update(level=3)


def _a_scorecard_to_write_elsewhere(process, people):
    """Another application's committee gains each reader: only the header's counts change."""
    for reader in (people.manager, people.member, people.recruiter):
        factories.AssignmentFactory(application=process.foreign_application, member=reader)


CHANGES = [
    _a_scorecard_to_write_elsewhere,
    _submit_the_other,
    _record_the_recommendation,
    _rename_the_candidate,
    _rename_a_member,
    _close_the_blind_rule,
    _raise_a_teammates_skill,
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__.strip("_") for c in CHANGES])
@pytest.mark.parametrize("reader", ["manager", "member", "recruiter"])
def test_after_a_change_the_next_read_is_the_fresh_rendering(
    client, process, people, change, reader
):
    factories.write_scorecard(process.assignment, submit=True)
    client.force_login(getattr(people, reader))
    before = _debrief(client, process)
    assert _debrief(client, process) == before  # now stored
    change(process, people)
    after = _debrief(client, process)
    assert after == _fresh(client, process)


def test_the_header_counts_of_a_stored_page_follow_the_pipeline(client, process, people):
    """A whole page is kept under the pipeline's revision too: its header counts change with
    any application's committee, not only with the one it shows."""
    factories.write_scorecard(process.assignment, submit=True)
    client.force_login(people.member)
    _debrief(client, process)
    before = _debrief(client, process)  # stored
    _a_scorecard_to_write_elsewhere(process, people)
    after = _debrief(client, process)
    assert after != before and after == _fresh(client, process)


def test_a_stored_page_carries_this_responses_nonce(client, process, people):
    """The whole page is stored with its script nonce cut out: each response gets its own,
    the one its Content-Security-Policy header names."""
    from panelist.core.stored import NONCE_HOLE

    factories.write_scorecard(process.assignment, submit=True)
    client.force_login(people.manager)
    url = reverse("debrief", args=[process.application.pk])
    nonces = []
    for _ in range(3):  # rendered, then stored twice
        response = client.get(url)
        page = response.content.decode()
        assert NONCE_HOLE not in page
        in_page = set(re.findall(r'nonce="([^"]+)"', page))
        header = response["Content-Security-Policy"]
        assert len(in_page) == 1 and f"'nonce-{next(iter(in_page))}'" in header
        nonces.append(next(iter(in_page)))
    assert len(set(nonces)) == 3


def test_a_message_waiting_shows_on_a_stored_page(client, process, people):
    factories.write_scorecard(process.assignment, submit=True)
    client.force_login(people.manager)
    _debrief(client, process)
    _debrief(client, process)  # stored
    token, _ = token_create(actor=people.manager, name="laptop")
    client.post(reverse("api-token-revoke", args=[token.pk]))  # leaves "revoked" to show
    shown = _debrief(client, process)
    assert 'class="messages"' in shown
    assert 'class="messages"' not in _debrief(client, process)  # shown once


def test_the_member_who_submits_reads_the_others_at_once(client, process, people):
    factories.write_scorecard(process.assignment, submit=True)
    client.force_login(people.other_member)
    blind = _debrief(client, process)
    assert "hidden until you submit yours" in blind.lower() or "Hidden until" in blind
    _debrief(client, process)  # stored
    factories.write_scorecard(process.other_assignment, submit=True)
    sighted = _debrief(client, process)
    assert sighted != blind and sighted == _fresh(client, process)


def test_a_rendering_is_never_handed_to_another_reader(process, people):
    factories.write_scorecard(process.assignment, submit=True)
    manager, member = Client(), Client()
    manager.force_login(people.manager)
    member.force_login(people.other_member)
    for_manager = _debrief(manager, process)
    for_member = _debrief(member, process)
    assert for_member != for_manager
    cache.clear()
    assert _debrief(member, process) == for_member


def test_a_member_taken_off_the_committee_is_refused_at_once(client, process, people):
    client.force_login(people.other_member)
    _debrief(client, process)
    _debrief(client, process)  # stored
    interview_services.assignment_remove(actor=people.manager, assignment=process.other_assignment)
    response = client.get(reverse("debrief", args=[process.application.pk]))
    assert response.status_code == 404


def test_the_form_of_a_stored_page_posts_with_its_token(process, people):
    factories.write_scorecard(process.assignment, submit=True)
    factories.write_scorecard(process.other_assignment, submit=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.manager)
    url = reverse("debrief", args=[process.application.pk])
    client.get(url)
    page = client.get(url).content.decode()  # stored
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("committee-recommend", args=[process.application.pk]),
        {"recommendation": "yes", "notes": "", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_an_id_past_the_databases_integers_is_404(client, people):
    client.force_login(people.manager)
    assert client.get(f"/decisions/applications/{2**64}/debrief/").status_code == 404
