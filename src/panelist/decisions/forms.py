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


class FinalEvaluationForm(forms.Form):
    """The four questions of the final evaluation (``evaluation.QUESTIONS``); the rules live
    in ``services.final_evaluation_record``. ``passages``: what questions 3 and 4 may cite."""

    coaching = forms.CharField(
        label="1. Can you and the team coach this person in what they lack?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text="Prefilled from the gaps and who coaches them; edit it to your reading.",
    )
    complement = forms.CharField(
        label="2. Do they bring skills that complement the team's?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text="Prefilled from the enhancers and the single points of failure covered.",
    )
    collaboration = forms.CharField(
        label="3. Will they work well with teammates and collaborators?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text="Do they leave people clearer or more confused; does their humour suit the "
        "team or grate? Answer from the passages you cite below.",
    )
    q3_citations = forms.MultipleChoiceField(
        label="Passages question 3 rests on", required=False, widget=forms.CheckboxSelectMultiple
    )
    collaboration_concern = forms.CharField(
        label="A concern about working with others (if any)",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
    )
    concern_possible_cultural_difference = forms.BooleanField(
        label="This concern may reflect a cultural difference",
        required=False,
        help_text="Weigh it as such rather than act on it silently, as with a flag.",
    )
    confidence = forms.CharField(
        label="4. Do they have the confidence to carry their ideas in a group, with a track "
        "record of doing so?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    q4_citations = forms.MultipleChoiceField(
        label="Passages question 4 rests on", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, passages=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.passages = list(passages)
        for question in (3, 4):
            self.fields[f"q{question}_citations"].choices = [
                (p.ref, p.label) for p in self.passages if question in p.questions
            ]

    def passages_for(self, question: int) -> list:
        chosen = set(self[f"q{question}_citations"].value() or [])
        return [(p, p.ref in chosen) for p in self.passages if question in p.questions]

    @property
    def q3_passages(self) -> list:
        return self.passages_for(3)

    @property
    def q4_passages(self) -> list:
        return self.passages_for(4)

    def citations(self) -> dict[int, list[str]]:
        return {3: self.cleaned_data["q3_citations"], 4: self.cleaned_data["q4_citations"]}
