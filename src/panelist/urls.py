from allauth.account.decorators import secure_admin_login
from allauth.urls import build_provider_urlpatterns
from django.contrib import admin
from django.urls import include, path

from panelist.api.v1 import api
from panelist.core import views as core_views

admin.site.site_header = "Panelist administration"
admin.site.site_title = "Panelist"
# The admin's own login form would skip the second factor and the sign-in throttle.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", core_views.home, name="home"),
    # allauth's routes one by one: its own urls module adds unnamed legacy redirects.
    path("accounts/", include("allauth.account.urls")),
    path("accounts/2fa/", include("allauth.mfa.urls")),
    path("accounts/sessions/", include("allauth.usersessions.urls")),
    path("accounts/3rdparty/", include("allauth.socialaccount.urls")),
    path("accounts/", include(build_provider_urlpatterns())),
    path("accounts/security/", include("panelist.access.urls")),
    path("library/", include("panelist.library.urls")),
    path("hiring/", include("panelist.hiring.urls")),
    path("interviews/", include("panelist.interviews.urls")),
    path("decisions/", include("panelist.decisions.urls")),
    path("teams/", include("panelist.teams.urls")),
    path("calibration/", include("panelist.calibration.urls")),
    path("greenhouse/", include("panelist.greenhouse.urls")),
    path("api/v1/", api.urls),
    path("account/", include("panelist.api.urls")),
    path("exports/", include("panelist.exports.urls")),
    path("notifications/", include("panelist.notifications.urls")),
    path("audit/", include("panelist.audit.urls")),
    path("webhooks/", include("panelist.webhooks.urls")),
    path("c/", include("panelist.portal.urls")),
    path("candidates/", include("panelist.portal.staff_urls")),
    path("privacy/", include("panelist.privacy.urls")),
    path("fairness/", include("panelist.fairness.urls")),
    path("outcomes/", include("panelist.outcomes.urls")),
    path("admin/", admin.site.urls),
]
