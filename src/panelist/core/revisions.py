"""Revision counters: a number per scope that changes whenever a row in that scope changes.

A stored rendering (``panelist.core.stored``) is kept under the revisions of what it shows,
read first, in one query: when any row behind it changes, its revision changes, the next
reader misses the store and renders afresh. Database triggers raise the counters, so every
path that writes counts, the services as well as bulk updates, the Django admin and imports.

Three kinds of scope:

- an application (its id): the rows that belong to one application, its scorecards and
  everything under them, its committee, recommendation, decision, evaluations, timeline;
- ``PIPELINE`` (-1): what the header's "waiting on you" counts read across applications (an
  application, an assignment, a scorecard's creation, deletion or status; not a draft saved);
- ``ORGANISATION`` (0): every other table a page may read (people, roles, teams, the
  library, openings, candidates, settings, calibration runs).

Tables no stored rendering reads (sessions, the audit log, queues, deliveries) are left out,
so that their churn does not empty the store. Every ``migrate`` ends by installing what is
missing (``ensure_triggers``): a table added later is organisation-wide until it is listed
here with its application or as not shown.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict

ORGANISATION = 0
PIPELINE = -1

# Not a counter: a random number a restore draws anew, so that no rendering stored against
# the database before the restore is taken for one of the restored database.
EPOCH = -2

# (counter, pending): see ``read``. They order as the changes came: (n, 0) < (n, 7) < (n + 1, 0).
Revision = tuple[int, int]

# SQL giving the application a row belongs to, the row written ``{row}``.
_VIA_ASSIGNMENT = (
    "(SELECT application_id FROM interviews_assignment WHERE id = {row}.assignment_id)"
)
_VIA_SCORECARD = (
    "(SELECT a.application_id FROM interviews_scorecard s"
    " JOIN interviews_assignment a ON a.id = s.assignment_id WHERE s.id = {row}.scorecard_id)"
)
APPLICATION_ROWS = {
    "hiring_application": "{row}.id",
    "hiring_applicationevent": "{row}.application_id",
    "interviews_assignment": "{row}.application_id",
    "interviews_assignment_dimensions": _VIA_ASSIGNMENT,
    "interviews_scorecard": _VIA_ASSIGNMENT,
    "interviews_rating": _VIA_SCORECARD,
    "interviews_traitsignal": _VIA_SCORECARD,
    "interviews_flag": _VIA_SCORECARD,
    "interviews_amendment": _VIA_SCORECARD,
    "decisions_committeerecommendation": "{row}.application_id",
    "decisions_committeerecommendationrecord": "{row}.application_id",
    "decisions_decision": "{row}.application_id",
    "decisions_skillassessment": "{row}.application_id",
    "decisions_skillassessmentrecord": "{row}.application_id",
    "decisions_memberskillreading": "{row}.application_id",
    "decisions_finalevaluation": "{row}.application_id",
    "decisions_evaluationcitation": (
        "(SELECT application_id FROM decisions_finalevaluation WHERE id = {row}.evaluation_id)"
    ),
    "portal_candidatelink": "{row}.application_id",
    "portal_codelink": "{row}.application_id",
    "portal_candidatefile": "{row}.application_id",
}

# Every change to these moves the pipeline; of a scorecard, only its creation, deletion and
# a change of status (a draft saved as one types does not).
PIPELINE_TABLES = frozenset({"hiring_application", "interviews_assignment"})
PIPELINE_STATUS_TABLES = frozenset({"interviews_scorecard"})

# Read by no stored rendering: written often, and none of a page's content.
NOT_SHOWN = frozenset(
    {
        "django_migrations",
        "core_revision",
        "core_revisiontouch",  # PostgreSQL: the scopes a transaction touched, until it commits
        "core_revisionflush",
        "django_session",
        "django_admin_log",
        "audit_auditevent",
        "audit_purgepermit",
        "django_tasks_database_dbtaskresult",
        "api_apitoken",
        "api_idempotentrequest",
        "usersessions_usersession",
        "account_emailconfirmation",
        "mfa_authenticator",
        "socialaccount_socialaccount",  # a company sign-in saves it each time
        "socialaccount_socialtoken",
        "greenhouse_harvestrecord",
        "greenhouse_harvestcursor",
        "greenhouse_harvestsync",
        "webhooks_subscription",  # each delivery records its outcome on it
        "webhooks_delivery",
        "notifications_notification",
        "notifications_calendarfeed",
        "notifications_mailoptout",
    }
)

# Written only with their calibration run (calibration/services.py: ``calibration_run`` writes
# the run and these rows in one transaction, and a run's deletion deletes them): the run's own
# trigger raises the organisation for them. A run at 10,000 applications writes some 60,000
# of these rows, which SQLite would otherwise raise one by one. (Deleting a person or an
# application deletes theirs with the row that raises its own scope.)
WRITTEN_WITH_THEIR_RUN = frozenset(
    {
        "calibration_fit",
        "calibration_candidatescore",
        "calibration_leniency",
        "calibration_interviewersummary",
    }
)

# Columns whose change alone shows on no stored page: a sign-in records its time on the
# person's row, and must not empty every stored rendering of the organisation.
QUIET_COLUMNS = {"access_user": frozenset({"last_login"})}


def covered_tables(all_tables) -> tuple[list[str], list[str]]:
    """The (application-scoped, organisation-wide) tables among ``all_tables``."""
    tables = sorted(set(all_tables) - NOT_SHOWN - WRITTEN_WITH_THEIR_RUN)
    return (
        [t for t in tables if t in APPLICATION_ROWS],
        [t for t in tables if t not in APPLICATION_ROWS],
    )


def ensure_triggers(connection) -> list[str]:
    """Install the triggers of every covered table that lacks one of its own (a table added
    since, or rebuilt by SQLite, which drops its triggers), reinstall a quiet table's when its
    columns changed (its UPDATE trigger lists them), and drop those of a table no longer
    covered. Run after every ``migrate``; returns the tables whose triggers it changed.
    Idempotent: two queries when nothing is missing."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        loud = {
            table: _loud_columns(connection, cursor, table, quiet)
            for table, quiet in QUIET_COLUMNS.items()
            if table in tables
        }
        present = _present_triggers(connection, cursor)
    by_application, organisation = covered_tables(tables)
    covered = set(by_application + organisation)
    uncovered = [
        table
        for table in tables
        if table not in covered and any(name.startswith("rev_") for name in present[table])
    ]
    stale = [
        table
        for table in by_application + organisation
        if not set(trigger_names(connection.vendor, table, loud.get(table))) <= present[table]
    ]
    if not stale and not uncovered:
        return []
    statements = _drop(connection.vendor, stale + uncovered, present)
    if connection.vendor == "postgresql":
        if "core_revision_flush" not in present["core_revisionflush"]:
            statements += postgresql_support()
        statements += _postgresql([t for t in stale if t in APPLICATION_ROWS], [], loud)
        statements += _postgresql([], [t for t in stale if t not in APPLICATION_ROWS], loud)
    else:
        statements += _sqlite([t for t in stale if t in APPLICATION_ROWS], [], loud)
        statements += _sqlite([], [t for t in stale if t not in APPLICATION_ROWS], loud)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return sorted(stale + uncovered)


