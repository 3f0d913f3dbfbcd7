"""Store layer: a phone the ward revoked (lost or stolen) forgets the citizens' personal
data the ward already holds, and keeps only what it has not sent.

Records with a server copy get their personal fields emptied (`erasure.PERSONAL`, and a
meeting's attendees, `erasure.MEETING_PERSONAL`) in that copy; the local view is then
rebuilt from it plus the writes still waiting in the outbox, which are kept (locked behind
the app) and sent if the ward enrolls the phone again. Drafts of edits to those records
(petitions, households, meetings) go too. Freed pages are zeroed (`secure_delete`) and the
write-ahead log is cut, as after an erasure.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from field_app.store import tables
from field_app.store.erasure import (
    DRAFT_ENTITY,
    EDIT_DRAFT,
    MEETING,
    MEETING_PERSONAL,
    PERSONAL,
)
from field_app.store.writer import LocalWriter

WIPED: dict[str, dict[str, Any]] = {**PERSONAL, MEETING: MEETING_PERSONAL}


def forget_sent_personal_data(conn: sqlite3.Connection, writer: LocalWriter) -> int:
    """Empty the personal fields of every record the server already has; returns how many
    records were changed."""
    changed = 0
    for entity, blanks in WIPED.items():
        table = tables.TABLES[entity].table
        rows = conn.execute(f"SELECT id, snap FROM {table} WHERE server_data IS NOT NULL"
                            ).fetchall()
        for row in rows:
            server = tables.read_server(conn, entity, row["id"])
            if server is None:
                continue
            local = tables.read_data(conn, entity, row["id"]) or {}
            if all(server.get(k) == v for k, v in blanks.items()) and all(
                    local.get(k) == server.get(k) for k in blanks):
                continue
            tables.write_server(conn, entity, {**server, **blanks}, snap=int(row["snap"]))
            writer.rebuild(conn, entity, row["id"])
            changed += 1
    _forget_edit_drafts(conn)
    return changed


def _forget_edit_drafts(conn: sqlite3.Connection) -> None:
    """Drafts editing a record the server has: they hold its personal fields as typed."""
    for row in conn.execute("SELECT form FROM draft").fetchall():
        found = EDIT_DRAFT.match(row["form"])
        if found is None:
            continue
        form, record_id = found.groups()
        if tables.read_server(conn, DRAFT_ENTITY[form], record_id) is not None:
            conn.execute("DELETE FROM draft WHERE form = ?", (row["form"],))
