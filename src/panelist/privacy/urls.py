from django.urls import path

from panelist.privacy import views

urlpatterns = [
    path("retention/", views.retention_preview, name="privacy-retention"),
    path("candidates/<int:candidate_id>/", views.candidate_privacy, name="privacy-candidate"),
    path("candidates/<int:candidate_id>/copy/", views.candidate_copy, name="privacy-copy"),
]
