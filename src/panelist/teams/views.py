from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from panelist.access import permissions
from panelist.access.permissions import teams_visible_to
from panelist.core import charts
from panelist.core.charts_http import svg_response
from panelist.core.errors import DomainError
from panelist.core.paging import page_of
from panelist.library.models import Dimension
from panelist.teams import selectors, services
from panelist.teams.models import CoachingPreference, Willingness


@login_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    """The teams the reader sees, 25 to a page."""
    page = page_of(teams_visible_to(request.user).order_by("name", "pk"), request.GET.get("page"))
    return render(request, "teams/list.html", {"page": page})


@login_required
@require_GET
def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The team's coverage and its members' skills, 25 members to a page."""
    inventory = selectors.team_page(request.user, slug, request.GET.get("page"))
    return render(
        request,
        "teams/detail.html",
        {"inv": inventory, "can_coach": permissions.can_state_coaching(request.user)},
    )


@login_required
@require_GET
def team_heatmap(request: HttpRequest, slug: str) -> HttpResponse:
    inventory = selectors.team_inventory(request.user, slug)
    svg = charts.heatmap(
        [m.user.display_name for m, _ in inventory.rows],
        [s.name for s in inventory.skills],
        [levels for _, levels in inventory.rows],
    )
    return svg_response(svg)


@login_required
@require_http_methods(["GET", "POST"])
def coaching(request: HttpRequest) -> HttpResponse:
    """The reader's willingness to coach each assessed dimension, 25 dimensions to a page;
    saving a page changes only the dimensions it shows."""
    if not permissions.can_state_coaching(request.user):
        raise Http404("Coaching preferences belong to hiring managers and team members.")
    number = request.GET.get("page")
    page = page_of(Dimension.objects.filter(assessed=True).order_by("order", "key", "pk"), number)
    if request.method == "POST":
        posted = {
            d: request.POST[f"dimension-{d.pk}"]
            for d in page.object_list
            if f"dimension-{d.pk}" in request.POST
        }
        try:
            services.coaching_preferences_set(actor=request.user, preferences=posted)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Coaching preferences saved.")
            return redirect(f"{reverse('coaching')}?page={page.number}")
    current = dict(
        CoachingPreference.objects.filter(
            manager=request.user, dimension__in=page.object_list
        ).values_list("dimension_id", "willingness")
    )
    page.object_list = [(d, current.get(d.pk, "")) for d in page.object_list]
    return render(request, "teams/coaching.html", {"page": page, "choices": Willingness.choices})
