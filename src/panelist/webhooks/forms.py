from __future__ import annotations

from django import forms

from panelist.webhooks.models import EventKind


class SubscriptionForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What receives the events, e.g. 'data warehouse'."
    )
    url = forms.CharField(
        label="Address",
        max_length=500,
        help_text="An https:// address that accepts a POST. Panelist follows no redirects.",
    )
    events = forms.MultipleChoiceField(
        choices=EventKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each event carries ids only; the receiver reads details through the API.",
    )
