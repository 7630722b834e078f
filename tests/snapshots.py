"""The contents of the test database's tables, taken once and put back when a test ends.

A transactional test (``transactional_db``, ``live_server``) commits what it writes, so Django
emptied every table after it (on PostgreSQL a TRUNCATE of all 88 tables, about 2 s with its
COMMIT) and then made the content types and permissions again. What the migrations and the
session's setup had written went with it: the organisation settings row, the fairness questions
and the shipped library, which every later test of the process then loaded again in its own
transaction. Now a transactional test ends with the database as the session's setup left it
(tests/conftest.py, ``django_db_setup``): the tables holding rows are emptied and the setup's
rows are copied back, in one transaction (``restore``).

The same copy serves the demo's data (tests/demo_data.py): ``panelist demo`` runs once per
process, and a later test that starts from the demo gets its rows copied back.

PostgreSQL: each table's rows are kept in COPY's text format and written back by COPY, byte for
byte. Rows go by DELETE (every foreign key Django makes is checked at the COMMIT, so the order
does not matter), except from a table whose rows a trigger refuses to delete (the append-only
audit log): that table is truncated, as Django's flush did.
SQLite: the rows are kept as SQLite returns them with no conversion to Python types (each
column is read as ``+column``, an expression, which Django's converters do not apply to) and
inserted back as they were.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction


@dataclass
class Snapshot:
    """The rows of every table that held any when it was taken."""

    counts: dict[str, int]  # table -> rows, for the tables that held rows
    # Named, not by position: a test that migrates backwards and forwards
    # (tests/hiring/test_email_migration.py) makes tables again.
    columns: dict[str, list[str]] = field(default_factory=dict)
    copies: dict[str, bytes] = field(default_factory=dict)  # PostgreSQL: COPY text per table
    rows: dict[str, list[tuple]] = field(default_factory=dict)  # SQLite


# The session's starting point per database alias, taken by tests/conftest.py's django_db_setup.
BASELINE: dict[str, Snapshot] = {}


# Derived, not data: the revision counters (panelist.core.revisions) are raised by triggers
# as the other tables are put back, and each test starts with an empty cache.
NOT_KEPT = frozenset({"core_revision"})


def _tables(connection) -> list[str]:
    tables = connection.introspection.django_table_names(only_existing=True)
    return sorted(set(tables) - NOT_KEPT)


def table_counts(connection) -> dict[str, int]:
    """The number of rows of each table that holds any, in one query."""
    quote = connection.ops.quote_name
    tables = _tables(connection)
    counts = " UNION ALL ".join(
        f"SELECT {index}, COUNT(*) FROM {quote(table)}" for index, table in enumerate(tables)
    )
    with connection.cursor() as cursor:
        cursor.execute(counts)
        return {tables[index]: count for index, count in cursor.fetchall() if count}


def take(connection) -> Snapshot:
    """The rows of every table that holds any (committed or not, as the connection sees them)."""
    snapshot = Snapshot(counts=table_counts(connection))
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in snapshot.counts:
            cursor.execute(f"SELECT * FROM {quote(table)} WHERE 1 = 0")
            columns = snapshot.columns[table] = [column[0] for column in cursor.description]
            if connection.vendor == "postgresql":
                named = f"{quote(table)} ({', '.join(map(quote, columns))})"
                with cursor.cursor.copy(f"COPY {named} TO STDOUT") as copy:
                    snapshot.copies[table] = b"".join(bytes(block) for block in copy)
            else:
                cursor.execute(
                    f"SELECT {', '.join('+' + quote(c) for c in columns)} FROM {quote(table)}"
                )
                snapshot.rows[table] = cursor.fetchall()
    return snapshot


def same(one: Snapshot, other: Snapshot) -> bool:
    """Whether the two hold the same rows (in any order)."""
    if one.counts != other.counts or one.columns != other.columns:
        return False
    if one.copies or other.copies:
        return all(
            Counter(one.copies[table].splitlines()) == Counter(other.copies[table].splitlines())
            for table in one.counts
        )
    return all(Counter(one.rows[table]) == Counter(other.rows[table]) for table in one.counts)


def restore(connection, snapshot: Snapshot) -> None:
    """Every table back to the rows it held in ``snapshot``: the tables holding rows now are
    emptied and the snapshot's rows are copied back, in one transaction (a savepoint inside a
    test's own). Sequences are not reset, as Django's flush did not reset them: new ids stay
    above every copied one."""
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        emptied = sorted(table_counts(connection).keys() | snapshot.counts.keys())
        if connection.vendor == "postgresql":
            refusing = _delete_refused(connection)
            truncated = [quote(table) for table in emptied if table in refusing]
            if truncated:
                cursor.execute(f"TRUNCATE {', '.join(truncated)}")
            deleted = [f"DELETE FROM {quote(table)};" for table in emptied if table not in refusing]
            if deleted:
                cursor.execute("\n".join(deleted))
            for table, rows in snapshot.copies.items():
                named = f"{quote(table)} ({', '.join(map(quote, snapshot.columns[table]))})"
                with cursor.cursor.copy(f"COPY {named} FROM STDIN") as copy:
                    copy.write(rows)
            _sequences_above_the_copied_ids(connection, cursor, snapshot)
            return
        for table in emptied:
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table, rows in snapshot.rows.items():
            columns = snapshot.columns[table]
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "
                f"VALUES ({', '.join(['%s'] * len(columns))})",
                rows,
            )


def _sequences_above_the_copied_ids(connection, cursor, snapshot: Snapshot) -> None:
    """PostgreSQL: a sequence behind a copied id (its table was made again since the copy was
    taken) moves up to it, so that the next row does not take that id again. SQLite needs no
    such step: with AUTOINCREMENT a new id is above the largest in the table."""
    cursor.execute(
        "SELECT c.relname, a.attname, pg_get_serial_sequence(quote_ident(c.relname), a.attname) "
        "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
        "WHERE c.relkind = 'r' AND pg_table_is_visible(c.oid) AND a.attnum > 0 "
        "AND NOT a.attisdropped AND c.relname = ANY(%s) "
        "AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL",
        [list(snapshot.copies)],
    )
    quote = connection.ops.quote_name
    moves = [
        f"SELECT setval('{sequence}', top) FROM (SELECT MAX({quote(column)}) AS top "
        f"FROM {quote(table)}) copied WHERE top >= (SELECT last_value FROM {sequence})"
        for table, column, sequence in cursor.fetchall()
    ]
    if moves:
        cursor.execute(" UNION ALL ".join(moves))


_REFUSING: dict[str, frozenset[str]] = {}


def _delete_refused(connection) -> frozenset[str]:
    """PostgreSQL tables with a trigger of their own that runs before each row's DELETE
    (audit_auditevent's refuses it). The revision triggers (panelist.core.revisions) run after
    a statement and refuse nothing; those tables are emptied by DELETE, since a TRUNCATE of
    one that another table refers to (access_user) is refused whatever the order."""
    row, before, delete = 1, 2, 8  # pg_trigger.tgtype bits
    if connection.alias not in _REFUSING:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgtype & %s = %s",
                [row | before | delete, row | before | delete],
            )
            _REFUSING[connection.alias] = frozenset(row[0] for row in cursor.fetchall())
    return _REFUSING[connection.alias]
