from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from panelist.access import permissions
from panelist.access.permissions import (
    applications_visible_to,
    candidates_visible_to,
    get_visible_or_404,
    openings_visible_to,
)
from panelist.core.errors import DomainError, NotAllowed, StaleVersion
from panelist.core.paging import page_of
from panelist.hiring import selectors, services
from panelist.hiring.forms import (
    ApplicationFilterForm,
    AttachForm,
    CandidateForm,
    CandidateMergeForm,
    CandidateNotesForm,
    CandidateSearchForm,
    OpeningForm,
    StageForm,
)
from panelist.hiring.models import OpeningStatus, Stage


@login_required
@require_GET
def opening_detail(request: HttpRequest, opening_id: int) -> HttpResponse:
    opening = selectors.opening_page(request.user, opening_id)
    return render(
        request,
        "hiring/opening_detail.html",
        {
            "opening": opening,
            "stages": selectors.opening_stages(request.user, opening),
            "page_size": selectors.STAGE_PAGE_SIZE,
            "can_edit": permissions.can_edit_opening(request.user, opening),
            "can_add_candidates": permissions.can_manage_candidates(request.user),
            "reads_content": permissions.reads_scorecard_content(request.user),
        },
    )


@login_required
@require_GET
def opening_stage(request: HttpRequest, opening_id: int, stage: str) -> HttpResponse:
    """One stage of an opening, a page at a time: the opening's "more" loads the next page
    into its list through htmx; without JavaScript the same link opens this page."""
    if stage not in Stage.values:
        raise Http404("No such stage.")
    opening = selectors.opening_page(request.user, opening_id)
    page = page_of(
        selectors.stage_applications(request.user, opening, Stage(stage)),
        request.GET.get("page"),
        per_page=selectors.STAGE_PAGE_SIZE,
    )
    page.object_list = selectors.mark_ready_for_debrief(page.object_list)
    context = {
        "opening": opening,
        "stage": Stage(stage),
        "page": page,
        "remaining": page.paginator.count - page.end_index(),
    }
    if request.htmx:
        return render(request, "hiring/partials/stage_more.html", context)
    return render(request, "hiring/opening_stage.html", context)


@login_required
@require_GET
def application_list(request: HttpRequest) -> HttpResponse:
    """Every application the reader sees, searched and filtered, 25 to a page."""
    form = ApplicationFilterForm(request.GET, openings=openings_visible_to(request.user))
    page = page_of(selectors.applications_list(request.user, form.query()), request.GET.get("page"))
    page.object_list = selectors.mark_ready_for_debrief(page.object_list)
    filtered = any(form.data.get(name) for name in form.fields)
    return render(
        request, "hiring/application_list.html", {"form": form, "page": page, "filtered": filtered}
    )


