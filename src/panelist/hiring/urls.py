from django.urls import path

from panelist.hiring import views

urlpatterns = [
    path("openings/<int:opening_id>/", views.opening_detail, name="opening-detail"),
    path(
        "applications/<int:application_id>/",
        views.application_detail,
        name="application-detail",
    ),
]
