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
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect)
    level = forms.ModelChoiceField(
        queryset=Level.objects.select_related("track"),
        required=False,
        help_text="The level of the offer, when hiring.",
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Required when the decision departs from the committee's recommendation.",
    )
