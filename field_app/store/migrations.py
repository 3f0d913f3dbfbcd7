"""Store layer: versioned schema migrations of the phone database (PRAGMA user_version).

Migrations only ever add: a database that still holds unsent outbox entries keeps
them, and they sync afterwards. Each step runs in one transaction with its version bump.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from field_app.store.db import Database

_RECORD_COLUMNS = """
    id TEXT PRIMARY KEY,
    group_id TEXT,
    version INTEGER NOT NULL DEFAULT 0,
    data TEXT NOT NULL,
    server_data TEXT,
    sync_state TEXT NOT NULL DEFAULT 'synced',
    sync_message TEXT,
    folded TEXT NOT NULL DEFAULT ''
"""

_V1 = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    device_seq INTEGER NOT NULL,
    mutation_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    args TEXT NOT NULL,
    base_version INTEGER,
    recorded_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    message TEXT
);
CREATE TABLE petitions ({_RECORD_COLUMNS},
    status TEXT, field TEXT, category TEXT, title TEXT, due_date TEXT,
    received_at TEXT, household_id TEXT, updated_at TEXT);
CREATE TABLE households ({_RECORD_COLUMNS}, head_name TEXT);
CREATE TABLE campaigns ({_RECORD_COLUMNS}, title TEXT, starts_on TEXT, ends_on TEXT);
CREATE TABLE contribution_entries ({_RECORD_COLUMNS},
    campaign_id TEXT, household_id TEXT, entry_type TEXT, kind TEXT, quantity TEXT,
    reverses_id TEXT, recorded_on TEXT);
CREATE TABLE dialogue_sessions ({_RECORD_COLUMNS},
    scope TEXT, kind TEXT, scheduled_on TEXT, held_at TEXT);
CREATE TABLE reference_items (id TEXT PRIMARY KEY, kind TEXT, version INTEGER, data TEXT);
"""

RECORD_TABLES = (
    "petitions", "households", "campaigns", "contribution_entries", "dialogue_sessions",
)

# mutation name prefix -> (entity, table) used to backfill outbox.entity in v2
_ENTITY_OF_PREFIX = {
    "petition": "petition",
    "household": "household",
    "campaign": "campaign",
    "contribution": "contribution_entry",
    "dialogue": "dialogue_session",
}


def _v1(conn: sqlite3.Connection) -> None:
    for statement in _V1.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v2(conn: sqlite3.Connection) -> None:
    """Per-record conflict fields, snapshot marks, outbox entity links and result codes."""
    for table in RECORD_TABLES:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN conflict_fields TEXT")
        conn.execute(f"ALTER TABLE {table} ADD COLUMN sync_code TEXT")
        conn.execute(f"ALTER TABLE {table} ADD COLUMN snap INTEGER NOT NULL DEFAULT 0")
    for column in ("entity TEXT", "entity_id TEXT", "code TEXT", "fields TEXT"):
        conn.execute(f"ALTER TABLE outbox ADD COLUMN {column}")
    rows = conn.execute("SELECT id, name, args FROM outbox").fetchall()
    for row in rows:
        entity = _ENTITY_OF_PREFIX.get(str(row["name"]).split(".")[0], "unknown")
        entity_id = json.loads(row["args"]).get("id")
        conn.execute("UPDATE outbox SET entity = ?, entity_id = ? WHERE id = ?",
                     (entity, entity_id, row["id"]))
    conn.execute("CREATE INDEX ix_outbox_entity ON outbox (entity_id, state)")
    conn.execute("CREATE INDEX ix_outbox_state_seq ON outbox (state, device_seq)")
    conn.execute("CREATE INDEX ix_petitions_status ON petitions (status, due_date)")
    conn.execute("CREATE INDEX ix_petitions_category ON petitions (category, status)")
    conn.execute("CREATE INDEX ix_entries_campaign ON contribution_entries (campaign_id)")
    conn.execute("CREATE INDEX ix_dialogues_date ON dialogue_sessions (scheduled_on)")


def _v3(conn: sqlite3.Connection) -> None:
    """Outbox entries remember whether they were ever sent (unsent edits can be merged)."""
    conn.execute("ALTER TABLE outbox ADD COLUMN attempted INTEGER NOT NULL DEFAULT 0")
    # entries of an older app may have been sent already: never merge into those
    conn.execute("UPDATE outbox SET attempted = 1")


def _v4(conn: sqlite3.Connection) -> None:
    """Petition lists (newest first) read an index instead of sorting every petition; it
    carries the folded text, so a search filters index entries without reading the rows."""
    conn.execute("CREATE INDEX ix_petitions_newest ON petitions "
                 "(COALESCE(received_at, updated_at) DESC, id, folded)")


