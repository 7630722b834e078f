from __future__ import annotations

from django import forms

from panelist.hiring.models import Importance, OpeningStatus, Stage
from panelist.hiring.services import NOTES_MAX_CHARS
from panelist.library.models import Level, LibraryVersion
from panelist.teams.models import Skill, Team

NOT_REQUIRED = ""


class OpeningForm(forms.Form):
    """An opening and its required skills; one select per skill (not required / must / nice)."""

    title = forms.CharField(max_length=200)
    team = forms.ModelChoiceField(queryset=Team.objects.all())
    target_level = forms.ModelChoiceField(
        queryset=Level.objects.select_related("track"), label="Target level"
    )
    library_version = forms.ModelChoiceField(
        queryset=LibraryVersion.objects.order_by("-number"),
        label="Rubric version",
        help_text="Scorecards are written against this version of the rubrics and ladder.",
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, skills=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.skills = list(skills if skills is not None else Skill.objects.all())
        choices = [(NOT_REQUIRED, "Not required"), *Importance.choices]
        for skill in self.skills:
            self.fields[f"skill_{skill.pk}"] = forms.ChoiceField(
                choices=choices, required=False, label=skill.name
            )
        if not self.is_bound and "library_version" not in self.initial:
            self.initial["library_version"] = LibraryVersion.objects.order_by("-number").first()

    def skill_fields(self):
        return [self[f"skill_{skill.pk}"] for skill in self.skills]

    def main_fields(self):
        return [
            self[name]
            for name in ("title", "team", "target_level", "library_version", "description")
        ]

    def required_skills(self) -> dict[Skill, Importance]:
        return {
            skill: Importance(self.cleaned_data[f"skill_{skill.pk}"])
            for skill in self.skills
            if self.cleaned_data.get(f"skill_{skill.pk}")
        }

    def clean(self):
        cleaned = super().clean()
        musts = [s for s in self.skills if cleaned.get(f"skill_{s.pk}") == Importance.MUST]
        if self.skills and not musts:
            raise forms.ValidationError(
                "Mark at least one skill as a must-have: the skill match is read against them."
            )
        return cleaned


class CandidateForm(forms.Form):
    name = forms.CharField(max_length=200)
    email = forms.EmailField()
    code_sample_url = forms.URLField(
        required=False,
        label="Code sample link",
        assume_scheme="https",
        help_text="Code the candidate is proud of; the code review is built on it.",
    )
    seminar_title = forms.CharField(max_length=300, required=False)
    seminar_abstract = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=NOTES_MAX_CHARS,
        help_text="Read by recruiters, admins and the opening's hiring manager; not by the "
        "committee.",
    )
    opening = forms.ModelChoiceField(
        queryset=None,
        label="Attach to opening",
        help_text="To consider them for another opening too, use their application page.",
    )
    similar_name_confirmed = forms.BooleanField(
        required=False,
        label="This is a different person from the candidates listed above: add them anyway",
    )

    def __init__(self, *args, openings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opening"].queryset = openings


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        choices=[(s.value, s.label) for s in Stage if s != Stage.DECIDED], label="Move to stage"
    )


class AttachForm(forms.Form):
    opening = forms.ModelChoiceField(queryset=None, label="Also consider for")

    def __init__(self, *args, openings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opening"].queryset = openings


class CandidateNotesForm(forms.Form):
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=NOTES_MAX_CHARS,
        help_text=f"At most {NOTES_MAX_CHARS:,} characters. Read by recruiters, admins and the "
        "hiring managers of the candidate's openings; not by the committee.",
    )


class CandidateSearchForm(forms.Form):
    q = forms.CharField(max_length=100, required=False, label="Find a candidate by name or e-mail")


class CandidateMergeForm(forms.Form):
    merge = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ApplicationFilterForm(forms.Form):
    """The applications list's search and filters, all optional; a value that does not parse
    is reported beside its field and the rest still apply."""

    q = forms.CharField(
        max_length=100,
        required=False,
        label="Search",
        help_text="The start of a candidate's name or e-mail, or of an opening's title.",
    )
    opening = forms.ModelChoiceField(queryset=None, required=False, empty_label="Any opening")
    stage = forms.ChoiceField(choices=[("", "Any stage"), *Stage.choices], required=False)
    status = forms.ChoiceField(
        choices=[("", "Any"), *OpeningStatus.choices], required=False, label="Opening status"
    )
    added_from = forms.DateField(
        required=False, label="Added from", widget=forms.DateInput(attrs={"type": "date"})
    )
    added_until = forms.DateField(
        required=False, label="Added until", widget=forms.DateInput(attrs={"type": "date"})
    )
    needs = forms.ChoiceField(choices=[], required=False, label="Show only")

    def __init__(self, *args, openings, **kwargs):
        from panelist.hiring.selectors import Needs

        super().__init__(*args, **kwargs)
        self.fields["opening"].queryset = openings.order_by("title", "pk")
        self.fields["needs"].choices = [("", "All"), *Needs.choices]

    def query(self):
        """An ``ApplicationQuery`` from the fields that parsed."""
        from panelist.hiring.selectors import ApplicationQuery

        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        return ApplicationQuery(
            text=data["q"] or "",
            opening=data["opening"],
            stage=data["stage"] or "",
            status=data["status"] or "",
            added_from=data["added_from"],
            added_until=data["added_until"],
            needs=data["needs"] or "",
        )
