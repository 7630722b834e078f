from django.urls import path

from panelist.library import views

urlpatterns = [
    path("", views.ladder, name="library-ladder"),
    path("rubrics/", views.rubrics, name="library-rubrics"),
    path("versions/<int:number>.yaml", views.version_yaml, name="library-yaml"),
    path("upload/", views.upload, name="library-upload"),
]
