"""The revision counters behind stored renderings: every table a page may read has its
triggers, and a change raises the counter of its scope, whatever path wrote it."""

import re

import pytest
from django.db import connection

from panelist.core import revisions
from panelist.hiring.models import Opening
from panelist.interviews.models import Rating
from tests import factories


def test_every_table_a_page_may_read_has_its_triggers(db):
    """``migrate`` leaves nothing to install: every table but those listed as not shown has
    its triggers (a table a later migration adds, or SQLite rebuilds, gets them then)."""
    assert revisions.ensure_triggers(connection) == []
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    assert set(revisions.APPLICATION_ROWS) <= set(tables)


def test_a_column_added_to_a_quiet_table_is_watched_after_migrate(people):
    """The person's row is watched column by column (a sign-in's time is not): a column
    added later must count too, so its trigger is reinstalled."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE access_user ADD COLUMN nickname varchar(20) NULL")
    assert revisions.ensure_triggers(connection) == ["access_user"]
    before = _read()[revisions.ORGANISATION]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE access_user SET nickname = 'Kit' WHERE id = %s", [people.member.pk])
    assert _read()[revisions.ORGANISATION] > before


def test_reinstalling_a_tables_triggers_leaves_those_of_a_table_sharing_its_prefix(people):
    """``rev_access_user_u_i`` is a trigger of ``access_user_u``, not the UPDATE trigger of
    ``access_user``: reinstalling the latter's leaves it in place."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE access_user_u (id integer PRIMARY KEY)")
    assert revisions.ensure_triggers(connection) == ["access_user_u"]
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE access_user ADD COLUMN nickname varchar(20) NULL")
    assert revisions.ensure_triggers(connection) == ["access_user"]
    assert revisions.ensure_triggers(connection) == []


def test_a_calibration_run_raises_the_organisation_through_its_run_row(process):
    """The run's scores, leniencies and summaries carry no trigger of their own (a run writes
    tens of thousands of them); the run's row raises the organisation for them."""
    from panelist.calibration.services import calibration_run

    with connection.cursor() as cursor:
        present = revisions._present_triggers(connection, cursor)
    for table in revisions.WRITTEN_WITH_THEIR_RUN:
        assert not [name for name in present[table] if name.startswith("rev_")], table
    factories.write_scorecard(process.assignment, submit=True)
    factories.write_scorecard(process.other_assignment, submit=True)
    before = _read()[revisions.ORGANISATION]
    calibration_run()
    assert _read()[revisions.ORGANISATION] > before


# A write of one of the run's own rows, by its model or by the bulk insert of the service.
_RUN_ROW_WRITE = re.compile(
    r"\b(Fit|CandidateScore|Leniency|InterviewerSummary)\.objects\b[^\n]*?\."
    r"(create|bulk_create|get_or_create|update_or_create|update|delete|bulk_update)\("
    r"|_insert_rows\(\s*(CandidateScore|Leniency|InterviewerSummary|Fit)\b"
)


def test_only_the_calibration_run_writes_the_rows_that_leave_their_revision_to_it():
    """``revisions.WRITTEN_WITH_THEIR_RUN`` holds because those rows are written only with
    their run, whose row raises the organisation. A writer elsewhere (a command, an admin
    action, an import) would change what pages show without moving any revision."""
    from pathlib import Path

    import panelist

    source = Path(panelist.__file__).parent
    writers = {
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if "migrations" not in path.parts and _RUN_ROW_WRITE.search(path.read_text())
    }
    assert writers == {"calibration/services.py"}


def test_migrate_drops_the_triggers_of_a_table_no_longer_covered(db):
    """An installation migrated while the calibration's rows had triggers loses them."""
    table = "calibration_candidatescore"
    with connection.cursor() as cursor:
        for statement in (
            revisions._postgresql([], [table], {})
            if (connection.vendor == "postgresql")
            else revisions._sqlite([], [table], {})
        ):
            cursor.execute(statement)
    assert revisions.ensure_triggers(connection) == [table]
    assert revisions.ensure_triggers(connection) == []


def _read(*application_ids) -> dict[int, revisions.Revision]:
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
    assert _read(987_654)[987_654] == (0, 0)


def test_a_restore_starts_a_new_epoch(db):
    """Renderings stored against the database before a restore never match it after."""
    before = _read()[revisions.EPOCH]  # drawn by the migration (0 after a test's flush)
    revisions.start_new_epoch(connection)
    assert _read()[revisions.EPOCH] not in ((0, 0), before)


def test_a_sign_in_leaves_the_stored_renderings(people):
    """Signing in records its time on the person's row; a change of name still counts."""
    from django.contrib.auth.models import update_last_login

    before = _read()[revisions.ORGANISATION]
    update_last_login(None, people.member)
    assert _read()[revisions.ORGANISATION] == before
    people.member.first_name = "Renamed"
    people.member.save(update_fields=["first_name"])
    assert _read()[revisions.ORGANISATION] > before


def test_on_postgresql_the_counters_are_raised_when_the_transaction_commits(process):
    """A transaction's counters rise at its commit, all at once; until then the transaction
    reads its own writes as pending, a value that changes with each statement and that no
    other transaction reads."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite raises them at each row: it has one writer at a time")
    before = _read(process.application.pk)
    factories.write_scorecard(process.assignment)
    drafted = _read(process.application.pk)
    factories.write_scorecard(process.assignment, submit=True)
    pending = _read(process.application.pk)
    assert before[process.application.pk] < drafted[process.application.pk]
    assert drafted[process.application.pk] < pending[process.application.pk]
    assert pending[process.application.pk][0] == before[process.application.pk][0]
    assert pending[revisions.ORGANISATION] == before[revisions.ORGANISATION]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what the commit does
    after = _read(process.application.pk)
    for scope in (process.application.pk, revisions.PIPELINE):
        assert after[scope] == (before[scope][0] + 1, 0)


def test_on_postgresql_a_transaction_rewrites_no_row_until_it_commits(process):
    """Each statement adds rows of its own and rewrites none: in one transaction, rewriting a
    row again and again leaves a chain of its versions that every later statement walks (the
    demo, run inside one test's transaction, took three times as long)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite raises them at each row, outside any table of touches")
    before = _rows_written()
    for number in range(50):
        Opening.objects.filter(pk=process.opening.pk).update(title=f"Renamed {number}")
    after = _rows_written()
    written = {
        table: [now - then for now, then in zip(after[table], before[table], strict=True)]
        for table in after
    }
    assert written["core_revisiontouch"] == [50, 0, 0]  # inserted, updated, deleted
    assert written["core_revision"] == [0, 0, 0]
    assert written["core_revisionflush"][1:] == [0, 0]


def _rows_written() -> dict[str, list[int]]:
    """Rows inserted, updated and deleted so far, this transaction's included (PostgreSQL
    adds earlier transactions' to its view until it next reports them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables"
            " WHERE relname IN ('core_revision', 'core_revisiontouch', 'core_revisionflush')"
        )
        return {table: rest for table, *rest in cursor.fetchall()}
