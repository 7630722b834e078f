"""Duplicate candidates: one record per e-mail (any case), a warning on a look-alike name,
attaching the existing candidate instead, and a merge for duplicates that slipped through."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from panelist.core.errors import DomainError, NotAllowed
from panelist.hiring import services
from panelist.hiring.models import Application, ApplicationEvent, Candidate, EventKind
from panelist.hiring.names import names_look_alike
from panelist.interviews.models import Assignment, Scorecard
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CandidateFactory,
    OpeningFactory,
    write_scorecard,
)


@pytest.fixture
def lena(people):
    return services.candidate_create(
        actor=people.recruiter, name="Lena Brandt", email="lena.brandt@example.net"
    )


def test_the_same_email_in_another_case_is_refused_and_names_the_existing_candidate(people, lena):
    with pytest.raises(services.DuplicateCandidate) as refusal:
        services.candidate_create(
            actor=people.recruiter, name="Lena Brandt", email="  Lena.BRANDT@Example.net "
        )
    assert refusal.value.existing == lena
    assert "attach them" in refusal.value.message
    assert Candidate.objects.count() == 1


def test_the_database_refuses_a_second_candidate_with_the_same_email_in_any_case(lena):
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.create(name="Someone", email="LENA.BRANDT@EXAMPLE.NET")
    Candidate.objects.create(name="Imported one", email="")
    Candidate.objects.create(name="Imported two", email="")  # no e-mail: nothing to compare


def test_the_add_form_offers_to_attach_the_existing_candidate(client, process, people, lena):
    client.force_login(people.recruiter)
    form = {
        "name": "Lena Brandt",
        "email": "LENA.brandt@example.net",
        "opening": process.opening.pk,
    }
    response = client.post(reverse("candidate-create"), form)
    page = response.content.decode()
    assert response.status_code == 422
    assert "Lena Brandt is already a candidate" in page
    attach = reverse("candidate-attach", args=[lena.pk])
    assert attach in page and "Attach Lena Brandt to" in page
    assert Candidate.objects.filter(name="Lena Brandt").count() == 1

    response = client.post(attach, {"opening": process.opening.pk})
    application = Application.objects.get(candidate=lena, opening=process.opening)
    assert response["Location"] == reverse("application-detail", args=[application.pk])

    again = client.post(reverse("candidate-create"), form).content.decode()
    assert reverse("application-detail", args=[application.pk]) in again  # already there
    assert f"application for {process.opening.title}" in again


def test_only_recruiters_and_admins_attach_an_existing_candidate(client, process, people, lena):
    attach = reverse("candidate-attach", args=[lena.pk])
    for user in (people.manager, people.member):
        client.force_login(user)
        assert client.post(attach, {"opening": process.opening.pk}).status_code == 404
    assert not Application.objects.filter(candidate=lena).exists()


@pytest.mark.parametrize(
    "name", ["lena  brandt", "Léna Brandt", "Brandt, Lena", "Lena Brand", "LENA BRANDTT"]
)
def test_a_look_alike_name_with_another_email_asks_for_confirmation(people, lena, name):
    with pytest.raises(services.SimilarCandidates) as warning:
        services.candidate_create(actor=people.recruiter, name=name, email="other@example.org")
    assert warning.value.matches == [lena]
    confirmed = services.candidate_create(
        actor=people.recruiter, name=name, email="other@example.org", similar_name_confirmed=True
    )
    assert confirmed.pk != lena.pk


@pytest.mark.parametrize("name", ["Noor Haddad", "Lena Berg", "Lea Brandtner-Schulz", "Len"])
def test_different_names_add_without_a_warning(people, lena, name):
    services.candidate_create(actor=people.recruiter, name=name, email="x@example.org")


def test_short_names_one_letter_apart_are_different_people(people):
    services.candidate_create(actor=people.recruiter, name="Li Wei", email="wei@example.org")
    services.candidate_create(actor=people.recruiter, name="Li Wen", email="wen@example.org")
    assert names_look_alike("Wei Li", "li  WEI")
    assert names_look_alike("Maximilian Brandt", "Maximillian Brant")  # two slips


def test_the_add_form_warns_on_a_look_alike_name_and_adds_once_confirmed(
    client, process, people, lena
):
    client.force_login(people.recruiter)
    form = {"name": "Léna  BRANDT", "email": "l.brandt@uni.example", "opening": process.opening.pk}
    assert "similar_name_confirmed" not in client.get(reverse("candidate-create")).content.decode()
    response = client.post(reverse("candidate-create"), form)
    page = response.content.decode()
    assert response.status_code == 422
    assert "near-identical name" in page and 'name="similar_name_confirmed"' in page
    assert not Candidate.objects.filter(email="l.brandt@uni.example").exists()
    response = client.post(reverse("candidate-create"), {**form, "similar_name_confirmed": "on"})
    assert response.status_code == 302
    assert Candidate.objects.filter(email="l.brandt@uni.example").count() == 1


def _duplicate_with_history(process, people):
    """A second record of the candidate of ``process.application``, on another opening, with a
    committee, a submitted scorecard and a timeline."""
    original = process.application.candidate
    original.code_sample_url = ""
    original.save()
    duplicate = CandidateFactory(
        name=original.name,
        email=original.email.upper(),
        unmerged_duplicate=True,  # as the migration marks one that predates the rule
        code_sample_url="https://example.net/code",
        seminar_title="Another seminar",
        notes="Met at a conference.",
    )
    other_opening = OpeningFactory(
        hiring_manager=people.manager, library_version=process.opening.library_version
    )
    application = ApplicationFactory(candidate=duplicate, opening=other_opening)
    assignment = AssignmentFactory(
        application=application, member=people.member, dimensions=["coding"]
    )
    write_scorecard(assignment, submit=True)
    services.record_event(
        application=application, actor=people.recruiter, kind=EventKind.STAGE, description="Moved"
    )
    return original, duplicate, application


def test_merge_moves_every_application_scorecard_event_and_material(process, people):
    write_scorecard(process.assignment, submit=True)
    keep, merge, moved = _duplicate_with_history(process, people)
    process.application.candidate.seminar_title = "Kept seminar"
    process.application.candidate.save()
    keep.refresh_from_db()

    def counts():
        return (
            Application.objects.count(),
            Assignment.objects.count(),
            Scorecard.objects.count(),
            ApplicationEvent.objects.exclude(kind=EventKind.MERGED).count(),
        )

    before = counts()
    services.candidate_merge(actor=people.recruiter, keep=keep, merge=merge)

    assert counts() == before
    assert not Candidate.objects.filter(pk=merge.pk).exists()
    assert set(keep.applications.values_list("pk", flat=True)) == {process.application.pk, moved.pk}
    assert Scorecard.objects.filter(assignment__application__candidate=keep).count() == 2
    assert moved.events.filter(kind=EventKind.STAGE).exists()
    for application in keep.applications.all():
        event = application.events.get(kind=EventKind.MERGED)
        assert "1 application moved" in event.description and event.actor == people.recruiter
    keep.refresh_from_db()
    assert keep.code_sample_url == "https://example.net/code"  # taken over: keep had none
    assert keep.seminar_title == "Kept seminar"
    assert "Seminar title: Another seminar" in keep.notes  # differing: kept aside, not lost
    assert "Met at a conference." in keep.notes
    assert not keep.unmerged_duplicate


def test_merge_repoints_a_greenhouse_link_to_the_kept_candidate(process, people):
    from panelist.greenhouse.models import GreenhouseLink, LinkKind

    keep, merge, _ = _duplicate_with_history(process, people)
    link = GreenhouseLink.objects.create(
        kind=LinkKind.CANDIDATE, greenhouse_id=7, object_id=merge.pk
    )
    services.candidate_merge(actor=people.recruiter, keep=keep, merge=merge)
    link.refresh_from_db()
    assert link.object_id == keep.pk


def test_merge_is_refused_when_both_records_are_on_one_opening(process, people):
    keep = process.application.candidate
    merge = CandidateFactory(name=keep.name, email="second@example.net")
    ApplicationFactory(candidate=merge, opening=process.opening)
    with pytest.raises(DomainError, match="nothing was merged") as refusal:
        services.candidate_merge(actor=people.recruiter, keep=keep, merge=merge)
    assert process.opening.title in refusal.value.message
    assert "withdraw the application that should not count" in refusal.value.message
    assert Candidate.objects.filter(pk=merge.pk).exists()
    assert merge.applications.count() == 1


def test_merge_refuses_one_candidate_with_itself(people, lena):
    with pytest.raises(DomainError, match="two different"):
        services.candidate_merge(actor=people.recruiter, keep=lena, merge=lena)


def test_only_recruiters_and_admins_merge(client, process, people):
    keep, merge, _ = _duplicate_with_history(process, people)
    for user in (people.manager, people.member, people.outsider):
        with pytest.raises(NotAllowed):
            services.candidate_merge(actor=user, keep=keep, merge=merge)
        client.force_login(user)
        url = reverse("candidate-merge", args=[keep.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"merge": merge.pk}).status_code == 404
    assert Candidate.objects.filter(pk=merge.pk).exists()


def test_the_merge_page_suggests_the_duplicate_and_merges_it(client, process, people):
    keep, merge, moved = _duplicate_with_history(process, people)
    client.force_login(people.admin)
    url = reverse("candidate-merge", args=[keep.pk])
    page = client.get(url).content.decode()
    assert f"Merge {merge.name} into {keep.name}" in page
    assert f'name="merge" value="{merge.pk}"' in page
    found = client.get(url, {"q": merge.email[:6]}).content.decode()
    assert f'value="{merge.pk}"' in found
    assert client.post(url, {"merge": merge.pk})["Location"] == url
    assert Application.objects.get(pk=moved.pk).candidate_id == keep.pk
    application_page = client.get(reverse("application-detail", args=[moved.pk])).content.decode()
    assert "Merged the duplicate record" in application_page


def test_the_merge_page_explains_a_refused_merge(client, process, people):
    keep = process.application.candidate
    merge = CandidateFactory(name=keep.name, email="second@example.net")
    ApplicationFactory(candidate=merge, opening=process.opening)
    client.force_login(people.recruiter)
    url = reverse("candidate-merge", args=[keep.pk])
    page = client.post(url, {"merge": merge.pk}, follow=True).content.decode()
    assert "nothing was merged" in page
    assert Candidate.objects.filter(pk=merge.pk).exists()


def test_a_marked_duplicate_tells_the_recruiter_to_merge_it(client, process, people):
    _, duplicate, application = _duplicate_with_history(process, people)
    url = reverse("application-detail", args=[application.pk])
    client.force_login(people.recruiter)
    page = client.get(url).content.decode()
    assert "Another record holds this e-mail too" in page
    assert reverse("candidate-merge", args=[duplicate.pk]) in page
    client.force_login(people.member)
    assert "Another record holds this e-mail too" not in client.get(url).content.decode()


def test_the_merge_page_keeps_a_fixed_query_count(client, process, people):
    from tests.querycount import assert_queries_do_not_grow

    keep = process.application.candidate

    def grow(copies):
        for n in range(copies):
            twin = CandidateFactory(
                name=keep.name, email=f"twin{Candidate.objects.count()}-{n}@example.org"
            )
            ApplicationFactory(candidate=twin)
            ApplicationFactory(candidate=twin)

    client.force_login(people.recruiter)
    url = reverse("candidate-merge", args=[keep.pk]) + f"?q={keep.name}"
    assert_queries_do_not_grow(client, url, grow=grow)
    page = client.get(url).content.decode()
    # seven found by the search, and the five suggestions the page is bounded to
    assert page.count(f"Merge {keep.name} into {keep.name}") == 7 + 5
