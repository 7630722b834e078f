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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from panelist.access import permissions
from panelist.calibration.models import OVERALL
from panelist.core import charts
from panelist.core.charts_http import svg_response
from panelist.core.errors import DomainError, NotAllowed
from panelist.decisions import evaluation, selectors, services
from panelist.decisions.models import SkillHolding
from panelist.hiring import selectors as hiring_selectors
from panelist.teams.models import Skill


class SkillReadingForm(forms.Form):
    skill = forms.IntegerField(widget=forms.HiddenInput)
    holding = forms.ChoiceField(choices=SkillHolding.choices)
    evidence = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class MemberSkillReadingForm(forms.Form):
    skill = forms.IntegerField(widget=forms.HiddenInput)
    holding = forms.ChoiceField(
        choices=SkillHolding.choices,
        error_messages={"required": "Choose holds, can learn or lacks."},
    )
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        error_messages={"required": "Say what in your interview showed it."},
    )


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
    evaluation.member_reading_rows(
        support.skill_rows,
        evaluation.latest_member_readings(request.user, application, reach=support.reach),
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
PICKER_SIZE = 50  # candidates listed to pick from, and read for the default pick
MAX_SEARCH = 100


@dataclass
class Pick:
    """Which candidates a comparison, its chart or a packet shows, the candidates listed to
    pick from, and what the reader is told about it."""

    applications: list = field(default_factory=list)  # the picked ones, to show
    choices: list = field(default_factory=list)  # listed to pick from: picked, then others
    reach: dict = field(default_factory=dict)  # scorecard_reach of every listed application
    others: int = 0  # how many others match (the search), listed or not
    others_shown: int = 0
    search: str = ""
    default: bool = False  # nothing was picked: the default rule chose
    error: str = ""
    note: str = ""

    @property
    def ids(self) -> list[int]:
        return [a.pk for a in self.applications]

    @property
    def query(self) -> str:
        """The pick as ``a=1&a=2``, so the chart and the packet show the same candidates."""
        return urlencode([("a", pk) for pk in self.ids])


def _requested(raw: list[str], limit: int) -> tuple[list[int], str]:
    """The application ids of ``?a=ID&a=ID``, or a refusal saying what to do."""
    if len(raw) > limit:
        return [], (
            f"Pick at most {limit} candidates; you picked {len(raw)}. Untick some and try again."
        )
    bad = next((v for v in raw if not v.isdigit() or len(v) > MAX_ID_DIGITS), None)
    if bad is not None:
        return [], (
            f"Candidates are picked by their number (?a=12), and {bad[:20]!r} is not one. "
            "Pick them with the boxes below."
        )
    return list(dict.fromkeys(int(v) for v in raw)), ""


def _pick(request: HttpRequest, opening, *, limit: int, listing: bool) -> Pick:
    """Read ``?a=ID&a=ID`` against the candidates the reader may see, in one query with the
    candidates listed to pick from (``listing``: the comparison lists ``PICKER_SIZE`` others,
    matching ``?q=``), then the reader's reach on every listed one in a second.

    With nothing picked, the default: of the ``PICKER_SIZE`` most recently added candidates,
    those still in play (not decided) whose submitted scorecards the reader reads, newest
    first, at most ``limit``. Only listed candidates are read, so the cost of a page does not
    grow with the opening; the page says when the default leaves candidates out."""
    user = request.user
    wanted, error = _requested(request.GET.getlist("a"), limit)
    pick = Pick(error=error, default=not wanted and not error)
    if listing:
        pick.search = request.GET.get("q", "").strip()[:MAX_SEARCH]
    others = PICKER_SIZE if listing or pick.default else 0
    candidates = selectors.comparison_candidates(
        user, opening, picked=wanted, search=pick.search, others=others
    )
    known = {a.pk for a in candidates.picked}
    unknown = [pk for pk in wanted if pk not in known]
    if unknown:
        pick.error = (
            f"Number {unknown[0]} is not one of this opening's candidates you can see. "
            "Pick them with the boxes below."
        )
    pick.choices = candidates.listed if listing else []
    pick.others, pick.others_shown = candidates.others_total, len(candidates.others)
    listed = candidates.listed
    pick.reach = permissions.scorecard_reach(user, [a.pk for a in listed])
    if pick.error:
        return pick
    if not pick.default:
        pick.applications = candidates.picked
        return pick
    readable = selectors.compared_by_default(candidates.others, pick.reach)
    pick.applications = readable[:limit]
    if len(readable) > limit or candidates.others_total > len(candidates.others):
        matching = f" matching “{pick.search}”" if pick.search else ""
        pick.note = (
            f"Shown by default: of the {len(candidates.others)} most recently added of the "
            f"{candidates.others_total} candidates{matching}, those still in play whose "
            f"submitted scorecards you can read, at most {limit} ({len(pick.applications)} "
            "here)."
        )
    return pick


@login_required
@require_GET
def comparison(request: HttpRequest, opening_id: int) -> HttpResponse:
    opening = _opening_for_comparison(request.user, opening_id)
    pick = _pick(request, opening, limit=MAX_COMPARED, listing=True)
    result = selectors.comparison(
        request.user,
        opening,
        pick.applications,
        reach=pick.reach,
        sort=request.GET.get("sort", "fit"),
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
            "choices": [(a, pick.reach[a.pk]) for a in pick.choices],
            "limit": MAX_COMPARED,
        },
        status=400 if pick.error else 200,
    )


