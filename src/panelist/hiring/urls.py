from django.urls import path

from panelist.hiring import views

urlpatterns = [
    path("openings/new/", views.opening_create, name="opening-create"),
    path("openings/<int:opening_id>/", views.opening_detail, name="opening-detail"),
    path(
        "openings/<int:opening_id>/stages/<str:stage>/",
        views.opening_stage,
        name="opening-stage",
    ),
    path("applications/", views.application_list, name="application-list"),
    path("openings/<int:opening_id>/edit/", views.opening_edit, name="opening-edit"),
    path("candidates/new/", views.candidate_create, name="candidate-create"),
    path("candidates/<int:candidate_id>/attach/", views.candidate_attach, name="candidate-attach"),
    path("candidates/<int:candidate_id>/merge/", views.candidate_merge, name="candidate-merge"),
    path(
        "applications/<int:application_id>/notes/",
        views.candidate_notes,
        name="candidate-notes",
    ),
    path(
        "applications/<int:application_id>/",
        views.application_detail,
        name="application-detail",
    ),
    path(
        "applications/<int:application_id>/attach/",
        views.application_attach,
        name="application-attach",
    ),
    path(
        "applications/<int:application_id>/stage/",
        views.application_move,
        name="application-move",
    ),
]
