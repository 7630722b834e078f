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
so that their churn does not empty the store. A table added later has no trigger until a
migration installs one; ``tests/core/test_revisions.py`` fails until it does.
"""

from __future__ import annotations

import secrets

ORGANISATION = 0
PIPELINE = -1
# Not a counter: a random number a restore draws anew, so that no rendering stored against
# the database before the restore is taken for one of the restored database.
EPOCH = -2

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
        "socialaccount_socialtoken",
        "greenhouse_harvestrecord",
        "greenhouse_harvestcursor",
        "greenhouse_harvestsync",
        "webhooks_delivery",
        "notifications_notification",
        "notifications_calendarfeed",
        "notifications_mailoptout",
    }
)


# Columns whose change alone shows on no stored page: a sign-in records its time on the
# person's row, and must not empty every stored rendering of the organisation.
QUIET_COLUMNS = {"access_user": frozenset({"last_login"})}


def covered_tables(all_tables) -> tuple[list[str], list[str]]:
    """The (application-scoped, organisation-wide) tables among ``all_tables``."""
    tables = sorted(set(all_tables) - NOT_SHOWN)
    return (
        [t for t in tables if t in APPLICATION_ROWS],
        [t for t in tables if t not in APPLICATION_ROWS],
    )


def trigger_names(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f"rev_{table}_{op}" for op in "iud"]
    names = [f"rev_{table}_{op}" for op in "iud"]
    if table in PIPELINE_STATUS_TABLES:
        names.append(f"rev_{table}_s")
    return names


def install_triggers(schema_editor, tables=None) -> None:
    """Create the triggers of ``tables`` (default: every table the database holds now)."""
    connection = schema_editor.connection
    if tables is None:
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
    by_application, organisation = covered_tables(tables)
    updated = {}  # the UPDATE event of the tables with quiet columns: the other columns only
    with connection.cursor() as cursor:
        for table, quiet in QUIET_COLUMNS.items():
            if table in organisation:
                columns = connection.introspection.get_table_description(cursor, table)
                loud = [f'"{c.name}"' for c in columns if c.name not in quiet]
                updated[table] = f"UPDATE OF {', '.join(loud)}"
    statements = (
        _postgresql(by_application, organisation, updated)
        if connection.vendor == "postgresql"
        else _sqlite(by_application, organisation, updated)
    )
    for statement in statements:
        schema_editor.execute(statement)


def remove_triggers(schema_editor, tables=None) -> None:
    connection = schema_editor.connection
    if tables is None:
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
    by_application, organisation = covered_tables(tables)
    for table in by_application + organisation:
        for name in trigger_names(connection.vendor, table):
            if connection.vendor == "postgresql":
                schema_editor.execute(f'DROP TRIGGER IF EXISTS {name} ON "{table}"')
                schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            else:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    if connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS core_revision_organisation()")


# --- SQLite: a trigger per row (SQLite has no statement triggers) ---------------------------

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


def _sqlite(by_application, organisation, updated) -> list[str]:
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
        for op, event in (("i", "INSERT"), ("u", updated.get(table, "UPDATE")), ("d", "DELETE")):
            body = [_SQLITE_BUMP_ONE.format(scope=ORGANISATION)]
            statements.append(_sqlite_trigger(f"rev_{table}_{op}", event, table, body))
    return statements


def _sqlite_trigger(name, event, table, body, when=None) -> str:
    condition = f" WHEN {when}" if when else ""
    return (
        f'CREATE TRIGGER IF NOT EXISTS {name} AFTER {event} ON "{table}" FOR EACH ROW{condition}'
        f" BEGIN {' '.join(body)} END"
    )


# --- PostgreSQL: a trigger per statement, over its transition tables -------------------------
# A bulk write of 10,000 rows raises each application's counter once, in the order of the
# scopes (two statements never wait on each other's counters in opposite orders).

_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}"
    " RETURN NULL; END $$"
)
_PG_BUMP_ROWS = (
    "INSERT INTO core_revision (scope, n) SELECT scope, 1 FROM ({rows}) AS changed"
    " WHERE scope IS NOT NULL GROUP BY scope ORDER BY scope"
    " ON CONFLICT (scope) DO UPDATE SET n = core_revision.n + 1;"
)
_PG_BUMP_ONE = (
    "INSERT INTO core_revision (scope, n) VALUES ({scope}, 1)"
    " ON CONFLICT (scope) DO UPDATE SET n = core_revision.n + 1;"
)


def _postgresql(by_application, organisation, updated) -> list[str]:
    statements = [
        _PG_FUNCTION.format(
            name="core_revision_organisation", body=_PG_BUMP_ONE.format(scope=ORGANISATION)
        ),
    ]
    for table in by_application:
        expr = APPLICATION_ROWS[table]
        for op, event, transitions in (
            ("i", "INSERT", ["new_rows"]),
            ("u", "UPDATE", ["new_rows", "old_rows"]),
            ("d", "DELETE", ["old_rows"]),
        ):
            rows = " UNION ALL ".join(
                f"SELECT {expr.format(row='r')} AS scope FROM {t} r" for t in transitions
            )
            body = _PG_BUMP_ROWS.format(rows=rows)
            if table in PIPELINE_TABLES or (table in PIPELINE_STATUS_TABLES and event != "UPDATE"):
                body += " " + _PG_BUMP_ONE.format(scope=PIPELINE)
            elif table in PIPELINE_STATUS_TABLES:
                body += (
                    " IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id"
                    " WHERE o.status IS DISTINCT FROM n.status) THEN "
                    + _PG_BUMP_ONE.format(scope=PIPELINE)
                    + " END IF;"
                )
            name = f"rev_{table}_{op}"
            referencing = " ".join(
                f"{'NEW' if t == 'new_rows' else 'OLD'} TABLE AS {t}" for t in transitions
            )
            statements += [
                _PG_FUNCTION.format(name=name, body=body),
                f'DROP TRIGGER IF EXISTS {name} ON "{table}"',
                f'CREATE TRIGGER {name} AFTER {event} ON "{table}" REFERENCING {referencing}'
                f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
            ]
    for table in organisation:
        for op, event in (("i", "INSERT"), ("u", updated.get(table, "UPDATE")), ("d", "DELETE")):
            name = f"rev_{table}_{op}"
            statements += [
                f'DROP TRIGGER IF EXISTS {name} ON "{table}"',
                f'CREATE TRIGGER {name} AFTER {event} ON "{table}"'
                " FOR EACH STATEMENT EXECUTE FUNCTION core_revision_organisation()",
            ]
    return statements


def read(connection, application_ids=()) -> dict[int, int]:
    """The epoch's, the organisation's, the pipeline's and these applications' revisions, in
    one query (0 for a scope nothing has changed yet)."""
    scopes = [EPOCH, ORGANISATION, PIPELINE, *application_ids]
    marks = ", ".join(["%s"] * len(scopes))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT scope, n FROM core_revision WHERE scope IN ({marks})", scopes)
        found = dict(cursor.fetchall())
    return {scope: found.get(scope, 0) for scope in scopes}


def start_new_epoch(connection) -> None:
    """After the database has been replaced (a restore): renderings stored before no longer
    match, even in a cache the restore could not empty (another server's)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_revision WHERE scope = %s", [EPOCH])
        cursor.execute(
            "INSERT INTO core_revision (scope, n) VALUES (%s, %s)",
            [EPOCH, secrets.randbelow(2**62) + 1],
        )
