from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from panelist.access import permissions
from panelist.access.permissions import teams_visible_to
from panelist.core import charts
from panelist.core.charts_http import svg_response
from panelist.core.errors import DomainError
from panelist.library.models import Dimension
from panelist.teams import selectors, services
from panelist.teams.models import CoachingPreference, Willingness


@login_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    teams = teams_visible_to(request.user).order_by("name")
    return render(request, "teams/list.html", {"teams": teams})


@login_required
@require_GET
def team_detail(request: HttpRequest, slug: str) -> HttpResponse:
    inventory = selectors.team_inventory(request.user, slug)
    return render(request, "teams/detail.html", {"inventory": inventory})


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
    if not (permissions.is_hiring_manager(request.user) or permissions.is_admin(request.user)):
        raise Http404("Coaching preferences belong to hiring managers.")
    dimensions = list(Dimension.objects.filter(assessed=True))
    current = {
        p.dimension_id: p.willingness
        for p in CoachingPreference.objects.filter(manager=request.user)
    }
    if request.method == "POST":
        try:
            services.coaching_preferences_set(
                actor=request.user,
                preferences={d: request.POST.get(f"dimension-{d.pk}", "") for d in dimensions},
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Coaching preferences saved.")
            return redirect("coaching")
    rows = [(d, current.get(d.pk, "")) for d in dimensions]
    return render(request, "teams/coaching.html", {"rows": rows, "choices": Willingness.choices})
