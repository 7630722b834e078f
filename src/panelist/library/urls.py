from django.urls import path

from panelist.library import views

urlpatterns = [
    path("", views.ladder, name="library-ladder"),
    path("rubrics/", views.rubrics, name="library-rubrics"),
]
