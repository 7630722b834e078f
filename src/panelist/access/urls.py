from django.urls import path

from panelist.access import views

urlpatterns = [
    path("", views.security, name="account-security"),
]
