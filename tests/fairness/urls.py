"""A test-only route to the candidate's self-identification view, standing in for the
candidate portal's private link (``/c/<token>/``), which resolves the application itself."""

from django.shortcuts import get_object_or_404
from django.urls import include, path

from panelist.fairness.views import self_identify
from panelist.hiring.models import Application


def by_application_pk(request, pk: int):
    return self_identify(request, get_object_or_404(Application, pk=pk))


urlpatterns = [
    path("test-portal/<int:pk>/about-you/", by_application_pk, name="test-self-identify"),
    path("", include("panelist.urls")),
]
