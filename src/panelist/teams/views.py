from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from panelist.access.permissions import teams_visible_to
from panelist.core import charts
from panelist.core.charts_http import svg_response
from panelist.teams import selectors


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
