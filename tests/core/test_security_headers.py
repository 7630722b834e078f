"""Every route answers with a strict Content-Security-Policy and a Permissions-Policy.

The routes come from the URL configuration (like tests/access/test_url_matrix.py), so a new
page is checked as soon as it exists; the admin is read through every registered model's list.
Only the API's browsable docs get their own, looser policy.
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import TeamFactory, write_scorecard

API_DOCS = "/api/v1/docs"


def _routes():
    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # read below, one list per registered model
                yield from walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    pattern.namespace or namespace,
                )
            elif isinstance(pattern, URLPattern):
                yield namespace, pattern, prefix + str(pattern.pattern)

    return list(walk(get_resolver().url_patterns))


def _url(route: str, values: dict[str, str]) -> str:
    """The route with each parameter filled from ``values`` (1 for a name it does not know)."""
    filled = re.sub(
        r"<(?:\w+:)?(\w+)>", lambda match: str(values.get(match[1], 1)), route.lstrip("^")
    )
    return "/" + filled.rstrip("$")


def _policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def every_page(process, people, library):
    from panelist.api.services import token_create

    submitted = write_scorecard(process.assignment, submit=True)
    token, _ = token_create(actor=people.manager, name="headers")
    team = TeamFactory()
    values = {
        "opening_id": process.opening.pk,
        "application_id": process.application.pk,
        "candidate_id": process.application.candidate_id,
        "assignment_id": process.assignment.pk,
        "scorecard_id": submitted.pk,
        "token_id": token.pk,
        "number": library.number,
        "stage": "interviewing",
        "slug": team.slug,
    }
    urls = sorted({_url(route, values) for _, _, route in _routes()})
    urls += [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    return urls


def test_every_page_sends_a_strict_policy_and_the_permissions_policy(client, people, every_page):
    answered = {}
    for user in (None, people.manager, people.admin, people.member):
        client.logout()
        if user:
            client.force_login(user)
        for url in every_page:
            response = client.get(url)
            answered[(user, url)] = response.status_code
            policy = _policy(response["Content-Security-Policy"])
            assert policy.get("frame-ancestors") == ["'none'"], (url, policy)
            assert policy["default-src"] == ["'none'"], url
            assert policy["object-src"] == ["'none'"], url
            assert policy["base-uri"] == ["'none'"], url
            for directive in ("script-src", "style-src"):
                if directive == "style-src" and (url == API_DOCS or _is_chart(response)):
                    continue
                assert "'unsafe-inline'" not in policy[directive], (url, directive)
                assert "'unsafe-eval'" not in policy[directive], (url, directive)
            assert "camera=()" in response["Permissions-Policy"], url
            assert "geolocation=()" in response["Permissions-Policy"], url
            if response.status_code == 200 and "text/html" in response["Content-Type"]:
                _scripts_carry_the_nonce(url, response, policy)
    pages = sum(1 for status in answered.values() if status == 200)
    print(f"{len(every_page)} URLs for 4 readers: {len(answered)} answers, {pages} of them 200")
    assert pages > 100


def _is_chart(response) -> bool:
    """An SVG chart holds matplotlib's <style>; opened on its own it runs no script."""
    if not response["Content-Type"].startswith("image/svg+xml"):
        return False
    return _policy(response["Content-Security-Policy"])["script-src"] == ["'none'"]


def _scripts_carry_the_nonce(url, response, policy):
    html = response.content.decode()
    inline = r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>\s*[^<\s]"
    assert not re.search(inline, html), f"inline script: {url}"
    assert not re.search(r"<style\b", html) or url.startswith("/admin/"), f"<style>: {url}"
    assert not re.search(r"\sstyle=\"", html) or url.startswith("/admin/"), f"style=: {url}"
    if url.startswith(("/admin/", API_DOCS)):
        return
    nonces = set(re.findall(r'<script [^>]*nonce="([^"]+)"', html))
    assert len(nonces) == 1, url
    assert f"'nonce-{nonces.pop()}'" in policy["script-src"], url


def test_only_the_api_docs_get_the_looser_policy(client, people):
    client.force_login(people.manager)
    docs = _policy(client.get(API_DOCS)["Content-Security-Policy"])
    assert docs["style-src"] == ["'self'", "'unsafe-inline'"]
    assert docs["img-src"] == ["'self'", "data:"]
    assert docs["script-src"] == ["'self'"]
    assert docs["frame-ancestors"] == ["'none'"]

    page = _policy(client.get(reverse("home"))["Content-Security-Policy"])
    assert page["style-src"] == ["'self'"]
    assert page["img-src"] == ["'self'", "data:"]  # the two-factor set-up's QR code


def test_htmx_is_told_not_to_inject_styles_or_evaluate_code(client, people):
    client.force_login(people.manager)
    html = client.get(reverse("home")).content.decode()
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html
