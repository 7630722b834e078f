"""The pipeline side of the candidate's page: sending links, fetching files (mounted at
/candidates/)."""

from django.urls import path

from panelist.portal import views

urlpatterns = [
    path(
        "applications/<int:application_id>/link/",
        views.candidate_link_create,
        name="candidate-link-create",
    ),
    path("links/<int:link_id>/revoke/", views.candidate_link_revoke, name="candidate-link-revoke"),
    path("files/<int:file_id>/", views.candidate_file_download, name="candidate-file"),
]
