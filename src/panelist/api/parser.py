"""Request parsing for the API: one value per parameter unless the schema says a list, and no
NUL character anywhere.

django-ninja's default parser silently keeps the last of a repeated query or form parameter
(``?team=a&team=b`` reads as ``team=b``), so a request the schema does not allow would be
answered as if it were another. A repeated single-valued parameter is refused instead.

A NUL character (U+0000) is no text anyone writes, and PostgreSQL stores none: a body or a
parameter holding one is refused with a 422 naming where, before it reaches a query.
"""

from __future__ import annotations

from ninja.errors import ValidationError
from ninja.parser import Parser

NUL = "\x00"


def _nul_at(value, path: list[str]) -> list[str] | None:
    """Where in a decoded JSON value a NUL character is, in keys or in strings."""
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if NUL in str(key):
                return [*path, str(key).replace(NUL, "\\0")]
            found = _nul_at(item, [*path, str(key)])
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_at(item, [*path, str(index)])
            if found is not None:
                return found
    return None


def refuse_nul_in_api_bodies(get_response):
    """A middleware: django-ninja answers any error raised while it parses a body with a 400
    "Cannot parse request body", so the NUL check of bodies runs before it."""
    import json

    from django.core.exceptions import RequestDataTooBig
    from django.http import JsonResponse

    def middleware(request):
        if request.path.startswith("/api/") and request.method in ("POST", "PUT", "PATCH"):
            try:
                raw = request.body
            except RequestDataTooBig:  # the API refuses it with its own message
                return get_response(request)
            if b"\\u0000" in raw:
                try:
                    where = _nul_at(json.loads(raw), ["body"])
                except ValueError:
                    where = None  # not JSON: the API says so
                if where is not None:
                    message = "holds a NUL character (U+0000); remove it"
                    return JsonResponse(
                        {
                            "detail": f"Invalid request: {'.'.join(where[1:]) or 'body'}: "
                            f"{message}",
                            "field": where[-1],
                            "errors": [{"loc": where, "msg": message}],
                        },
                        status=422,
                    )
        return get_response(request)

    return middleware


def _refuse_nul(where: list[str]) -> None:
    raise ValidationError(
        [{"loc": where, "msg": "holds a NUL character (U+0000); remove it", "type": "nul"}]
    )


class OneValueParser(Parser):
    def parse_querydict(self, data, list_fields, request):
        for key in data:
            if NUL in key or any(NUL in value for value in data.getlist(key)):
                _refuse_nul(["query", key.replace(NUL, "\\0")])
        repeated = [key for key in data if key not in list_fields and len(data.getlist(key)) > 1]
        if repeated:
            raise ValidationError(
                [
                    {
                        "loc": ["query", key],
                        "msg": "given more than once; send one value",
                        "type": "repeated_parameter",
                    }
                    for key in repeated
                ]
            )
        return super().parse_querydict(data, list_fields, request)
