"""PostgreSQL: a transaction's touches are one new row per scope and statement, no longer one
row per scope rewritten by each statement (panelist.core.revisions)."""

from django.db import migrations

from panelist.core import revisions


def reinstall_support(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS core_revisiontouch")
        for statement in revisions.postgresql_support():
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_revisions")]

    operations = [migrations.RunPython(reinstall_support, migrations.RunPython.noop)]
