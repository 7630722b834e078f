from django.urls import path

from panelist.decisions import views

urlpatterns = [
    path("applications/<int:application_id>/debrief/", views.debrief, name="debrief"),
    path(
        "applications/<int:application_id>/committee-recommendation/",
        views.committee_recommend,
        name="committee-recommend",
    ),
    path("applications/<int:application_id>/decide/", views.decide, name="decide"),
]
