"""Formatting of calibrated figures: signed numbers and 90 % intervals."""

from django import template

register = template.Library()


@register.filter
def signed(value, digits: int = 2) -> str:
    """+0.42, 0.00, and negatives with a true minus sign (U+2212)."""
    if value is None:
        return "—"
    text = f"{abs(value):.{digits}f}"
    if round(value, digits) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text


@register.filter
def interval(estimate, digits: int = 2) -> str:
    """The 90 % interval of a calibrated score or leniency, as "low to high"."""
    return f"{estimate.low:.{digits}f} to {estimate.high:.{digits}f}"


@register.filter
def signed_interval(estimate, digits: int = 2) -> str:
    return f"{signed(estimate.low, digits)} to {signed(estimate.high, digits)}"


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{100 * value:.0f}\u00a0%"


@register.filter
def calibrated(score) -> str:
    """A calibrated score with its interval, or a dash. A filter rather than an included
    template: a comparison table renders it in every cell."""
    from django.template.defaultfilters import floatformat
    from django.utils.html import format_html

    if not score:
        return format_html('<span class="muted small">{}</span>', "calibrated —")
    return format_html(
        '<span class="calibrated">calibrated {}</span> <span class="small muted">({})</span>',
        floatformat(score.score, 2),
        interval(score),
    )
