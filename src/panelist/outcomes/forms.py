"""The review form: one rating and one line of evidence per assessed dimension, then two
plain questions. The rules (every dimension rated with evidence, the review open only once
due, written once) live in ``services.review_submit``."""

from __future__ import annotations

from django import forms

from panelist.outcomes.services import EVIDENCE_MAX

RATING_CHOICES = [
    (1, "1 · well below what the level expects"),
    (2, "2 · somewhat below"),
    (3, "3 · meets it"),
    (4, "4 · above it"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]


class HireStartForm(forms.Form):
    start_date = forms.DateField(
        label="Start date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Give the day they started.", "invalid": "Give a date."},
    )


class ReviewForm(forms.Form):
    would_hire_again = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label="Knowing what you know now, would you hire them again?",
        error_messages={"required": "Say whether you would hire them again."},
    )
    still_in_role = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label="Are they still in the role they were hired for?",
        error_messages={"required": "Say whether they are still in the role."},
    )

    def __init__(self, *args, dimensions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dimension_fields = []
        for item in dimensions:
            dimension = item.dimension
            rating = f"dimension-{dimension.pk}-rating"
            evidence = f"dimension-{dimension.pk}-evidence"
            self.fields[rating] = forms.TypedChoiceField(
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                label=f"{dimension.name}: against the level's expectation",
                error_messages={"required": f"Rate {dimension.name.lower()}."},
            )
            self.fields[evidence] = forms.CharField(
                max_length=EVIDENCE_MAX,
                label=f"{dimension.name}: one line of evidence",
                help_text="What they did that shows it: a piece of work, a moment, a result.",
                error_messages={
                    "required": f"Give one line of evidence for {dimension.name.lower()}.",
                    "max_length": f"Keep it to {EVIDENCE_MAX} characters.",
                },
            )
            self.dimension_fields.append((item, self[rating], self[evidence]))
        # The two questions come after the dimensions.
        self.order_fields([name for name in self.fields if name.startswith("dimension-")])

    def yes_no(self, name: str) -> bool | None:
        value = self.cleaned_data.get(name)
        return None if value is None else value == "yes"
