from django.urls import path

from panelist.greenhouse import views

urlpatterns = [
    path("sync/", views.status, name="greenhouse-sync"),
    path("sync/run/", views.run, name="greenhouse-sync-run"),
]
