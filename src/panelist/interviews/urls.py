from django.urls import path

from panelist.interviews import views

urlpatterns = [
    path("scorecards/<int:scorecard_id>/", views.scorecard_detail, name="scorecard-detail"),
    path("scorecards/<int:scorecard_id>/amend/", views.scorecard_amend, name="scorecard-amend"),
    path("assignments/<int:assignment_id>/kit/", views.interview_kit, name="interview-kit"),
    path("assignments/<int:assignment_id>/scorecard/", views.scorecard_edit, name="scorecard-edit"),
    path(
        "assignments/<int:assignment_id>/scorecard/submit/",
        views.scorecard_submit,
        name="scorecard-submit",
    ),
    path("applications/<int:application_id>/committee/", views.committee, name="committee"),
    path(
        "assignments/<int:assignment_id>/change/", views.assignment_change, name="assignment-change"
    ),
    path(
        "assignments/<int:assignment_id>/remove/", views.assignment_remove, name="assignment-remove"
    ),
]
