from __future__ import annotations

from django import forms

from panelist.audit.models import EventKind


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="What", required=False, choices=[("", "Every kind"), *EventKind.choices]
    )
    person = forms.CharField(
        label="Who",
        required=False,
        max_length=150,
        help_text="A username, as the person signs in or as typed on a failed sign-in.",
    )
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end date comes before the start date.")
        return data

    def query(self) -> dict:
        """The valid filters (an invalid one is dropped and shown with its error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            name: data[name]
            for name in ("kind", "person", "since", "until")
            if name in data and data[name] not in (None, "")
        }
