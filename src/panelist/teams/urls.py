from django.urls import path

from panelist.teams import views

urlpatterns = [
    path("", views.team_list, name="team-list"),
    path("coaching/", views.coaching, name="coaching"),
    path("<slug:slug>/", views.team_detail, name="team-detail"),
    path("<slug:slug>/heatmap.svg", views.team_heatmap, name="team-heatmap"),
]
