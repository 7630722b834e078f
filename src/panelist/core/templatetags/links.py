"""``{{ text|web_link }}``: a link when the text is an http(s) address, plain text otherwise.

Meeting links and rooms share one field; only a web address becomes a link, so a
``javascript:`` or ``file:`` value can never be clicked. The text is escaped either way.
"""

from __future__ import annotations

from django import template
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.html import format_html

register = template.Library()

_web_address = URLValidator(schemes=["http", "https"])


def is_web_address(text: str) -> bool:
    try:
        _web_address(text)
    except ValidationError:
        return False
    return True


@register.filter
def web_link(value) -> str:
    text = "" if value is None else str(value).strip()
    if text and is_web_address(text):
        return format_html(
            '<a class="web-link" href="{}" rel="noopener noreferrer">{}</a>', text, text
        )
    return text
