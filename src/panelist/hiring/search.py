"""Search of applications by candidate name, candidate e-mail and opening title, served by an
index on both databases.

PostgreSQL matches anywhere in the text (``icontains``) through the pg_trgm indexes that
migration 0004 creates on ``UPPER(column::text)``, the expression Django writes for it.
SQLite matches the start of the text through the ``Lower()`` indexes of the models, as a range
(``lower(name) >= 'ama' AND lower(name) < 'amb'``): unlike ``LIKE``, a range on the indexed
expression is served by the index whatever the column's collation. SQLite's ``lower()`` folds
ASCII letters only, so the query is folded the same way.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

MAX_QUERY_CHARS = 100


def fold_like_sqlite(text: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in text)


def _starts_with(alias: str, prefix: str) -> Q:
    last = ord(prefix[-1])
    if last >= 0x10FFFF:
        return Q(**{f"{alias}__gte": prefix})
    upper = prefix[:-1] + chr(last + 1)
    return Q(**{f"{alias}__gte": prefix, f"{alias}__lt": upper})


def applications_matching(applications: QuerySet, text: str) -> QuerySet:
    """``applications`` whose candidate's name or e-mail, or whose opening's title, matches."""
    from panelist.hiring.models import Candidate, Opening

    text = text.strip()[:MAX_QUERY_CHARS]
    if not text:
        return applications
    if connection.vendor == "postgresql":
        candidates = Candidate.objects.filter(Q(name__icontains=text) | Q(email__icontains=text))
        openings = Opening.objects.filter(title__icontains=text)
    else:
        key = fold_like_sqlite(text)
        candidates = Candidate.objects.alias(
            name_key=Lower("name"), email_key=Lower("email")
        ).filter(_starts_with("name_key", key) | _starts_with("email_key", key))
        openings = Opening.objects.alias(title_key=Lower("title")).filter(
            _starts_with("title_key", key)
        )
    return applications.filter(
        Q(candidate__in=candidates.values("pk")) | Q(opening__in=openings.values("pk"))
    )
