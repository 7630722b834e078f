"""``candidate_link_required`` routes any ``view(request, application)`` under /c/<token>/:
the other candidate-facing pages are wired through it."""

import pytest
from django.http import HttpResponse
from django.urls import path

from panelist.core.errors import NotAllowed
from panelist.portal import links
from panelist.portal.links import candidate_link_required
from panelist.privacy import services as privacy
from panelist.urls import urlpatterns as site


@candidate_link_required
def echo(request, application, number: int):
    return HttpResponse(f"{application.pk}:{number}:{request.candidate_link.pk}")


urlpatterns = [path("c/<str:token>/echo/<int:number>/", echo), *site]


@pytest.mark.urls("tests.portal.test_link_decorator")
def test_a_view_gets_the_application_of_the_link(client, process, token):
    response = client.get(f"/c/{token}/echo/7/")
    assert response.status_code == 200
    link = links.link_for(token)
    assert response.content.decode() == f"{process.application.pk}:7:{link.pk}"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.urls("tests.portal.test_link_decorator")
def test_a_closed_link_never_reaches_the_view(client, process, people, token):
    links.link_revoke(actor=people.recruiter, link=links.link_for(token))
    assert client.get(f"/c/{token}/echo/7/").status_code == 410


def test_no_link_is_made_to_an_erased_candidate(process, people):
    privacy.candidate_erase(
        candidate=process.application.candidate,
        reason=privacy.ErasureReason.CANDIDATE_REQUEST,
    )
    with pytest.raises(NotAllowed):
        links.link_create(actor=people.recruiter, application=process.application)
