"""The candidate's voluntary form, one radio group per active question."""

from __future__ import annotations

from django import forms

from panelist.fairness.models import Answer, Question, SelfIdentification
from panelist.fairness.services import PREFER_NOT_TO_SAY

PREFER_NOT_TO_SAY_LABEL = "Prefer not to say"


class SelfIdentificationForm(forms.Form):
    """Every question may be left unanswered; "Prefer not to say" is always among the
    choices. ``cleaned_answers()`` hands the service what it expects."""

    def __init__(self, *args, questions: list[Question], initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            options = list(question.options.all())
            self.fields[question.key] = forms.TypedChoiceField(
                label=question.label,
                help_text=question.help_text,
                required=False,
                widget=forms.RadioSelect,
                choices=[(str(o.pk), o.label) for o in options]
                + [(PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL)],
                error_messages={"invalid_choice": "Choose one of the answers offered."},
            )
            self.fields[question.key].options = {str(o.pk): o for o in options}
        for key, value in (initial_answers or {}).items():
            if key in self.fields:
                self.initial[key] = value

    def cleaned_answers(self) -> dict:
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.key) or None
            if value is None or value == PREFER_NOT_TO_SAY:
                answers[question] = value
            else:
                answers[question] = self.fields[question.key].options[value]
        return answers


def initial_answers_of(candidate) -> dict[str, str]:
    """The candidate's own answers, to fill their own form again (shown to them only)."""
    response = SelfIdentification.objects.filter(candidate=candidate).first()
    if response is None:
        return {}
    return {
        answer.question.key: str(answer.option_id) if answer.option_id else PREFER_NOT_TO_SAY
        for answer in Answer.objects.filter(response=response).select_related("question")
    }


class ReportScopeForm(forms.Form):
    """Which applications the report reads: all, a team's or an opening's, over an optional
    period. Read from the query string (a report is a read; nothing changes)."""

    team = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Every team", label="Team"
    )
    opening = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Every opening",
        label="Opening",
        help_text="An opening narrows further than its team.",
    )
    start = forms.DateField(
        required=False, label="Applied from", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        required=False, label="Applied up to", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        from panelist.hiring.models import Opening
        from panelist.teams.models import Team

        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")
        self.fields["opening"].queryset = Opening.objects.select_related("target_level").order_by(
            "title", "id"
        )
        for name in ("team", "opening"):
            self.fields[name].error_messages["invalid_choice"] = (
                "Choose one from the list; that one does not exist."
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The period ends before it starts; swap the two dates.")
        opening, team = data.get("opening"), data.get("team")
        if opening and team and opening.team_id != team.pk:
            self.add_error("opening", f"“{opening.title}” is not an opening of team {team}.")
        return data
