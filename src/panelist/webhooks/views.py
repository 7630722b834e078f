"""Admins' pages for webhook subscriptions: anyone else is answered 404."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from panelist.access import permissions
from panelist.core.errors import DomainError
from panelist.webhooks import selectors, services
from panelist.webhooks.forms import SubscriptionForm

NEW_SECRET = "panelist-new-webhook-secret"  # session: {"id": ..., "secret": ...}, shown once


def admins_only(view: Callable) -> Callable:
    @login_required
    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not permissions.can_manage_webhooks(request.user):
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return guarded


def _apply_error(form: SubscriptionForm, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@admins_only
@require_GET
def subscription_list(request: HttpRequest) -> HttpResponse:
    page = selectors.subscriptions_page(request.user, request.GET.get("page"))
    return render(request, "webhooks/list.html", {"page": page, "current": "webhook-list"})


@admins_only
@require_http_methods(["GET", "POST"])
def subscription_create(request: HttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription, secret = services.subscription_create(
                actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _apply_error(form, error)
        else:
            request.session[NEW_SECRET] = {"id": subscription.pk, "secret": secret}
            return redirect("webhook-detail", subscription.pk)
    status = 422 if form.is_bound else 200
    return render(request, "webhooks/create.html", {"form": form}, status=status)


def _detail(request, subscription, form=None, status=200) -> HttpResponse:
    shown = request.session.get(NEW_SECRET)
    new_secret = None
    if shown and shown.get("id") == subscription.pk:
        new_secret = request.session.pop(NEW_SECRET)["secret"]
    form = form or SubscriptionForm(
        initial={"name": subscription.name, "url": subscription.url, "events": subscription.events}
    )
    response = render(
        request,
        "webhooks/detail.html",
        {
            "subscription": subscription,
            "form": form,
            "new_secret": new_secret,
            "page": selectors.deliveries_page(subscription, request.GET.get("page")),
            "disable_after": settings.PANELIST_WEBHOOKS_DISABLE_AFTER,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@admins_only
@never_cache
@require_GET
def subscription_detail(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = selectors.subscription_for(request.user, subscription_id)
    return _detail(request, subscription)


@admins_only
@require_POST
def subscription_edit(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = selectors.subscription_for(request.user, subscription_id)
    form = SubscriptionForm(request.POST)
    if form.is_valid():
        try:
            services.subscription_update(
                actor=request.user, subscription=subscription, **form.cleaned_data
            )
        except DomainError as error:
            _apply_error(form, error)
        else:
            messages.success(request, "Subscription saved.")
            return redirect("webhook-detail", subscription.pk)
    subscription.refresh_from_db()
    return _detail(request, subscription, form, status=422)


@admins_only
@require_POST
def subscription_rotate(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = selectors.subscription_for(request.user, subscription_id)
    secret = services.subscription_rotate_secret(actor=request.user, subscription=subscription)
    request.session[NEW_SECRET] = {"id": subscription.pk, "secret": secret}
    return redirect("webhook-detail", subscription.pk)


@admins_only
@require_POST
def subscription_active(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = selectors.subscription_for(request.user, subscription_id)
    active = request.POST.get("active") == "1"
    services.subscription_set_active(actor=request.user, subscription=subscription, active=active)
    messages.success(
        request,
        "Enabled: events are sent again, starting with those that waited."
        if active
        else "Disabled: events wait until you enable it again.",
    )
    return redirect("webhook-detail", subscription.pk)


@admins_only
@require_POST
def subscription_test(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = selectors.subscription_for(request.user, subscription_id)
    services.subscription_send_test_event(actor=request.user, subscription=subscription)
    messages.success(
        request,
        "A test event is on its way; its delivery shows in the log below."
        if subscription.is_active
        else "A test event waits in the log; it leaves once the subscription is enabled.",
    )
    return redirect("webhook-detail", subscription.pk)


@admins_only
@require_http_methods(["GET", "POST"])
def subscription_delete(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = selectors.subscription_for(request.user, subscription_id)
    if request.method == "POST":
        name = subscription.name
        services.subscription_delete(actor=request.user, subscription=subscription)
        messages.success(request, f"Subscription '{name}' and its delivery log deleted.")
        return redirect("webhook-list")
    return render(request, "webhooks/delete.html", {"subscription": subscription})
