"""The candidate's routes, each behind ``links.candidate_link_required`` (mounted at /c/)."""

from django.urls import path

from panelist.fairness import views as fairness_views
from panelist.portal import views
from panelist.portal.links import candidate_link_required
from panelist.privacy import views as privacy_views

urlpatterns = [
    path("<str:token>/", views.portal_home, name="portal-home"),
    path("<str:token>/materials/", views.portal_materials, name="portal-materials"),
    path("<str:token>/files/", views.portal_file_upload, name="portal-file-upload"),
    path(
        "<str:token>/interviews/<int:assignment_id>.ics",
        views.portal_interview_ics,
        name="portal-interview-ics",
    ),
    path("<str:token>/my-data.zip", privacy_views.portal_copy, name="portal-copy"),
    path("<str:token>/talent-pool/", privacy_views.portal_consent, name="portal-consent"),
    path("<str:token>/erase/", privacy_views.portal_erase, name="portal-erase"),
    path(
        "<str:token>/about-you/",
        candidate_link_required(fairness_views.self_identify),
        name="portal-self-identify",
    ),
]
