from django.contrib.auth.views import LoginView
from django.urls import include, path

from tests.oidc_provider.views import TamperingTokenView

urlpatterns = [
    path("accounts/login/", LoginView.as_view(), name="login"),
    # Before the toolkit's own routes, at the same path the discovery document names.
    path("o/token/", TamperingTokenView.as_view()),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
