"""Thin pages over the notifications services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from panelist.access import permissions
from panelist.access.models import MailDelivery
from panelist.core.errors import DomainError
from panelist.notifications import feeds, selectors, services
from panelist.notifications.models import CalendarFeed

NEW_FEED_SECRET = "panelist-new-calendar-feed"  # session key: the address is shown once


@login_required
@never_cache
@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    secret = request.session.pop(NEW_FEED_SECRET, None)
    response = render(
        request,
        "notifications/calendar.html",
        {
            "feed": CalendarFeed.objects.filter(user=request.user).first(),
            "new_address": request.build_absolute_uri(reverse("calendar-feed-ics", args=[secret]))
            if secret
            else None,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    request.session[NEW_FEED_SECRET] = feeds.calendar_feed_renew(actor=request.user)
    return redirect("calendar-feed")


@login_required
@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if feeds.calendar_feed_revoke(actor=request.user):
        messages.success(request, "Your calendar address no longer works.")
    return redirect("calendar-feed")


@require_GET
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    owner = feeds.feed_owner(secret)
    if owner is None:
        raise Http404("No calendar at this address.")
    response = HttpResponse(feeds.feed_for(owner), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def scorecard_nudge(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = permissions.get_visible_or_404(
        permissions.assignments_visible_to(request.user).select_related(
            "member", "application__opening", "application__candidate"
        ),
        pk=assignment_id,
    )
    try:
        services.scorecard_nudge(actor=request.user, assignment=assignment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{assignment.member} has been sent a reminder.")
    return redirect("debrief", assignment.application_id)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Works without signing in: the signed link names the person and the kind of mail. GET
    asks, POST turns it off.

    Exempt from CSRF, this view alone: a mail program's one-click unsubscribe (RFC 8058) POSTs
    here with no session or token, and the signed link is the authority. A forged POST could
    only turn off news mail for the person the link was sent to."""
    named = services.unsubscribe_read(token)
    user = get_user_model().objects.filter(pk=named[0], is_active=True).first() if named else None
    if user is None:
        raise Http404("This link is not valid.")
    kind = named[1]
    if request.method == "POST":
        services.mail_opt_out(user=user, kind=kind)
    return render(
        request,
        "notifications/unsubscribe.html",
        {
            "organisation": settings.PANELIST_ORGANISATION_NAME,
            "kind_label": kind.label,
            "address": user.email,
            "done": request.method == "POST",
        },
    )


class MailSettingsForm(forms.Form):
    delivery = forms.ChoiceField(
        label="News mail (ready for debrief, decisions)",
        choices=MailDelivery.choices,
        widget=forms.RadioSelect,
        help_text="Mail about your own interviews (invites, changes, scorecard reminders, "
        "nudges) always comes at once. The digest leaves at 08:00 each day.",
    )
    time_zone = forms.ChoiceField(
        label="Your time zone",
        required=False,
        help_text="Times in your mail and invites read in this zone.",
    )

    def __init__(self, *args, current_time_zone: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        names = services.time_zone_names()
        if current_time_zone and current_time_zone not in names:
            names = (current_time_zone, *names)  # an alias set earlier stays choosable
        self.fields["time_zone"].choices = [
            ("", f"The organisation's ({settings.TIME_ZONE})"),
            *((name, name.replace("_", " ")) for name in names),
        ]


@login_required
@require_http_methods(["GET", "POST"])
def mail_settings(request: HttpRequest) -> HttpResponse:
    form = MailSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"delivery": request.user.mail_delivery, "time_zone": request.user.time_zone},
        current_time_zone=request.user.time_zone,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mail_settings_save(
                actor=request.user,
                delivery=form.cleaned_data["delivery"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Your mail settings are saved.")
            return redirect("mail-settings")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "notifications/settings.html",
        {"form": form, "opted_out": selectors.mail_opt_outs_of(request.user)},
        status=status,
    )


@login_required
@require_POST
def mail_opt_in(request: HttpRequest) -> HttpResponse:
    """Undo an unsubscribe: turn one kind of news mail back on."""
    try:
        kind = services.mail_opt_in(user=request.user, kind=request.POST.get("kind", "")[:20])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"You will get '{kind.label}' mail again.")
    return redirect("mail-settings")