def trigger_names(vendor: str, table: str, loud_columns=None) -> list[str]:
    """The triggers ``table`` has once installed. A quiet table's UPDATE trigger is named
    after the columns it watches, so that a column added later shows it out of date."""
    update = f"rev_{table}_u"
    if loud_columns is not None:
        update += "_" + _signature(loud_columns)
    names = [f"rev_{table}_i", update, f"rev_{table}_d"]
    if vendor != "postgresql" and table in PIPELINE_STATUS_TABLES:
        names.append(f"rev_{table}_s")
    return names


def remove_triggers(connection) -> None:
    with connection.cursor() as cursor:
        present = _present_triggers(connection, cursor)
        tables = connection.introspection.table_names(cursor)
    by_application, organisation = covered_tables(tables)
    statements = _drop(connection.vendor, by_application + organisation, present)
    if connection.vendor == "postgresql":
        statements += [
            "DROP FUNCTION IF EXISTS core_revision_organisation()",
            "DROP FUNCTION IF EXISTS core_revision_flush() CASCADE",
            "DROP FUNCTION IF EXISTS core_revision_touch(bigint[])",
            "DROP TABLE IF EXISTS core_revisiontouch",
            "DROP TABLE IF EXISTS core_revisionflush",
        ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _signature(columns) -> str:
    return hashlib.sha256(",".join(sorted(columns)).encode()).hexdigest()[:8]


def _loud_columns(connection, cursor, table, quiet) -> list[str]:
    described = connection.introspection.get_table_description(cursor, table)
    return [c.name for c in described if c.name not in quiet]


def _present_triggers(connection, cursor) -> defaultdict[str, set[str]]:
    """The names of the triggers of each table."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE NOT t.tgisinternal AND pg_table_is_visible(c.oid)"
        )
    else:
        cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
    present = defaultdict(set)
    for table, name in cursor.fetchall():
        present[table].add(name)
    return present


def _drop(vendor, tables, present) -> list[str]:
    """Drop the revision triggers (``rev_`` ones) of each of ``tables``, found by the table
    they are on, not by name: a longer table's name may share a prefix."""
    statements = []
    for table in tables:
        for name in sorted(n for n in present[table] if n.startswith("rev_")):
            if vendor == "postgresql":
                statements.append(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
            else:
                statements.append(f"DROP TRIGGER IF EXISTS {name}")
    return statements


def _update_event(table, loud) -> tuple[str, str]:
    """The UPDATE event and trigger name of ``table``: of its loud columns only when it has
    quiet ones."""
    if table in loud:
        listed = ", ".join(f'"{c}"' for c in loud[table])
        return f"UPDATE OF {listed}", f"rev_{table}_u_{_signature(loud[table])}"
    return "UPDATE", f"rev_{table}_u"


# --- SQLite: a trigger per row (SQLite has no statement triggers) ---------------------------
# SQLite has one writer at a time: a counter is raised at once, with no lock to wait for.

_SQLITE_BUMP = (
    "INSERT INTO core_revision (scope, n) SELECT scope, 1 FROM (SELECT {expr} AS scope)"
    " WHERE scope IS NOT NULL ON CONFLICT (scope) DO UPDATE SET n = n + 1;"
)
# The organisation's and the pipeline's: a constant scope, the cheaper statement (a bulk
# write of 60,000 calibrated scores runs it 60,000 times).
_SQLITE_BUMP_ONE = (
    "INSERT INTO core_revision (scope, n) VALUES ({scope}, 1)"
    " ON CONFLICT (scope) DO UPDATE SET n = n + 1;"
)


def _sqlite(by_application, organisation, loud) -> list[str]:
    statements = []
    for table in by_application:
        expr = APPLICATION_ROWS[table]
        for op, event, rows in (("i", "INSERT", ["NEW"]), ("d", "DELETE", ["OLD"])):
            body = [_SQLITE_BUMP.format(expr=expr.format(row=row)) for row in rows]
            if table in PIPELINE_TABLES | PIPELINE_STATUS_TABLES:
                body.append(_SQLITE_BUMP_ONE.format(scope=PIPELINE))
            statements.append(_sqlite_trigger(f"rev_{table}_{op}", event, table, body))
        body = [_SQLITE_BUMP.format(expr=expr.format(row=row)) for row in ("NEW", "OLD")]
        if table in PIPELINE_TABLES:
            body.append(_SQLITE_BUMP_ONE.format(scope=PIPELINE))
        statements.append(_sqlite_trigger(f"rev_{table}_u", "UPDATE", table, body))
        if table in PIPELINE_STATUS_TABLES:
            statements.append(
                _sqlite_trigger(
                    f"rev_{table}_s",
                    "UPDATE OF status",
                    table,
                    [_SQLITE_BUMP_ONE.format(scope=PIPELINE)],
                    when="OLD.status IS NOT NEW.status",
                )
            )
    for table in organisation:
        body = [_SQLITE_BUMP_ONE.format(scope=ORGANISATION)]
        update, update_name = _update_event(table, loud)
        for name, event in (
            (f"rev_{table}_i", "INSERT"),
            (update_name, update),
            (f"rev_{table}_d", "DELETE"),
        ):
            statements.append(_sqlite_trigger(name, event, table, body))
    return statements


def _sqlite_trigger(name, event, table, body, when=None) -> str:
    condition = f" WHEN {when}" if when else ""
    return (
        f'CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON "{table}" FOR EACH ROW{condition}'
        f" BEGIN {' '.join(body)} END"
    )


# --- PostgreSQL: per statement, raised at commit ---------------------------------------------
# A statement records the scopes it touched (core_revisiontouch, one new row per scope and
# statement under its transaction: no two transactions write the same row, and no row is
# written twice, so a long transaction leaves no chain of row versions to walk); the
# transaction's commit raises them all at once, in the order of the scopes, from a deferred
# trigger. The counters' rows are locked only while a transaction commits, and always in the
# same order, so two writers never wait on each other in opposite orders, and a long import
# does not hold them from its start. Until it commits, the transaction itself reads its own
# touches as well (``read``).

_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}"
    " RETURN NULL; END $$"
)


