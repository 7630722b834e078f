"""Forms for the committee and the scorecard.

The scorecard's fields depend on the rubric version and the assignment, so it is parsed by
``ScorecardPost`` rather than a static Django form; it turns the POST into the services' inputs
and collects every problem with the field it belongs to, so nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms

from panelist.access.models import Role, User
from panelist.interviews.models import Mode, Recommendation, Severity, SignalDirection
from panelist.interviews.services import FlagInput, RatingInput, ReasonInput, SignalInput
from panelist.library.models import RATING_MAX, RATING_MIN, Dimension, InterviewFormat

NOT_OBSERVED = "na"
REASON_ON_FLAGS = "flags"
NEW_FLAG_ROWS = 1


class AssignmentForm(forms.Form):
    member = forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True).exclude(role=Role.RECRUITER),
        help_text="Usually someone the new hire will work with closely.",
    )
    dimensions = forms.ModelMultipleChoiceField(
        queryset=Dimension.objects.filter(assessed=True),
        widget=forms.CheckboxSelectMultiple,
        help_text="What this member assesses. More than two per member is a lot for one interview.",
    )
    interview_format = forms.ModelChoiceField(
        queryset=InterviewFormat.objects.prefetch_related("dimensions"), label="Format"
    )
    scheduled_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        label="Scheduled for",
    )
    mode = forms.ChoiceField(choices=Mode.choices, initial=Mode.IN_PERSON)
    location = forms.CharField(
        required=False,
        max_length=500,
        label="Meeting link or room",
    )
    feedback_due = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        label="Feedback due",
    )


class RescheduleForm(forms.Form):
    """When, where and how one committee member's interview happens; who and what stay."""

    interview_format = forms.ModelChoiceField(
        queryset=InterviewFormat.objects.all(), label="Format", empty_label=None
    )
    scheduled_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        label="Scheduled for",
    )
    mode = forms.ChoiceField(choices=Mode.choices)
    location = forms.CharField(required=False, max_length=500, label="Meeting link or room")
    feedback_due = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        label="Feedback due",
    )


class AmendmentForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Correction",
        help_text="Appended with today's date; the submitted scorecard itself stays unchanged.",
    )


@dataclass
class ScorecardPost:
    """The scorecard form as posted.

    ``errors`` block any save (a rating off the scale); ``pending`` are rows not complete yet
    (a flag without a severity, a signal without evidence): a draft saves everything else and
    says what is pending, and submitting waits until nothing is.
    """

    ratings: dict[int, RatingInput] = field(default_factory=dict)
    signals: dict[int, SignalInput | None] = field(default_factory=dict)
    flags: list[FlagInput] = field(default_factory=list)
    summary: str = ""
    recommendation: str = ""
    reason: ReasonInput = field(default_factory=lambda: ReasonInput(""))
    reason_basis: str = ""  # as posted: "", REASON_ON_FLAGS or a question id
    errors: dict[str, str] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)
    # what the user typed, to show back after an error or a conflict
    evidence_typed: dict[int, str] = field(default_factory=dict)
    signal_rows: dict[int, tuple[str, str]] = field(default_factory=dict)
    signal_prompts: dict[int, str] = field(default_factory=dict)  # trait id -> prompt key cited
    flag_rows: list[dict] = field(default_factory=list)

    @classmethod
    def parse(cls, data, *, question_ids, trait_ids, flag_rows: int) -> ScorecardPost:
        post = cls(summary=data.get("summary", ""), recommendation=data.get("recommendation", ""))
        for question_id in question_ids:
            raw = data.get(f"rating-{question_id}", "")
            evidence = data.get(f"evidence-{question_id}", "")
            post.evidence_typed[question_id] = evidence
            if raw == "":
                # evidence noted before the rating is chosen is kept; none at all clears the row
                post.ratings[question_id] = RatingInput(None, evidence)
                continue
            if raw == NOT_OBSERVED:
                post.ratings[question_id] = RatingInput(None, evidence, not_observed=True)
                continue
            try:
                value = int(raw)
            except ValueError:
                value = None
            if value is None or not RATING_MIN <= value <= RATING_MAX:
                post.errors[f"rating-{question_id}"] = (
                    f"Choose a rating from {RATING_MIN} to {RATING_MAX}, or 'not observed'."
                )
                continue
            post.ratings[question_id] = RatingInput(value, evidence)
        for trait_id in trait_ids:
            direction = data.get(f"signal-{trait_id}", "")
            evidence = data.get(f"signal-evidence-{trait_id}", "")
            post.signal_rows[trait_id] = (direction, evidence)
            prompt = data.get(f"signal-prompt-{trait_id}", "")[:60]
            post.signal_prompts[trait_id] = prompt
            if direction in SignalDirection.values and evidence.strip():
                post.signals[trait_id] = SignalInput(SignalDirection(direction), evidence, prompt)
            elif direction in SignalDirection.values:
                post.pending[f"signal-{trait_id}"] = (
                    "Say what the candidate did that shows the trait; the signal is saved then."
                )
            elif not evidence.strip():
                post.signals[trait_id] = None
            else:
                post.pending[f"signal-{trait_id}"] = (
                    "Choose whether the note shows the trait or speaks against it."
                )
        for row in range(flag_rows):
            evidence = data.get(f"flag-{row}-evidence", "").strip()
            severity = data.get(f"flag-{row}-severity", "")
            question = data.get(f"flag-{row}-question", "")
            cultural = bool(data.get(f"flag-{row}-cultural"))
            note = data.get(f"flag-{row}-cultural-note", "")
            deleted = bool(data.get(f"flag-{row}-delete"))
            post.flag_rows.append(
                {
                    "severity": severity,
                    "evidence": evidence,
                    "question_id": int(question) if question.isdigit() else None,
                    "cultural": cultural,
                    "cultural_note": note,
                    "error": None,
                }
            )
            if deleted or (not evidence and not severity):
                continue
            if severity not in Severity.values:
                post.pending[f"flag-{row}"] = "Choose orange or red; the flag is saved then."
                post.flag_rows[-1]["error"] = post.pending[f"flag-{row}"]
                continue
            if not evidence:
                post.pending[f"flag-{row}"] = "Write the detail that raised the flag."
                post.flag_rows[-1]["error"] = post.pending[f"flag-{row}"]
                continue
            post.flags.append(
                FlagInput(
                    severity=Severity(severity),
                    evidence=evidence,
                    question_id=post.flag_rows[-1]["question_id"],
                    possible_cultural_difference=cultural,
                    cultural_note=note,
                )
            )
        post.reason_basis = data.get("reason-basis", "")
        basis = post.reason_basis
        on_question = basis.isdigit() and len(basis) < 10 and int(basis) in question_ids
        post.reason = ReasonInput(
            text=data.get("recommendation-reason", ""),
            question_id=int(basis) if on_question else None,
            cites_flags=basis == REASON_ON_FLAGS,
        )
        if post.recommendation and post.recommendation not in Recommendation.values:
            post.errors["recommendation"] = "Choose strong no, no, yes or strong yes."
            post.recommendation = ""
        return post
