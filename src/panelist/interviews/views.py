from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from panelist.interviews import selectors


@login_required
@require_GET
def scorecard_detail(request: HttpRequest, scorecard_id: int) -> HttpResponse:
    scorecard = selectors.scorecard_detail(request.user, scorecard_id)
    return render(request, "interviews/scorecard_detail.html", {"scorecard": scorecard})
