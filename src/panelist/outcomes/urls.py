from django.urls import path

from panelist.outcomes import views

urlpatterns = [
    path("hires/", views.hires, name="outcomes-hires"),
    path("hires/<int:decision_id>/start/", views.hire_start, name="outcomes-hire-start"),
    path("hires/<int:decision_id>/review/<int:period>/", views.review, name="outcomes-review"),
    path("validity/", views.validity, name="outcomes-validity"),
]
