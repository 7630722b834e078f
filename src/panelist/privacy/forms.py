from __future__ import annotations

from django import forms

from panelist.privacy.services import ErasureReason


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label="Keep my data for later openings (the talent pool)", required=False
    )


class CandidateEraseForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my page, my materials and my data will be erased for good",
        required=True,
    )


class AdminEraseForm(forms.Form):
    reason = forms.ChoiceField(label="Why", choices=[("", "Choose…"), *ErasureReason.CHOICES])
    full = forms.BooleanField(
        label="Delete everything, the anonymous ratings too",
        required=False,
        help_text="Without this, the ratings stay for the statistics, tied to nobody.",
    )


class LegalHoldForm(forms.Form):
    hold = forms.BooleanField(label="Legal hold", required=False)
    reason = forms.CharField(label="Reason (a case number will do)", required=False, max_length=200)
