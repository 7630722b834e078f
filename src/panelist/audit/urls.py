from django.urls import path

from panelist.audit import views

urlpatterns = [
    path("", views.events, name="audit-events"),
]
