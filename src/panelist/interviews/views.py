from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from panelist.access.permissions import (
    applications_visible_to,
    assignments_visible_to,
    can_assign_committee,
    get_visible_or_404,
)
from panelist.core.errors import DomainError, NotAllowed, StaleVersion
from panelist.interviews import selectors, services
from panelist.interviews.forms import (
    NEW_FLAG_ROWS,
    AmendmentForm,
    AssignmentForm,
    RescheduleForm,
    ScorecardPost,
)
from panelist.interviews.models import (
    LEARNS_QUICKLY,
    Assignment,
    Recommendation,
    Scorecard,
    Severity,
    SignalDirection,
)
from panelist.library.models import Dimension, Trait

MAX_FLAG_ROWS = 50


@login_required
@require_GET
def scorecard_detail(request: HttpRequest, scorecard_id: int) -> HttpResponse:
    scorecard = selectors.scorecard_detail(request.user, scorecard_id)
    is_author = scorecard.assignment.member_id == request.user.pk
    return render(
        request,
        "interviews/scorecard_detail.html",
        {
            "scorecard": scorecard,
            "amendment_form": AmendmentForm() if is_author and scorecard.is_submitted else None,
            "thin_chars": settings.PANELIST_THIN_EVIDENCE_CHARS,
        },
    )


@login_required
@require_POST
def scorecard_amend(request: HttpRequest, scorecard_id: int) -> HttpResponse:
    scorecard = selectors.scorecard_detail(request.user, scorecard_id)
    form = AmendmentForm(request.POST)
    if form.is_valid():
        try:
            services.amendment_add(
                actor=request.user, scorecard=scorecard, text=form.cleaned_data["text"]
            )
        except NotAllowed as refusal:
            raise PermissionDenied(refusal.message) from None
        except DomainError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, "Amendment added.")
            return redirect("scorecard-detail", scorecard.pk)
    return render(
        request,
        "interviews/scorecard_detail.html",
        {
            "scorecard": scorecard,
            "amendment_form": form,
            "thin_chars": settings.PANELIST_THIN_EVIDENCE_CHARS,
        },
        status=422,
    )