def postgresql_support() -> list[str]:
    """The tables and functions the per-table triggers call on PostgreSQL (idempotent)."""
    return [
        "CREATE TABLE IF NOT EXISTS core_revisiontouch"
        " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
        " xact bigint NOT NULL, scope bigint NOT NULL)",
        "CREATE INDEX IF NOT EXISTS core_revisiontouch_xact_scope"
        " ON core_revisiontouch (xact, scope, id)",
        "CREATE TABLE IF NOT EXISTS core_revisionflush (xact bigint PRIMARY KEY)",
        "CREATE OR REPLACE FUNCTION core_revision_touch(scopes bigint[]) RETURNS void"
        " LANGUAGE plpgsql AS $$ BEGIN"
        " IF cardinality(scopes) = 0 THEN RETURN; END IF;"
        " INSERT INTO core_revisiontouch (xact, scope)"
        " SELECT DISTINCT txid_current(), s FROM unnest(scopes) AS s WHERE s IS NOT NULL;"
        " INSERT INTO core_revisionflush (xact) VALUES (txid_current()) ON CONFLICT DO NOTHING;"
        " END $$",
        "CREATE OR REPLACE FUNCTION core_revision_flush() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN"
        " INSERT INTO core_revision (scope, n)"
        " SELECT DISTINCT scope, 1 FROM core_revisiontouch WHERE xact = NEW.xact ORDER BY scope"
        " ON CONFLICT (scope) DO UPDATE SET n = core_revision.n + 1;"
        " DELETE FROM core_revisiontouch WHERE xact = NEW.xact;"
        " DELETE FROM core_revisionflush WHERE xact = NEW.xact;"
        " RETURN NULL; END $$",
        "DROP TRIGGER IF EXISTS core_revision_flush ON core_revisionflush",
        "CREATE CONSTRAINT TRIGGER core_revision_flush AFTER INSERT ON core_revisionflush"
        " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION core_revision_flush()",
        _PG_FUNCTION.format(
            name="core_revision_organisation",
            body=f"PERFORM core_revision_touch(ARRAY[{ORGANISATION}]::bigint[]);",
        ),
    ]


