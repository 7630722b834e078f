"""SQL aggregates both databases run alike."""

from __future__ import annotations

from django.db.models import Aggregate, CharField


class Joined(Aggregate):
    """Strings joined with commas: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)
