"""Store layer: a citizen's personal data erased by the ward leaves the phone completely.

The erased record itself arrives as an ordinary pulled upsert (personal fields empty,
`erased_at` set) and replaces the local copy. What else could still hold the old text:
the outbox's copies of the mutations that wrote it (their args), SQLite's freed pages
(the database runs with `secure_delete`, so they are zeroed) and the write-ahead log
(cut to nothing after a page that brought an erasure).
"""

from __future__ import annotations

import json
import sqlite3

from field_app.store import tables
from field_app.wire.protocol import Change

# per entity: the personal fields and what an erased one holds
PERSONAL: dict[str, dict[str, str | None]] = {
    "petition": {"citizen_name": None, "citizen_phone": None, "household_id": None},
    "household": {"head_name": "", "address": "", "phone": None},
}


def new_erasures(conn: sqlite3.Connection, changes: list[Change]) -> list[Change]:
    """The changes of a page that erase a record the phone did not yet know as erased."""
    fresh = []
    for change in changes:
        data = change.data or {}
        if change.op != "upsert" or change.entity not in PERSONAL or not data.get("erased_at"):
            continue
        known = tables.read_server(conn, change.entity, change.id)
        if known is None or known.get("erased_at") != data.get("erased_at"):
            fresh.append(change)
    return fresh


def scrub_outbox(conn: sqlite3.Connection, change: Change) -> None:
    """Empty the personal fields in the outbox entries about an erased record (and, for a
    household, the notes of its contribution lines). Entries already sent and still
    waiting for an answer are left alone: changing them would make their retry differ
    from what the server logged; the server leaves their personal fields out anyway."""
    blanks = PERSONAL[change.entity]
    rows = conn.execute(
        "SELECT id, args FROM outbox WHERE entity_id = ? AND NOT (state = 'pending' "
        "AND attempted = 1)", (change.id,)).fetchall()
    for row in rows:
        args = json.loads(row["args"])
        scrubbed = {k: blanks.get(k, v) for k, v in args.items()}
        if scrubbed != args:
            conn.execute("UPDATE outbox SET args = ? WHERE id = ?",
                         (json.dumps(scrubbed, ensure_ascii=False), row["id"]))
    if change.entity == "household":
        lines = conn.execute(
            "SELECT id, args FROM outbox WHERE name = 'contribution.record' AND NOT "
            "(state = 'pending' AND attempted = 1)").fetchall()
        for row in lines:
            args = json.loads(row["args"])
            if args.get("household_id") == change.id and args.get("note"):
                conn.execute("UPDATE outbox SET args = ? WHERE id = ?",
                             (json.dumps({**args, "note": None}, ensure_ascii=False), row["id"]))


def forget_old_pages(conn: sqlite3.Connection) -> None:
    """Copy the write-ahead log into the database and cut it to nothing: the log still
    held the pages as they were before the erasure."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
