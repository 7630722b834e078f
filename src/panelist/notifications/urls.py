from django.urls import path

from panelist.notifications import views

urlpatterns = [
    path("calendar/", views.calendar_page, name="calendar-feed"),
    path("calendar/renew/", views.calendar_renew, name="calendar-feed-renew"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar-feed-revoke"),
    path("calendar/<str:secret>.ics", views.calendar_feed, name="calendar-feed-ics"),
    path("assignments/<int:assignment_id>/nudge/", views.scorecard_nudge, name="scorecard-nudge"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="mail-unsubscribe"),
    path("settings/", views.mail_settings, name="mail-settings"),
    path("settings/subscribe/", views.mail_opt_in, name="mail-opt-in"),
]