def _v5(conn: sqlite3.Connection) -> None:
    """Which photos the server already has (or refused), so each is uploaded once."""
    conn.execute("CREATE TABLE attachment_uploads (sha256 TEXT PRIMARY KEY, state TEXT NOT NULL,"
                 " code TEXT)")


def _v6(conn: sqlite3.Connection) -> None:
    """Drafts of forms being typed (store/drafts.py): local only, never in the outbox."""
    conn.execute("CREATE TABLE draft (form TEXT PRIMARY KEY, data TEXT NOT NULL,"
                 " saved_at TEXT NOT NULL)")


def _v7(conn: sqlite3.Connection) -> None:
    """"Dân vận khéo" models: the group's own and the ward units' (read-only), newest
    year first."""
    conn.execute(f"CREATE TABLE models ({_RECORD_COLUMNS}, conflict_fields TEXT,"
                 " sync_code TEXT, snap INTEGER NOT NULL DEFAULT 0,"
                 " name TEXT, field TEXT, status TEXT, year INTEGER)")
    conn.execute("CREATE INDEX ix_models_year ON models (year DESC, name)")


def _v8(conn: sqlite3.Connection) -> None:
    """The petition's tracking code (Mã tra cứu), read back from the record's data."""
    conn.execute("ALTER TABLE petitions ADD COLUMN tracking_code TEXT")
    conn.execute("UPDATE petitions SET tracking_code = json_extract(data, '$.tracking_code')")
    conn.execute("CREATE INDEX ix_petitions_tracking_code ON petitions (tracking_code)")


def _v9(conn: sqlite3.Connection) -> None:
    """The ward's deadline to take a petition up (`ack_due`, server-kept), as a column so
    the overdue list and count read it; filled from the records already pulled."""
    conn.execute("ALTER TABLE petitions ADD COLUMN ack_due TEXT")
    conn.execute("UPDATE petitions SET ack_due = json_extract(data, '$.ack_due')")


def _v10(conn: sqlite3.Connection) -> None:
    """The ward's answers the leader has not looked at yet (store/answers.py)."""
    conn.execute("CREATE TABLE new_answer (petition_id TEXT PRIMARY KEY,"
                 " noted_at TEXT NOT NULL)")


def _v11(conn: sqlite3.Connection) -> None:
    """The group's monthly reports (báo cáo tình hình tháng), one per month."""
    conn.execute(f"CREATE TABLE group_reports ({_RECORD_COLUMNS}, conflict_fields TEXT,"
                 " sync_code TEXT, snap INTEGER NOT NULL DEFAULT 0, month TEXT)")
    conn.execute("CREATE INDEX ix_group_reports_month ON group_reports (month)")


def _v12(conn: sqlite3.Connection) -> None:
    """What a campaign's money was spent on (campaign_expense): append-only, a reversal
    line cancels one expense."""
    conn.execute(f"CREATE TABLE campaign_expenses ({_RECORD_COLUMNS}, conflict_fields TEXT,"
                 " sync_code TEXT, snap INTEGER NOT NULL DEFAULT 0,"
                 " campaign_id TEXT, entry_type TEXT, amount_vnd INTEGER, reverses_id TEXT,"
                 " spent_on TEXT)")
    conn.execute("CREATE INDEX ix_campaign_expenses_campaign ON campaign_expenses"
                 " (campaign_id, spent_on)")


def _v13(conn: sqlite3.Connection) -> None:
    """The mutations the server has answered, kept a while (store/journal.py): sent again
    if the ward restores its server from a backup taken before them."""
    conn.execute("CREATE TABLE sent_mutations (device_seq INTEGER PRIMARY KEY,"
                 " mutation_id TEXT NOT NULL, name TEXT NOT NULL, args TEXT NOT NULL,"
                 " base_version INTEGER, recorded_at TEXT NOT NULL, entity TEXT,"
                 " entity_id TEXT, answered_at TEXT NOT NULL)")
    conn.execute("CREATE INDEX ix_sent_mutations_entity ON sent_mutations (entity_id)")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _v9, _v10, _v11, _v12, _v13]
LATEST_VERSION = len(MIGRATIONS)


def schema_version(db: Database) -> int:
    with db.reading() as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: Database, *, target: int = LATEST_VERSION) -> int:
    """Bring the database up to `target` (default: latest); returns the version reached."""
    current = schema_version(db)
    if current > LATEST_VERSION:
        raise RuntimeError(
            f"database schema {current} is newer than this app ({LATEST_VERSION}); update the app"
        )
    for version in range(current + 1, target + 1):
        with db.transaction() as conn:
            MIGRATIONS[version - 1](conn)
            conn.execute(f"PRAGMA user_version = {version}")
    return max(current, target)
