from django.urls import path

from panelist.interviews import views

urlpatterns = [
    path("scorecards/<int:scorecard_id>/", views.scorecard_detail, name="scorecard-detail"),
]
