"""Request parsing for the API: one value per parameter unless the schema says a list.

django-ninja's default parser silently keeps the last of a repeated query or form parameter
(``?team=a&team=b`` reads as ``team=b``), so a request the schema does not allow would be
answered as if it were another. A repeated single-valued parameter is refused instead.
"""

from __future__ import annotations

from ninja.errors import ValidationError
from ninja.parser import Parser


class OneValueParser(Parser):
    def parse_querydict(self, data, list_fields, request):
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
