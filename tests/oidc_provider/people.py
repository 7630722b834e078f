"""The provider's people, from the JSON file the test writes, and the claims they carry."""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from oauth2_provider.oauth2_validators import OAuth2Validator


def people() -> dict[str, dict]:
    return json.loads(Path(os.environ["OIDC_PROVIDER_PEOPLE"]).read_text())


class PeopleFileBackend(BaseBackend):
    """Signs in the people of the file (a Django user row is made for the tokens to hang on)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        person = people().get(username or "")
        if person is None or person["password"] != password:
            return None
        user, _ = get_user_model().objects.get_or_create(username=username)
        return user

    def get_user(self, user_id):
        return get_user_model().objects.filter(pk=user_id).first()


class PeopleValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "groups": "profile"}

    def get_additional_claims(self, request):
        person = people()[request.user.username]
        return {
            "preferred_username": request.user.username,
            "name": person.get("name", request.user.username),
            "email": person["email"],
            "email_verified": person["email_verified"],
            "groups": person.get("groups", []),
        }
