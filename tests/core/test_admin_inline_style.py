"""Django's changelist template writes an inline <style> when a ModelAdmin turns off both
action bars (``actions_on_top`` and ``actions_on_bottom``); the strict Content-Security-Policy
would block it and the table's first column would lose its width. No admin of Panelist does
(tests/browser/test_admin_policy.py checks every admin page in Chromium)."""

from django.contrib import admin


def test_no_model_admin_turns_off_both_action_bars():
    both_off = [
        type(model_admin).__name__
        for model_admin in admin.site._registry.values()
        if not model_admin.actions_on_top and not model_admin.actions_on_bottom
    ]
    assert not both_off, f"keep one action bar, or give the changelist a stylesheet: {both_off}"
