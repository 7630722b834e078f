from django.urls import path

from panelist.exports import views

urlpatterns = [
    path("openings/<int:opening_id>.csv", views.opening_csv, name="export-opening-csv"),
    path("openings/<int:opening_id>.json", views.opening_json, name="export-opening-json"),
]
