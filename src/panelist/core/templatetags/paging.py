"""``{% page_url "page" 3 %}``: this page's address with one page number changed, so that
page links keep the search and filters the reader chose."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, param: str, number) -> str:
    query = context["request"].GET.copy()
    query[param] = str(number)
    return "?" + query.urlencode()
