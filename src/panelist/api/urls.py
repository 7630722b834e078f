from django.urls import path

from panelist.api import views

urlpatterns = [
    path("tokens/", views.tokens, name="api-tokens"),
    path("tokens/new/", views.token_create, name="api-token-create"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="api-token-revoke"),
]
