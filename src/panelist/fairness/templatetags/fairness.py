from django import template

register = template.Library()


@register.filter
def p_value(value) -> str:
    """Fisher's p to two significant digits; very small ones as "< 0.001"."""
    if value is None:
        return "—"
    if value < 0.001:
        return "< 0.001"
    return f"{value:.2g}" if value < 0.1 else f"{value:.2f}"


@register.filter
def ratio(value) -> str:
    return "—" if value is None else f"{value:.2f}"