def _postgresql(by_application, organisation, loud) -> list[str]:
    statements = []
    pipeline = f"PERFORM core_revision_touch(ARRAY[{PIPELINE}]::bigint[]);"
    for table in by_application:
        expr = APPLICATION_ROWS[table]
        for op, event, transitions in (
            ("i", "INSERT", ["new_rows"]),
            ("u", "UPDATE", ["new_rows", "old_rows"]),
            ("d", "DELETE", ["old_rows"]),
        ):
            rows = " UNION ".join(
                f"SELECT {expr.format(row='r')} AS scope FROM {t} r" for t in transitions
            )
            body = f"PERFORM core_revision_touch(ARRAY(SELECT scope FROM ({rows}) AS changed));"
            if table in PIPELINE_TABLES or (table in PIPELINE_STATUS_TABLES and event != "UPDATE"):
                body += f" IF EXISTS (SELECT 1 FROM {transitions[0]}) THEN {pipeline} END IF;"
            elif table in PIPELINE_STATUS_TABLES:
                body += (
                    " IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id"
                    f" WHERE o.status IS DISTINCT FROM n.status) THEN {pipeline} END IF;"
                )
            name = f"rev_{table}_{op}"
            referencing = " ".join(
                f"{'NEW' if t == 'new_rows' else 'OLD'} TABLE AS {t}" for t in transitions
            )
            statements += [
                _PG_FUNCTION.format(name=name, body=body),
                f'CREATE TRIGGER {name} AFTER {event} ON "{table}" REFERENCING {referencing}'
                f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
            ]
    for table in organisation:
        update, update_name = _update_event(table, loud)
        for name, event in (
            (f"rev_{table}_i", "INSERT"),
            (update_name, update),
            (f"rev_{table}_d", "DELETE"),
        ):
            statements.append(
                f'CREATE TRIGGER {name} AFTER {event} ON "{table}"'
                " FOR EACH STATEMENT EXECUTE FUNCTION core_revision_organisation()"
            )
    return statements


