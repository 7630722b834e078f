"""The decision-support page and the committee's skill reading."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from panelist.access import permissions
from panelist.calibration.models import OVERALL
from panelist.core import charts
from panelist.core.charts_http import svg_response
from panelist.core.errors import DomainError, NotAllowed
from panelist.decisions import selectors, services
from panelist.decisions.models import SkillHolding
from panelist.hiring import selectors as hiring_selectors
from panelist.teams.models import Skill


class SkillReadingForm(forms.Form):
    skill = forms.IntegerField(widget=forms.HiddenInput)
    holding = forms.ChoiceField(choices=SkillHolding.choices)
    evidence = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


def _application_for_support(user, application_id: int):
    application = hiring_selectors.application_detail(user, application_id)
    if not permissions.reads_scorecard_content(user):
        raise Http404(
            "Decision support reads scorecards, which this organisation does not show recruiters."
        )
    return application


@login_required
@require_GET
def decision_support(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application_for_support(request.user, application_id)
    support = selectors.with_skill_history(
        application, selectors.decision_support(request.user, application)
    )
    return render(
        request,
        "decisions/support.html",
        {
            "application": application,
            "support": support,
            "leadership": selectors.with_leadership(request.user, application, support),
            "can_record": permissions.can_record_committee_recommendation(request.user, application)
            and not application.is_closed,
            "holdings": SkillHolding.choices,
        },
    )


@login_required
@require_POST
def skill_reading(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application_for_support(request.user, application_id)
    form = SkillReadingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose holds, can learn or lacks, and write the evidence.")
        return redirect("decision-support", application.pk)
    skill = Skill.objects.filter(pk=form.cleaned_data["skill"]).first()
    if skill is None:
        raise Http404("No such skill.")
    try:
        services.skill_assessment_record(
            actor=request.user,
            application=application,
            skill=skill,
            holding=form.cleaned_data["holding"],
            evidence=form.cleaned_data["evidence"],
        )
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Recorded: {skill}.")
    return redirect("decision-support", application.pk)


@login_required
@require_GET
def radar_chart(request: HttpRequest, application_id: int) -> HttpResponse:
    """The candidate against the target level, drawn from the same support data as the page."""
    application = _application_for_support(request.user, application_id)
    support = selectors.decision_support(request.user, application)
    target = next(row for row in support.level_rows if row["target"])
    axes = [name for name, _, expected in target["cells"] if expected is not None]
    cells = [(e, x) for _, e, x in target["cells"] if x is not None]
    svg = charts.radar(
        axes,
        [evidence.mean if evidence else None for evidence, _ in cells],
        [expected for _, expected in cells],
        candidate_label=application.candidate.name,
        expected_label=f"{support.fit.target.name} expects",
    )
    return svg_response(svg)


def _opening_for_comparison(user, opening_id: int):
    from panelist.access.permissions import get_visible_or_404, openings_visible_to

    opening = get_visible_or_404(
        openings_visible_to(user).select_related("target_level", "team"), pk=opening_id
    )
    if not permissions.reads_scorecard_content(user):
        raise Http404(
            "The comparison reads scorecards, which this organisation does not show recruiters."
        )
    return opening


MAX_COMPARED = len(charts.PALETTE)  # one distinct colour per candidate in the chart
MAX_IN_PACKET = 20
MAX_ID_DIGITS = 12


@dataclass
class Pick:
    """Which candidates a comparison or packet shows, and what the reader is told about it."""

    choices: list  # applications annotated with ``readable`` (see comparison_choices)
    ids: list[int] = field(default_factory=list)
    error: str = ""
    note: str = ""

    @property
    def query(self) -> str:
        """The pick as ``a=1&a=2``, so the chart and the packet show the same candidates."""
        return urlencode([("a", pk) for pk in self.ids])


def _pick(request: HttpRequest, opening, *, limit: int) -> Pick:
    """Read ``?a=ID&a=ID`` against the candidates the reader may see. With none given, take
    those with a submitted scorecard the reader may read (the newest ``limit`` of them).

    Only the picked candidates are read (or the newest few), so that the cost of a pick
    does not grow with the opening; the comparison lists candidates to pick from itself
    (``_show_choices``)."""
    user = request.user
    raw = request.GET.getlist("a")
    pick = Pick([])
    if not raw:
        assessed = selectors.comparison_choices(user, opening, readable_only=True, limit=limit + 1)
        total = (
            selectors.comparison_choices(user, opening, readable_only=True).count()
            if len(assessed) > limit
            else len(assessed)
        )
        pick.ids = [choice.pk for choice in assessed[:limit]]
        if total > limit:
            pick.note = (
                f"The {limit} most recently added of the {total} candidates with a "
                "submitted scorecard you can read are shown; pick others below."
            )
        return pick
    if len(raw) > limit:
        pick.error = (
            f"Pick at most {limit} candidates; you picked {len(raw)}. Untick some and try again."
        )
        return pick
    bad = next((v for v in raw if not v.isdigit() or len(v) > MAX_ID_DIGITS), None)
    if bad is not None:
        pick.error = (
            f"Candidates are picked by their number (?a=12), and {bad[:20]!r} is not one. "
            "Pick them with the boxes below."
        )
        return pick
    wanted = list(dict.fromkeys(int(v) for v in raw))
    known = set(
        selectors.comparison_choices(user, opening, ids=wanted).values_list("pk", flat=True)
    )
    unknown = [pk for pk in wanted if pk not in known]
    if unknown:
        pick.error = (
            f"Number {unknown[0]} is not one of this opening's candidates you can see. "
            "Pick them with the boxes below."
        )
        return pick
    pick.ids = wanted
    return pick


PICKER_SIZE = 50  # candidates listed to pick from; a search finds the others
MAX_SEARCH = 100


def _show_choices(request: HttpRequest, opening, pick: Pick) -> tuple[str, int, int]:
    """Fill ``pick.choices`` with what the comparison lists to pick from: the picked
    candidates, then the newest others (matching ``?q=`` when given), at most
    ``PICKER_SIZE`` of them. Returns the search, how many others are listed and how many
    matched in all."""
    user = request.user
    search = request.GET.get("q", "").strip()[:MAX_SEARCH]
    picked = list(selectors.comparison_choices(user, opening, ids=pick.ids)) if pick.ids else []
    picked.sort(key=lambda choice: pick.ids.index(choice.pk))
    others_query = selectors.comparison_choices(user, opening, search=search).exclude(
        pk__in=pick.ids
    )
    others = list(others_query[:PICKER_SIZE])
    total = others_query.count() if len(others) == PICKER_SIZE else len(others)
    pick.choices = picked + others
    return search, len(others), total


@login_required
@require_GET
def comparison(request: HttpRequest, opening_id: int) -> HttpResponse:
    opening = _opening_for_comparison(request.user, opening_id)
    pick = _pick(request, opening, limit=MAX_COMPARED)
    search, others_shown, others = _show_choices(request, opening, pick)
    result = selectors.comparison(
        request.user, opening, sort=request.GET.get("sort", "fit"), only=pick.ids
    )
    dimension_rows = [
        (name, [(row.evidence.get(key), row.calibrated.get(key)) for row in result.rows])
        for key, name in result.ctx.names.items()
    ]
    overall_row = [row.calibrated.get(OVERALL) for row in result.rows]
    return render(
        request,
        "decisions/comparison.html",
        {
            "opening": opening,
            "comparison": result,
            "dimension_rows": dimension_rows,
            "overall_row": overall_row,
            "pick": pick,
            "limit": MAX_COMPARED,
            "search": search,
            "others": others,
            "others_shown": others_shown,
        },
        status=400 if pick.error else 200,
    )


@login_required
@require_GET
def comparison_chart(request: HttpRequest, opening_id: int) -> HttpResponse:
    opening = _opening_for_comparison(request.user, opening_id)
    pick = _pick(request, opening, limit=MAX_COMPARED)
    if pick.error:
        return HttpResponse(pick.error, status=400, content_type="text/plain; charset=utf-8")
    result = selectors.comparison(
        request.user, opening, sort=request.GET.get("sort", "fit"), only=pick.ids
    )
    keys = list(result.ctx.names)
    target = next(level for level in result.ctx.ladder if level.key == result.ctx.target_key)
    svg = charts.grouped_bars(
        [result.ctx.names[k] for k in keys],
        [row.application.candidate.name for row in result.rows],
        [
            [row.evidence[k].mean if k in row.evidence else None for k in keys]
            for row in result.rows
        ],
        reference=[target.expected.get(k, 0) for k in keys],
        reference_label=f"{target.name} expects",
    )
    return svg_response(svg)


@login_required
@require_GET
def packet(request: HttpRequest, opening_id: int) -> HttpResponse:
    """One printable page per candidate for the committee meeting: those with a submitted
    scorecard the reader may read, or those picked with ``?a=ID``."""
    opening = _opening_for_comparison(request.user, opening_id)
    pick = _pick(request, opening, limit=MAX_IN_PACKET)
    result = selectors.comparison(request.user, opening, sort="name", only=pick.ids)
    rows = result.rows
    grids = selectors.debriefs(request.user, [row.application.pk for row in rows])
    pages = [
        {
            "row": row,
            "debrief": grids[row.application.pk],
            "shortfalls": [
                (result.ctx.names.get(s.dimension, s.dimension), s)
                for s in row.reading.fit.target_shortfalls
            ],
        }
        for row in rows
    ]
    return render(
        request,
        "decisions/packet.html",
        {
            "opening": opening,
            "pages": pages,
            "target": result.ctx.target_key,
            "band_text": selectors.BAND_TEXT,
            "pick": pick,
        },
        status=400 if pick.error else 200,
    )
