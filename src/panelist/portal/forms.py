from __future__ import annotations

from django import forms

from panelist.portal.models import FileKind

CODE_LINK_FIELDS = ("code_link_1", "code_link_2", "code_link_3")
MAX_ABSTRACT = 5000


class MaterialsForm(forms.Form):
    code_link_1 = forms.URLField(
        label="Code link 1",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="A repository, a pull request or a file you are proud of.",
    )
    code_link_2 = forms.URLField(
        label="Code link 2", required=False, max_length=500, assume_scheme="https"
    )
    code_link_3 = forms.URLField(
        label="Code link 3", required=False, max_length=500, assume_scheme="https"
    )
    seminar_title = forms.CharField(label="Seminar title", required=False, max_length=300)
    seminar_abstract = forms.CharField(
        label="Seminar abstract",
        required=False,
        max_length=MAX_ABSTRACT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"A few paragraphs: the problem, the method, what you found (at most "
        f"{MAX_ABSTRACT} characters).",
    )

    def code_links(self) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[name], "")
            for name in CODE_LINK_FIELDS
            if self.cleaned_data.get(name)
        ]


class FileForm(forms.Form):
    kind = forms.ChoiceField(label="What it is", choices=FileKind.choices)
    file = forms.FileField(label="File (PDF)", max_length=200)


class LinkCreateForm(forms.Form):
    email_candidate = forms.BooleanField(
        label="Also e-mail the link to the candidate", required=False
    )
