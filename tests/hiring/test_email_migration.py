"""The migration that makes e-mails unique does not fail on duplicates already stored: it
keeps the earliest record of each e-mail as is and marks the later ones for merging."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("hiring", "0002_application_event")]
AFTER = [("hiring", "0003_candidate_notes_version_email_unique")]


@pytest.mark.django_db(transaction=True)
def test_existing_duplicate_emails_are_marked_not_refused():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("hiring", "Candidate")
    first = old.objects.create(name="Lena Brandt", email="lena@example.net")
    second = old.objects.create(name="Lena Brandt", email="LENA@example.net")
    other = old.objects.create(name="Tomás Reyes", email="tomas@example.net")
    imported = [old.objects.create(name=f"Imported {n}", email="") for n in range(2)]
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("hiring", "Candidate")
        marked = dict(new.objects.values_list("pk", "unmerged_duplicate"))
        assert marked == {
            first.pk: False,
            second.pk: True,
            other.pk: False,
            imported[0].pk: False,
            imported[1].pk: False,
        }
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
