from django import forms

from panelist.decisions.models import Outcome
from panelist.interviews.models import Recommendation
from panelist.library.models import Level


class CommitteeRecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
        label="The committee recommends",
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What the committee weighed, including any flag marked as a possible "
        "cultural difference.",
    )


class DecisionForm(forms.Form):
    """Nothing is preselected: the manager chooses the outcome and, to hire, the level.

    The rules (a rationale for every decision, the committee before a hire, a confirmation to
    hire above the level the evidence supports) live in ``services.decision_record``, so the
    page and the API refuse with the same messages."""

    outcome = forms.ChoiceField(
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an outcome: hire, keep searching or reject."},
    )
    level = forms.ModelChoiceField(
        queryset=Level.objects.select_related("track"),
        required=False,
        empty_label="Choose the level of the offer",
        help_text="The level of the offer, when hiring.",
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=20_000,
        help_text="Required for every decision: why you decide this, in a sentence or two.",
    )
    confirm_above_supported_level = forms.BooleanField(
        required=False,
        label="I confirm hiring above the level the evidence supports",
        help_text="Needed only to hire at a level above the one the evidence supports.",
    )

    def __init__(self, *args, supported_level=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        supports = supported_level.name if supported_level else "no level of the ladder yet"
        self.fields[
            "confirm_above_supported_level"
        ].help_text = f"The evidence supports {supports}. Tick this only to hire above it."