@login_required
@require_GET
def interview_kit(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = selectors.assignment_for_member(request.user, assignment_id)
    from panelist.portal.materials import materials_for_assignment

    return render(
        request,
        "interviews/kit.html",
        {
            "kit": selectors.interview_kit(assignment),
            "materials": materials_for_assignment(assignment),
        },
    )


@dataclass
class Conflict:
    message: str
    saved_version: int
    differences: list[tuple[str, str, str]]  # (what, saved text, your text)


@dataclass
class Saving:
    """What one POST of the scorecard form did."""

    post: ScorecardPost
    scorecard: Scorecard | None
    conflict: Conflict | None = None
    saved: bool = False  # the draft now holds what was posted
    base_version: int = 0  # the version the page was based on, as posted


@login_required
@require_http_methods(["GET", "POST"])
def scorecard_edit(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = selectors.assignment_for_member(request.user, assignment_id)
    scorecard = _existing_scorecard(assignment)
    if scorecard is not None and scorecard.is_submitted:
        if request.htmx:  # a late autosave: send the whole page to the read-only scorecard
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("scorecard-detail", args=[scorecard.pk])
            return response
        return redirect("scorecard-detail", scorecard.pk)
    kit = selectors.interview_kit(assignment)
    traits = list(Trait.objects.all())
    if request.method == "GET":
        return _render_form(request, kit, traits, scorecard)

    saving = _save_draft(request, assignment, kit, traits, scorecard)
    post, conflict = saving.post, saving.conflict
    if request.htmx:
        return render(
            request,
            "interviews/partials/save_status.html",
            {
                "scorecard": saving.scorecard,
                "post": post,
                "conflict": conflict,
                "assignment": assignment,
                "saved": saving.saved,
            },
            status=409 if conflict else 422 if post.errors else 200,
        )
    if conflict or post.errors:
        return _render_form(request, kit, traits, saving.scorecard, saving=saving)
    messages.success(request, "Draft saved.")
    return redirect("scorecard-edit", assignment.pk)


@login_required
@require_POST
def scorecard_submit(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = selectors.assignment_for_member(request.user, assignment_id)
    scorecard = _existing_scorecard(assignment)
    if scorecard is not None and scorecard.is_submitted:
        return redirect("scorecard-detail", scorecard.pk)
    kit = selectors.interview_kit(assignment)
    traits = list(Trait.objects.all())
    saving = _save_draft(request, assignment, kit, traits, scorecard)
    post = saving.post
    if saving.conflict or post.errors:
        return _render_form(request, kit, traits, saving.scorecard, saving=saving)
    if post.pending:
        post.errors.update(post.pending)
        post.errors["form"] = "Your draft is saved, but it cannot be submitted yet."
        return _render_form(request, kit, traits, saving.scorecard, saving=saving)
    try:
        scorecard = services.scorecard_submit(
            actor=request.user,
            scorecard=saving.scorecard,
            expected_version=saving.scorecard.version,
        )
    except services.IncompleteScorecard as incomplete:
        post.errors["form"] = "Your draft is saved, but it cannot be submitted yet."
        post.errors.update(incomplete.problems)
        return _render_form(request, kit, traits, saving.scorecard, saving=saving)
    except StaleVersion as stale:
        saving.scorecard.refresh_from_db()
        saving.conflict = _conflict(stale, saving.scorecard, kit, post)
        saving.saved = False
        return _render_form(request, kit, traits, saving.scorecard, saving=saving)
    except DomainError as error:
        post.errors["form"] = "Your draft is saved, but it cannot be submitted yet."
        post.errors[error.field or "submit"] = error.message
        return _render_form(request, kit, traits, saving.scorecard, saving=saving)
    messages.success(
        request, "Scorecard submitted. You can now read the other members' submitted scorecards."
    )
    return redirect("scorecard-detail", scorecard.pk)


def _posted_int(request, name: str) -> int | None:
    raw = request.POST.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _existing_scorecard(assignment) -> Scorecard | None:
    try:
        return assignment.scorecard
    except Scorecard.DoesNotExist:
        return None


def _save_draft(request, assignment, kit, traits, scorecard) -> Saving:
    """Parse the posted form and save it as the draft.

    The page names the version it shows (``version``) and its editor (``editor``, issued when
    the page was rendered). After a conflict, the page shows the saved version beside its own
    text; only its "Keep mine" button sends ``replace`` with that version, the author's explicit
    choice to replace it.
    """
    flag_rows = min(_posted_int(request, "flag-rows") or 0, MAX_FLAG_ROWS)
    post = ScorecardPost.parse(
        request.POST,
        question_ids=[q.pk for q in kit.questions],
        trait_ids=[t.pk for t in traits],
        flag_rows=flag_rows,
    )
    posted = _posted_int(request, "version")
    base = posted if posted is not None else -1
    saving = Saving(post=post, scorecard=scorecard, base_version=base)
    if post.errors:
        return saving
    replace = _posted_int(request, "replace")
    expected = replace if replace is not None else base
    try:
        if expected == 0:
            # The form was opened before the scorecard existed: it was written against the
            # empty first version, whether this request creates it or a racing autosave did.
            scorecard = services.scorecard_start(actor=request.user, assignment=assignment)
            expected = services.FIRST_VERSION
        elif scorecard is None:
            raise DomainError("This form is out of date; reload the page.")
        saving.scorecard = services.scorecard_save(
            actor=request.user,
            scorecard=scorecard,
            expected_version=expected,
            ratings=post.ratings,
            summary=post.summary,
            recommendation=post.recommendation,
            reason=post.reason,
            signals=post.signals,
            flags=post.flags,
            editor_token=request.POST.get("editor", ""),
        )
        saving.saved = True
    except StaleVersion as stale:
        scorecard.refresh_from_db()
        saving.scorecard = scorecard
        conflict = _conflict(stale, scorecard, kit, post)
        if conflict.differences:
            saving.conflict = conflict
        else:
            # Saved meanwhile with exactly this content: nothing would be lost or overwritten,
            # and the page now shows the saved version.
            saving.saved = True
    except NotAllowed:
        raise
    except DomainError as error:
        post.errors[error.field or "form"] = error.message
    return saving


def _conflict(stale: StaleVersion, scorecard: Scorecard, kit, post: ScorecardPost) -> Conflict:
    saved = {r.question_id: r for r in scorecard.ratings.all()}
    differences = []
    for question in kit.questions:
        rating = saved.get(question.pk)
        posted = post.ratings.get(question.pk)
        theirs = _rating_text(rating.value, rating.not_observed, rating.evidence) if rating else ""
        mine = _rating_text(posted.value, posted.not_observed, posted.evidence) if posted else ""
        if mine != theirs:
            differences.append((question.prompt, theirs, mine))
    if post.summary.strip() != scorecard.summary.strip():
        differences.append(("Summary", scorecard.summary, post.summary))
    saved_signals = {s.trait_id: s for s in scorecard.signals.select_related("trait")}
    for trait_id, (direction, evidence) in post.signal_rows.items():
        saved_signal = saved_signals.get(trait_id)
        saved_text = saved_signal.evidence if saved_signal else ""
        if evidence.strip() != saved_text.strip() or (
            direction != (saved_signal.direction if saved_signal else "")
        ):
            name = saved_signal.trait.name if saved_signal else f"Signal {trait_id}"
            differences.append((name, saved_text, evidence))
    saved_flags = "\n".join(
        f"{f.get_severity_display()}: {f.evidence}" for f in scorecard.flags.all()
    )
    typed_flags = "\n".join(
        f"{row['severity'] or '?'}: {row['evidence']}" for row in post.flag_rows if row["evidence"]
    )
    if saved_flags.lower() != typed_flags.lower():
        differences.append(("Flags", saved_flags, typed_flags))
    if post.recommendation != scorecard.recommendation:
        differences.append(
            (
                "Recommendation",
                scorecard.get_recommendation_display(),
                Recommendation(post.recommendation).label if post.recommendation else "",
            )
        )
    if post.reason.text.strip() != scorecard.recommendation_reason.strip():
        differences.append(
            ("Reason for the recommendation", scorecard.recommendation_reason, post.reason.text)
        )
    return Conflict(stale.message, stale.current_version, differences)


def _rating_text(value, not_observed: bool, evidence: str) -> str:
    """A rating as one line of text, to compare the saved and the posted versions."""
    if not evidence.strip() and value is None and not not_observed:
        return ""
    label = str(value) if value is not None else ("not observed" if not_observed else "unrated")
    return f"[{label}] {evidence.strip()}"


def _error_links(errors: dict[str, str], questions: list[dict]) -> list[dict]:
    """The error summary's items, each a link to the field it is about (when there is one)."""
    numbers = {row["question"].pk: number for number, row in enumerate(questions, start=1)}
    first = f"question-{questions[0]['question'].pk}" if questions else ""
    links = []
    for key, message in errors.items():
        kind, _, rest = key.partition("-")
        target, label = "", ""
        if kind in ("rating", "evidence") and rest.isdigit() and int(rest) in numbers:
            target = f"question-{rest}" if kind == "rating" else f"evidence-{rest}"
            label = f"Question {numbers[int(rest)]}"
        elif key in ("ratings", "evidence"):
            target = first
        elif key == "recommendation":
            target, label = "recommendation", "Recommendation"
        elif key == "recommendation_reason":
            target, label = "recommendation-reason", "Reason"
        elif kind == "signal" and rest.isdigit():
            target = f"signal-evidence-{rest}"
        elif kind == "flag" and rest.isdigit():
            target, label = f"flag-{rest}-evidence", f"Flag {int(rest) + 1}"
        links.append({"target": target, "label": label, "message": message})
    return links


def _render_form(request, kit, traits, scorecard, *, saving: Saving | None = None):
    post = saving.post if saving else None
    conflict = saving.conflict if saving else None
    errors = post.errors if post else {}
    ratings = {}
    signals = {}
    flags = []
    if scorecard is not None:
        ratings = {r.question_id: r for r in scorecard.ratings.all()}
        signals = {s.trait_id: s for s in scorecard.signals.all()}
        flags = list(scorecard.flags.select_related("rating"))
    questions = []
    for question in kit.questions:
        rating = ratings.get(question.pk)
        typed = post.evidence_typed.get(question.pk) if post else None
        evidence = typed if typed is not None else (rating.evidence if rating else "")
        chosen = ""
        if post and f"rating-{question.pk}" in request.POST:
            chosen = request.POST.get(f"rating-{question.pk}", "")
        elif rating is not None:
            chosen = (
                str(rating.value)
                if rating.value is not None
                else ("na" if rating.not_observed else "")
            )
        questions.append(
            {
                "question": question,
                "chosen": chosen,
                "evidence": evidence,
                "thin": bool(chosen and chosen != "na" and services.is_thin(evidence)),
                "error": errors.get(f"rating-{question.pk}"),
                "evidence_error": errors.get(f"evidence-{question.pk}"),
            }
        )
    trait_rows = []
    for trait in traits:
        if post and trait.pk in post.signal_rows:
            direction, evidence = post.signal_rows[trait.pk]
        elif trait.pk in signals:
            direction, evidence = signals[trait.pk].direction, signals[trait.pk].evidence
        else:
            direction, evidence = "", ""
        problem = (
            post.errors.get(f"signal-{trait.pk}") or post.pending.get(f"signal-{trait.pk}")
            if post
            else None
        )
        if post and trait.pk in post.signal_prompts:
            cited = post.signal_prompts[trait.pk]
        elif trait.pk in signals and signals[trait.pk].learning_prompt_id:
            cited = next(
                (
                    p.key
                    for p in kit.learning_prompts
                    if p.pk == signals[trait.pk].learning_prompt_id
                ),
                "",
            )
        else:
            cited = ""
        trait_rows.append(
            {
                "trait": trait,
                "direction": direction,
                "evidence": evidence,
                "error": problem,
                # a learns-quickly signal names the kit's prompt whose answer it rests on
                "prompts": kit.learning_prompts if trait.key == LEARNS_QUICKLY else [],
                "cited": cited,
            }
        )
    saved_flag_rows = [
        {
            "severity": f.severity,
            "evidence": f.evidence,
            "question_id": f.rating.question_id if f.rating else None,
            "cultural": f.possible_cultural_difference,
            "cultural_note": f.cultural_note,
            "error": None,
        }
        for f in flags
    ]
    flag_rows = post.flag_rows if post and post.flag_rows else saved_flag_rows
    if not flag_rows or flag_rows[-1]["evidence"] or flag_rows[-1]["severity"]:
        flag_rows = flag_rows + [
            {
                "severity": "",
                "evidence": "",
                "question_id": None,
                "cultural": False,
                "cultural_note": "",
                "error": None,
            }
            for _ in range(NEW_FLAG_ROWS)
        ]
    if post:
        reason_text, reason_basis = post.reason.text, post.reason_basis
    elif scorecard is not None:
        reason_text = scorecard.recommendation_reason
        reason_basis = (
            "flags" if scorecard.reason_cites_flags else str(scorecard.reason_question_id or "")
        )
    else:
        reason_text, reason_basis = "", ""
    # The page stays on the version its author saw until a save of theirs succeeds: after a
    # conflict, a later save from it must not replace the newer version unasked.
    if saving is not None and not saving.saved:
        version = max(saving.base_version, 0)
    else:
        version = scorecard.version if scorecard else 0
    status = 409 if conflict else 422 if errors else 200
    response = render(
        request,
        "interviews/scorecard_form.html",
        {
            "kit": kit,
            "assignment": kit.assignment,
            "scorecard": scorecard,
            "questions": questions,
            "rated": sum(1 for row in questions if row["chosen"]),
            "trait_rows": trait_rows,
            "flag_rows": flag_rows,
            "summary": post.summary if post else (scorecard.summary if scorecard else ""),
            "recommendation": (
                post.recommendation if post else (scorecard.recommendation if scorecard else "")
            ),
            "reason_text": reason_text,
            "reason_basis": reason_basis,
            "version": version,
            "editor": _editor_for_render(request, kit.assignment),
            "errors": errors,
            "error_links": _error_links(errors, questions),
            "conflict": conflict,
            "recommendations": Recommendation.choices,
            "no_go": [value for value, _ in Recommendation.choices if value in ("no", "strong_no")],
            "severities": Severity.choices,
            "directions": SignalDirection.choices,
            "min_chars": settings.PANELIST_MIN_EVIDENCE_CHARS,
            "thin_chars": settings.PANELIST_THIN_EVIDENCE_CHARS,
        },
        status=status,
    )
    # A duplicated tab or a back navigation must fetch the page again (and so get its own
    # editor), never restore this one with its editor from the cache.
    response["Cache-Control"] = "no-store"
    return response


def _editor_for_render(request, assignment) -> str:
    """The page's editor: a re-rendered form (after a refused save) keeps the one it posted,
    so that it is still the same editor; a new page load gets a new one."""
    posted = request.POST.get("editor", "") if request.method == "POST" else ""
    if posted and services.editor_from_token(assignment, posted):
        return posted
    return services.editor_token(assignment)


@login_required
@require_http_methods(["GET", "POST"])
def committee(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_visible_or_404(
        applications_visible_to(request.user).select_related(
            "candidate", "opening__target_level", "opening__team"
        ),
        pk=application_id,
    )
    if not can_assign_committee(request.user, application):
        messages.error(request, "Only the opening's hiring manager assembles its committee.")
        return redirect("application-detail", application.pk)
    form = AssignmentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assignment_create(
                    actor=request.user,
                    application=application,
                    member=data["member"],
                    dimensions=data["dimensions"],
                    interview_format=data["interview_format"],
                    scheduled_at=data["scheduled_at"],
                    mode=data["mode"],
                    location=data["location"],
                    feedback_due=data["feedback_due"],
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"{data['member']} is on the committee.")
                return redirect(reverse("committee", args=[application.pk]))
        status = 422
    assignments = selectors.committee_of(application)
    assessed = list(Dimension.objects.filter(assessed=True))
    return render(
        request,
        "interviews/committee.html",
        {
            "application": application,
            "assignments": assignments,
            "warnings": selectors.committee_warnings(assignments, assessed),
            "form": form,
        },
        status=status,
    )


def _assignment_to_change(request: HttpRequest, assignment_id: int):
    """The assignment, if the user may see it (else 404) and change the committee (else 403)."""
    assignment = get_visible_or_404(
        assignments_visible_to(request.user).select_related(
            "member",
            "interview_format",
            "scorecard",
            "application__candidate",
            "application__opening",
        ),
        pk=assignment_id,
    )
    if not can_assign_committee(request.user, assignment.application):
        raise PermissionDenied("Only the opening's hiring manager changes its committee.")
    return assignment


def _posted_version(request: HttpRequest) -> int:
    """The version a POSTed change was based on; -1 (never current) when missing or not a
    number, so that such a change is refused as stale."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _schedule_of(assignment) -> dict:
    return {
        "interview_format": assignment.interview_format,
        "scheduled_at": assignment.scheduled_at,
        "mode": assignment.mode,
        "location": assignment.location,
        "feedback_due": assignment.feedback_due,
    }


def _gone(request: HttpRequest, assignment) -> HttpResponse:
    messages.error(request, f"{assignment.member}'s interview was removed meanwhile.")
    return redirect("committee", assignment.application_id)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_change(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = _assignment_to_change(request, assignment_id)
    form = RescheduleForm(
        request.POST if request.method == "POST" else None, initial=_schedule_of(assignment)
    )
    status = 422 if request.method == "POST" else 200
    stale_message = None
    if request.method == "POST" and form.is_valid():
        try:
            services.assignment_reschedule(
                actor=request.user,
                assignment=assignment,
                expected_version=_posted_version(request),
                **form.cleaned_data,
            )
        except StaleVersion as stale:
            # Someone else changed it: show the interview as it stands now, never apply ours.
            try:
                assignment.refresh_from_db()
            except Assignment.DoesNotExist:
                return _gone(request, assignment)
            form = RescheduleForm(initial=_schedule_of(assignment))
            stale_message, status = stale.message, 409
        except DomainError as error:
            if not Assignment.objects.filter(pk=assignment.pk).exists():
                return _gone(request, assignment)
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, f"{assignment.member}'s interview is changed; they have been told."
            )
            return redirect("committee", assignment.application_id)
    return render(
        request,
        "interviews/assignment_change.html",
        {"assignment": assignment, "form": form, "stale_message": stale_message},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_remove(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = _assignment_to_change(request, assignment_id)
    error, status = None, 200
    if request.method == "POST":
        try:
            services.assignment_remove(
                actor=request.user,
                assignment=assignment,
                expected_version=_posted_version(request),
            )
        except DomainError as refusal:
            try:
                assignment.refresh_from_db()
            except Assignment.DoesNotExist:
                return _gone(request, assignment)
            error, status = refusal.message, 409
        else:
            messages.success(
                request,
                f"{assignment.member} is off the committee; their invite has been cancelled.",
            )
            return redirect("committee", assignment.application_id)
    return render(
        request,
        "interviews/assignment_remove.html",
        {
            "assignment": assignment,
            "error": error,
            "has_scorecard": Scorecard.objects.filter(assignment=assignment).exists(),
        },
        status=status,
    )
