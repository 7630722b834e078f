"""/accounts/oidc/<provider_id>/login/ and .../login/callback/ (the redirect URI to register
with the identity provider); allauth loads this module as the provider's URLs."""

from allauth.socialaccount import app_settings
from django.urls import include, path

from panelist.access.oidc import views

urlpatterns = [
    path(
        f"{app_settings.OPENID_CONNECT_URL_PREFIX}/<str:provider_id>/",
        include(
            [
                path("login/", views.login, name="openid_connect_login"),
                path("login/callback/", views.callback, name="openid_connect_callback"),
            ]
        ),
    )
]
