from django.urls import path

from panelist.calibration import views

urlpatterns = [
    path("interviewers/", views.interviewers, name="calibration-interviewers"),
    path("run/", views.run, name="calibration-run"),
]