@login_required
@require_http_methods(["GET", "POST"])
def opening_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_open_openings(request.user):
        raise Http404("Only hiring managers open openings.")
    form = OpeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opening = services.opening_create(
                actor=request.user,
                title=data["title"],
                team=data["team"],
                hiring_manager=request.user,
                target_level=data["target_level"],
                library_version=data["library_version"],
                required_skills=form.required_skills(),
                description=data["description"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Opening created. Add candidates, then assemble a committee.")
            return redirect("opening-detail", opening.pk)
    return render(
        request,
        "hiring/opening_form.html",
        {"form": form, "opening": None},
        status=422 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def opening_edit(request: HttpRequest, opening_id: int) -> HttpResponse:
    opening = get_visible_or_404(
        openings_visible_to(request.user).prefetch_related("required_skills"), pk=opening_id
    )
    if not permissions.can_edit_opening(request.user, opening):
        raise Http404("Only the opening's hiring manager edits it.")
    initial = {
        "title": opening.title,
        "team": opening.team_id,
        "target_level": opening.target_level_id,
        "library_version": opening.library_version_id,
        "description": opening.description,
        **{f"skill_{r.skill_id}": r.importance for r in opening.required_skills.all()},
    }
    form = OpeningForm(request.POST or None, initial=initial)
    version = _posted_version(request, opening.version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.opening_update(
                actor=request.user,
                opening=opening,
                expected_version=version,
                title=data["title"],
                team=data["team"],
                target_level=data["target_level"],
                library_version=data["library_version"],
                required_skills=form.required_skills(),
                description=data["description"],
            )
        except StaleVersion as stale:
            form.add_error(None, stale.message)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Opening saved.")
            return redirect("opening-detail", opening.pk)
    return render(
        request,
        "hiring/opening_form.html",
        {"form": form, "opening": opening, "version": version},
        status=422 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_candidates(request.user):
        raise Http404("Only recruiters add candidates.")
    openings = openings_visible_to(request.user).filter(status=OpeningStatus.OPEN)
    form = CandidateForm(
        request.POST or None, openings=openings, initial={"opening": request.GET.get("opening")}
    )
    duplicate, similar = None, []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                candidate = services.candidate_create(
                    actor=request.user,
                    name=data["name"],
                    email=data["email"],
                    code_sample_url=data["code_sample_url"],
                    seminar_title=data["seminar_title"],
                    seminar_abstract=data["seminar_abstract"],
                    notes=data["notes"],
                    similar_name_confirmed=data["similar_name_confirmed"],
                )
                application = services.application_create(
                    actor=request.user, candidate=candidate, opening=data["opening"]
                )
        except services.DuplicateCandidate as error:
            form.add_error("email", error.message)
            duplicate = _existing_on(error.existing, data["opening"])
        except services.SimilarCandidates as error:
            form.add_error("similar_name_confirmed", error.message)
            similar = [_existing_on(match, data["opening"]) for match in error.matches]
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"{candidate} added.")
            return redirect("application-detail", application.pk)
    if not similar:
        del form.fields["similar_name_confirmed"]  # asked only once a name looks alike
    return render(
        request,
        "hiring/candidate_form.html",
        {"form": form, "duplicate": duplicate, "similar": similar},
        status=422 if form.is_bound else 200,
    )


def _existing_on(candidate, opening) -> dict:
    """An existing candidate as the add form offers them: their applications, and the one on
    the chosen opening if they are already there."""
    applications = list(candidate.applications.select_related("opening").order_by("created_at"))
    return {
        "candidate": candidate,
        "applications": applications,
        "on_opening": next((a for a in applications if a.opening_id == opening.pk), None),
        "opening": opening,
    }


@login_required
@require_POST
def candidate_attach(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Attach an existing candidate to an opening: offered when the add form finds them."""
    if not permissions.can_manage_candidates(request.user):
        raise Http404("Only recruiters attach candidates.")
    candidate = get_visible_or_404(candidates_visible_to(request.user), pk=candidate_id)
    form = AttachForm(
        request.POST,
        openings=openings_visible_to(request.user).filter(status=OpeningStatus.OPEN),
    )
    if not form.is_valid():
        messages.error(request, "Choose one of the open openings.")
        return redirect("candidate-create")
    try:
        application = services.application_create(
            actor=request.user, candidate=candidate, opening=form.cleaned_data["opening"]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("candidate-create")
    messages.success(request, f"{candidate} attached to {application.opening.title}.")
    return redirect("application-detail", application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def candidate_notes(request: HttpRequest, application_id: int) -> HttpResponse:
    """Edit the notes of the application's candidate, refusing an edit over a newer one."""
    application = selectors.application_detail(request.user, application_id)
    candidate = application.candidate
    if not permissions.reads_candidate_notes(request.user, application):
        raise Http404("Only those who manage the candidate read their notes.")
    form = CandidateNotesForm(request.POST or None, initial={"notes": candidate.notes})
    version = _posted_version(request, candidate.version)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_update_notes(
                actor=request.user,
                candidate=candidate,
                notes=form.cleaned_data["notes"],
                expected_version=version,
            )
        except NotAllowed as refusal:
            raise PermissionDenied(refusal.message) from None
        except StaleVersion as stale:
            form.add_error(None, stale.message)
            candidate.refresh_from_db()
        except DomainError as error:
            form.add_error("notes", error.message)
        else:
            messages.success(request, "Notes saved.")
            return redirect("application-detail", application.pk)
    return render(
        request,
        "hiring/candidate_notes.html",
        {"form": form, "application": application, "candidate": candidate, "version": version},
        status=422 if form.is_bound else 200,
    )


MERGE_SEARCH_RESULTS = 20


@login_required
@require_http_methods(["GET", "POST"])
def candidate_merge(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Find a duplicate record of this candidate and fold it into this one."""
    if not permissions.can_manage_candidates(request.user):
        raise Http404("Only recruiters and admins merge candidates.")
    visible = candidates_visible_to(request.user)
    keep = get_visible_or_404(visible, pk=candidate_id)
    if request.method == "POST":
        form = CandidateMergeForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose one of the listed candidates to merge.")
            return redirect("candidate-merge", keep.pk)
        merge = get_visible_or_404(visible, pk=form.cleaned_data["merge"])
        try:
            services.candidate_merge(actor=request.user, keep=keep, merge=merge)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("candidate-merge", keep.pk)
        messages.success(request, f"{merge.name}'s record is merged into {keep.name}.")
        return redirect("candidate-merge", keep.pk)
    search = CandidateSearchForm(request.GET or None)
    suggestions = selectors.possible_duplicates(keep)
    results = []
    if search.is_bound and search.is_valid() and search.cleaned_data["q"].strip():
        results = selectors.candidates_matching(
            visible, search.cleaned_data["q"], exclude=keep, limit=MERGE_SEARCH_RESULTS
        )
    return render(
        request,
        "hiring/candidate_merge.html",
        {
            "keep": keep,
            "keep_applications": keep.applications.select_related("opening").order_by("created_at"),
            "suggestions": suggestions,
            "search": search,
            "results": results,
            "limit": MERGE_SEARCH_RESULTS,
        },
    )


@login_required
@require_GET
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = selectors.application_detail(request.user, application_id)
    from panelist.interviews.selectors import committee_of, scorecards_of_application
    from panelist.portal.selectors import candidate_side

    user = request.user
    assignments = committee_of(application)
    reach = permissions.scorecard_reach(user, [application.pk])[application.pk]
    return render(
        request,
        "hiring/application_detail.html",
        {
            "application": application,
            "assignments": assignments,
            "scorecards": scorecards_of_application(user, application),
            "events": selectors.timeline(user, application, blind=reach.blind),
            "show_rationale": permissions.reads_decision_rationale(user, application, reach=reach),
            "show_notes": permissions.reads_candidate_notes(user, application),
            "can_merge": permissions.can_manage_candidates(user),
            "stage_form": StageForm(initial={"stage": application.stage}),
            "can_move": (
                not application.is_closed
                and (
                    permissions.can_manage_candidates(user)
                    or permissions.can_edit_opening(user, application.opening)
                )
            ),
            "can_assign": permissions.can_assign_committee(user, application),
            "can_decide": permissions.can_decide(user, application),
            "reads_content": permissions.reads_scorecard_content(user),
            "reach": reach,
            "ready_for_debrief": application.pk in selectors.ready_for_debrief([application.pk]),
            "my_assignments": [a for a in assignments if a.member_id == user.pk],
            "candidate_side": candidate_side(user, application),
            "manages_privacy": permissions.can_manage_candidate_privacy(user),
            "attach_form": (
                AttachForm(openings=_other_open_openings(user, application))
                if permissions.can_manage_candidates(user)
                else None
            ),
        },
    )


@login_required
@require_POST
def application_move(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_visible_or_404(
        applications_visible_to(request.user).select_related("opening"), pk=application_id
    )
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the listed stages.")
    else:
        try:
            services.application_move(
                actor=request.user, application=application, stage=Stage(form.cleaned_data["stage"])
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Moved to {application.get_stage_display()}.")
    return redirect("application-detail", application.pk)


def _other_open_openings(user, application):
    return (
        openings_visible_to(user)
        .filter(status=OpeningStatus.OPEN)
        .exclude(applications__candidate=application.candidate_id)
    )


@login_required
@require_POST
def application_attach(request: HttpRequest, application_id: int) -> HttpResponse:
    """Consider the same candidate for another opening: a new application, same candidate."""
    application = get_visible_or_404(
        applications_visible_to(request.user).select_related("candidate"), pk=application_id
    )
    form = AttachForm(request.POST, openings=_other_open_openings(request.user, application))
    if not form.is_valid():
        messages.error(request, "Choose one of the listed open openings.")
        return redirect("application-detail", application.pk)
    try:
        new = services.application_create(
            actor=request.user,
            candidate=application.candidate,
            opening=form.cleaned_data["opening"],
        )
    except NotAllowed as refusal:
        raise PermissionDenied(refusal.message) from None
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("application-detail", application.pk)
    messages.success(
        request, f"{application.candidate} is now also considered for {new.opening.title}."
    )
    return redirect("application-detail", new.pk)


def _posted_version(request: HttpRequest, current: int) -> int:
    """The version a POSTed edit was based on (-1, never current, when it is missing or not a
    number, so that the edit is refused as stale); ``current`` on GET."""
    if request.method != "POST":
        return current
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1
