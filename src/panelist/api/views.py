"""Pages where each user creates and revokes their own API tokens."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from panelist.api import services
from panelist.api.models import ApiToken
from panelist.core.errors import DomainError

NEW_SECRET = "panelist-new-api-token"  # session key: the secret is shown on the next page only


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What will use it, e.g. 'analysis notebook'. You can revoke it at any time.",
    )


@login_required
@never_cache
@require_GET
def tokens(request: HttpRequest, form: TokenForm | None = None) -> HttpResponse:
    return _page(request, TokenForm())


def _page(request, form, status=200):
    response = render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": ApiToken.objects.filter(user=request.user),
            "new_secret": request.session.pop(NEW_SECRET, None),
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _, secret = services.token_create(actor=request.user, name=form.cleaned_data["name"])
        except DomainError as error:
            form.add_error("name" if error.field == "name" else None, error.message)
        else:
            request.session[NEW_SECRET] = secret
            return redirect("api-tokens")
    return _page(request, form, status=422)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = services.token_revoke(actor=request.user, token_id=token_id)
    except ApiToken.DoesNotExist:
        raise Http404("No such token.") from None
    messages.success(request, f"Token '{token.name}' revoked; it no longer works.")
    return redirect("api-tokens")
