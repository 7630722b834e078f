from django.urls import path

from panelist.decisions import support_views, views

urlpatterns = [
    path("applications/<int:application_id>/debrief/", views.debrief, name="debrief"),
    path(
        "applications/<int:application_id>/committee-recommendation/",
        views.committee_recommend,
        name="committee-recommend",
    ),
    path("applications/<int:application_id>/decide/", views.decide, name="decide"),
    path(
        "applications/<int:application_id>/support/",
        support_views.decision_support,
        name="decision-support",
    ),
    path("openings/<int:opening_id>/comparison/", support_views.comparison, name="comparison"),
    path("openings/<int:opening_id>/packet/", support_views.packet, name="packet"),
    path(
        "openings/<int:opening_id>/comparison.svg",
        support_views.comparison_chart,
        name="comparison-chart",
    ),
    path(
        "applications/<int:application_id>/support/radar.svg",
        support_views.radar_chart,
        name="support-radar",
    ),
    path(
        "applications/<int:application_id>/support/skills/",
        support_views.skill_reading,
        name="skill-reading",
    ),
    path(
        "applications/<int:application_id>/skill-readings/mine/",
        support_views.member_skill_readings,
        name="member-skill-readings",
    ),
]