@login_required
@require_GET
def comparison_chart(request: HttpRequest, opening_id: int) -> HttpResponse:
    opening = _opening_for_comparison(request.user, opening_id)
    pick = _pick(request, opening, limit=MAX_COMPARED, listing=False)
    if pick.error:
        return HttpResponse(pick.error, status=400, content_type="text/plain; charset=utf-8")
    result = selectors.comparison(
        request.user,
        opening,
        pick.applications,
        reach=pick.reach,
        sort=request.GET.get("sort", "fit"),
        with_flags=False,
        with_calibration=False,
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
    """One printable page per candidate for the committee meeting: those picked with
    ``?a=ID``, or by default (see ``_pick``) at most ``MAX_IN_PACKET`` of the candidates still
    in play whose submitted scorecards the reader reads."""
    user = request.user
    opening = _opening_for_comparison(user, opening_id)
    pick = _pick(request, opening, limit=MAX_IN_PACKET, listing=False)
    dimensions, expectations = selectors.dimensions_with_expectations(
        manager_id=opening.hiring_manager_id, version_id=opening.library_version_id
    )
    ids = pick.ids
    grids = selectors.debriefs(
        user, ids, reach={pk: pick.reach[pk] for pk in ids}, dimensions=dimensions
    )
    result = selectors.comparison(
        user,
        opening,
        pick.applications,
        reach=pick.reach,
        sort="name",
        dimensions=dimensions,
        expectations=expectations,
        grids=grids,
        with_calibration=False,
    )
    # The final evaluation cites scorecards: printed for readers of every one of them.
    readable = [pk for pk in ids if pick.reach[pk].content and not pick.reach[pk].blind]
    evaluations = evaluation.current_evaluations(
        readable, passages={pk: evaluation.grid_passages(grids[pk]) for pk in readable}
    )
    pages = [
        {
            "row": row,
            "debrief": grids[row.application.pk],
            "evaluation": evaluations.get(row.application.pk),
            "shortfalls": [
                (result.ctx.names.get(s.dimension, s.dimension), s)
                for s in row.reading.fit.target_shortfalls
            ],
        }
        for row in result.rows
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
            "limit": MAX_IN_PACKET,
        },
        status=400 if pick.error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_skill_readings(request: HttpRequest, application_id: int) -> HttpResponse:
    """A committee member's own readings of the skills their interviews touched (holds / can
    learn / lacks, with evidence), and, once they read the submitted scorecards, the other
    members' readings and the manager's summary. 404 for anyone off the committee."""
    from panelist.interviews.models import Assignment

    user = request.user
    application = hiring_selectors.application_detail(user, application_id)
    assignments = list(
        Assignment.objects.filter(application=application, member=user.pk).prefetch_related(
            "dimensions"
        )
    )
    if not assignments:
        raise Http404("Only the candidate's committee members record skill readings.")
    skills = evaluation.skills_touched(assignments)
    form = MemberSkillReadingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        skill = next((s for s in skills if s.pk == form.cleaned_data["skill"]), None)
        if skill is None:
            raise Http404("Your interviews did not touch this skill.")
        try:
            services.member_skill_reading_record(
                actor=user,
                application=application,
                skill=skill,
                holding=form.cleaned_data["holding"],
                evidence=form.cleaned_data["evidence"],
            )
        except NotAllowed as refusal:
            raise PermissionDenied(refusal.message) from None
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Your reading of {skill} is recorded.")
            return redirect("member-skill-readings", application.pk)
    reach = permissions.scorecard_reach(user, [application.pk])[application.pk]
    readings = evaluation.latest_member_readings(user, application, reach=reach)
    mine = {r.skill_id: r for r in readings if r.member_id == user.pk}
    others = [r for r in readings if r.member_id != user.pk]
    return render(
        request,
        "decisions/member_skill_readings.html",
        {
            "application": application,
            "rows": [(skill, mine.get(skill.pk)) for skill in skills],
            "others": others,
            "reach": reach,
            "form": form,
            "holdings": SkillHolding.choices,
        },
        status=422 if form.is_bound else 200,
    )
