"""Reads for the webhook pages, already limited to who may see them."""

from __future__ import annotations

from django.core.paginator import Page

from panelist.access import permissions
from panelist.core.paging import page_of


def subscriptions_page(user, number) -> Page:
    return page_of(
        permissions.webhook_subscriptions_visible_to(user).order_by("name", "id"), number
    )


def subscription_for(user, subscription_id: int):
    return permissions.get_visible_or_404(
        permissions.webhook_subscriptions_visible_to(user), pk=subscription_id
    )


def deliveries_page(subscription, number) -> Page:
    """The subscription's delivery log, newest first."""
    return page_of(subscription.deliveries.order_by("-created_at", "-id"), number)
