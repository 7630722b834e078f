"""Tokens: shown once, stored hashed, revocable; every API route needs one."""

import re

from django.urls import reverse

from panelist.api.models import ApiToken
from panelist.api.services import token_create, token_revoke
from panelist.api.v1 import api

PUBLIC = {"/api/v1/openapi.json", "/api/v1/docs"}


def _operations():
    """(method, path) of every operation in the schema, with 1 for each path parameter."""
    schema = api.get_openapi_schema()
    for path, item in schema["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        for method in item:
            yield method.upper(), concrete, path


def test_every_api_route_is_in_the_schema():
    from django.urls import URLPattern, URLResolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name != "api-root":
                yield prefix + str(pattern.pattern)

    routes = {"/api/v1/" + r for r in walk(api.urls[0])}
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", r) for r in routes}
    documented = set(api.get_openapi_schema()["paths"])
    assert routes - {"/api/v1/openapi.json", "/api/v1/docs"} == documented
    assert len(documented) >= 20


def test_every_operation_refuses_a_request_without_a_valid_token(client, people):
    _, secret = token_create(actor=people.admin, name="to revoke")
    token = ApiToken.objects.get(user=people.admin)
    token_revoke(actor=people.admin, token_id=token.pk)
    for method, path, _ in _operations():
        for headers in ({}, {"Authorization": f"Bearer {secret}"}, {"Authorization": "Bearer x"}):
            response = client.generic(method, path, headers=headers)
            assert response.status_code == 401, (method, path, headers)


def test_a_deactivated_users_token_stops_working(client, people, bearer):
    headers = bearer(people.manager)
    assert client.get("/api/v1/openings", headers=headers).status_code == 200
    people.manager.is_active = False
    people.manager.save()
    assert client.get("/api/v1/openings", headers=headers).status_code == 401


def test_schema_and_docs_are_public_and_served_without_a_cdn(client, db):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()


def test_a_token_is_shown_once_and_stored_only_as_a_hash(client, people):
    client.force_login(people.member)
    created = client.post(reverse("api-token-create"), {"name": "notebook"}, follow=True)
    page = created.content.decode()
    secret = re.search(r'value="(pnl_[^"]+)"', page).group(1)
    token = ApiToken.objects.get(user=people.member)
    assert token.name == "notebook" and secret.startswith(token.prefix)
    assert secret not in {token.digest, token.prefix}
    assert not ApiToken.objects.filter(digest__contains=secret).exists()
    again = client.get(reverse("api-tokens")).content.decode()
    assert secret not in again and token.prefix in again
    api_call = client.get("/api/v1/openings", headers={"Authorization": f"Bearer {secret}"})
    assert api_call.status_code == 200


def test_a_nameless_token_is_refused_with_the_form_kept(client, people):
    client.force_login(people.member)
    response = client.post(reverse("api-token-create"), {"name": "  "})
    assert response.status_code == 422
    assert b"This field is required" in response.content or b"Name the token" in response.content
    assert not ApiToken.objects.exists()


def test_revoking_stops_the_token_and_others_tokens_are_out_of_reach(client, people, bearer):
    headers = bearer(people.member)
    token = ApiToken.objects.get(user=people.member)
    client.force_login(people.other_member)
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    assert client.get("/api/v1/openings", headers=headers).status_code == 200
    client.force_login(people.member)
    assert client.get(reverse("api-token-revoke", args=[token.pk])).status_code == 405
    client.post(reverse("api-token-revoke", args=[token.pk]))
    assert client.get("/api/v1/openings", headers=headers).status_code == 401


def test_a_refused_token_answers_the_refusal_shape_saying_what_to_do(client, people):
    _, secret = token_create(actor=people.member, name="to revoke")
    token_revoke(actor=people.member, token_id=ApiToken.objects.get(user=people.member).pk)
    cases = {
        "no Authorization header": {},
        "not of the form": {"Authorization": "Token abc"},
        "unknown, revoked": {"Authorization": f"Bearer {secret}"},
    }
    for problem, headers in cases.items():
        response = client.get("/api/v1/openings", headers=headers)
        assert response.status_code == 401
        body = response.json()
        assert body["detail"].startswith("Send a personal API token as `Authorization: Bearer")
        assert "under API tokens (/account/tokens/)" in body["detail"]
        assert problem in body["detail"]
        assert body["field"] == "Authorization"
        assert body["errors"][0]["loc"] == ["header", "Authorization"]
        assert problem in body["errors"][0]["msg"]
