"""The revision counters behind stored renderings: every table a page may read has its
triggers, and a change raises the counter of its scope, whatever path wrote it."""

from django.db import connection

from panelist.core import revisions
from panelist.hiring.models import Opening
from panelist.interviews.models import Rating
from tests import factories


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


def test_every_table_a_page_may_read_has_its_triggers(db):
    """A table added by a later migration (ours or a library's) fails here until a
    migration installs its triggers (``revisions.install_triggers``) or it is listed in
    ``revisions.NOT_SHOWN`` with the reason no stored rendering reads it."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    present = _triggers()
    missing = {
        table: name
        for table in tables
        if table not in revisions.NOT_SHOWN
        for name in revisions.trigger_names(connection.vendor, table)
        if name not in present
    }
    assert not missing
    assert set(revisions.APPLICATION_ROWS) <= set(tables)


def _read(*application_ids) -> dict[int, int]:
    return revisions.read(connection, application_ids)


def test_a_draft_saved_raises_its_application_only(process):
    before = _read(process.application.pk, process.foreign_application.pk)
    factories.write_scorecard(process.assignment)
    after = _read(process.application.pk, process.foreign_application.pk)
    assert after[process.application.pk] > before[process.application.pk]
    assert after[process.foreign_application.pk] == before[process.foreign_application.pk]
    assert after[revisions.ORGANISATION] == before[revisions.ORGANISATION]


def test_a_submission_moves_the_pipeline_and_a_draft_does_not(process):
    scorecard = factories.write_scorecard(process.assignment)
    before = _read()
    Rating.objects.filter(scorecard=scorecard).update(evidence="Rewritten in bulk.")
    assert _read()[revisions.PIPELINE] == before[revisions.PIPELINE]
    factories.write_scorecard(process.other_assignment, submit=True)
    assert _read()[revisions.PIPELINE] > before[revisions.PIPELINE]


def test_a_bulk_update_raises_the_application_of_every_row(process):
    scorecard = factories.write_scorecard(process.assignment)
    before = _read(process.application.pk)[process.application.pk]
    Rating.objects.filter(scorecard=scorecard).update(evidence="Rewritten in bulk.")
    assert _read(process.application.pk)[process.application.pk] > before


def test_an_organisation_wide_row_raises_the_organisation(process):
    before = _read()[revisions.ORGANISATION]
    Opening.objects.filter(pk=process.opening.pk).update(title="Renamed in bulk")
    assert _read()[revisions.ORGANISATION] > before


def test_a_scope_nothing_changed_reads_zero(db):
    assert _read(987_654)[987_654] == 0


def test_a_restore_starts_a_new_epoch(db):
    """Renderings stored against the database before a restore never match it after."""
    before = _read()[revisions.EPOCH]  # drawn by the migration (0 after a test's flush)
    revisions.start_new_epoch(connection)
    assert _read()[revisions.EPOCH] not in (0, before)


def test_a_sign_in_leaves_the_stored_renderings(people):
    """Signing in records its time on the person's row; a change of name still counts."""
    from django.contrib.auth.models import update_last_login

    before = _read()[revisions.ORGANISATION]
    update_last_login(None, people.member)
    assert _read()[revisions.ORGANISATION] == before
    people.member.first_name = "Renamed"
    people.member.save(update_fields=["first_name"])
    assert _read()[revisions.ORGANISATION] > before