def read(connection, application_ids=()) -> dict[int, Revision]:
    """The epoch's, the organisation's, the pipeline's and these applications' revisions, in
    one query: ``(0, 0)`` for a scope nothing has changed yet.

    A revision is ``(counter, pending)``. ``pending`` is 0 outside a transaction that has
    written to the scope; within one, on PostgreSQL (whose counters rise at the commit), it is
    the id of the transaction's latest touch of the scope: it changes with each statement, and
    no other transaction ever reads it, so a rendering of uncommitted rows is kept under a key
    that no one else can meet. On SQLite the counters rise at each row and ``pending`` is 0."""
    scopes = [EPOCH, ORGANISATION, PIPELINE, *application_ids]
    marks = ", ".join(["%s"] * len(scopes))
    query = f"SELECT scope, n, 0 FROM core_revision WHERE scope IN ({marks})"
    parameters = list(scopes)
    if connection.vendor == "postgresql":
        # txid_current_if_assigned(): NULL, matching nothing, in a transaction that has not
        # written, without giving it a transaction id as txid_current() would.
        query += (
            " UNION ALL SELECT scope, 0, MAX(id) FROM core_revisiontouch"
            f" WHERE xact = txid_current_if_assigned() AND scope IN ({marks}) GROUP BY scope"
        )
        parameters += scopes
    found: dict[int, list[int]] = {scope: [0, 0] for scope in scopes}
    with connection.cursor() as cursor:
        cursor.execute(query, parameters)
        for scope, counter, pending in cursor.fetchall():
            found[scope][0] += counter
            found[scope][1] += pending
    return {scope: (counter, pending) for scope, (counter, pending) in found.items()}


def start_new_epoch(connection) -> None:
    """After the database has been replaced (a restore): renderings stored before no longer
    match, even in a cache the restore could not empty (another server's)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_revision WHERE scope = %s", [EPOCH])
        cursor.execute(
            "INSERT INTO core_revision (scope, n) VALUES (%s, %s)",
            [EPOCH, secrets.randbelow(2**62) + 1],
        )
