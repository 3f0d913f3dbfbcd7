"""Store layer: the outbox of local mutations waiting for the server.

An entry is enqueued in the same transaction as the local write it describes.
`device_seq` counts 1, 2, 3 ... without gaps (the counter lives in `meta` and moves
in that same transaction). States: `pending` (to send, or sent without an answer),
`rejected` and `conflict` (answered; kept with the reason until the user dismisses
them). Applied and duplicate entries are confirmed and leave the outbox.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import datetime
from typing import Any

from field_app.store import journal
from field_app.store.db import Database
from field_app.store.records import OutboxCounts, OutboxEntry, RecordSyncState
from field_app.store.tables import TABLES, rows_in, set_marks
from field_app.wire.formats import utcnow

PENDING = "pending"
KEPT_STATES = ("rejected", "conflict")


def meta_get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else row["value"]


def meta_set(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _entry(row: sqlite3.Row) -> OutboxEntry:
    return OutboxEntry(
        mutation_id=row["mutation_id"],
        device_seq=row["device_seq"],
        name=row["name"],
        args=json.loads(row["args"]),
        base_version=row["base_version"],
        recorded_at=datetime.fromisoformat(row["recorded_at"]),
        state=row["state"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        code=row["code"],
        message=row["message"],
        fields=json.loads(row["fields"] or "[]"),
    )


class Outbox:
    """The queue of mutations, read by the sync engine and the screens."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- writing (inside the caller's transaction) ---------------------------------

    def enqueue(
        self,
        conn: sqlite3.Connection,
        *,
        name: str,
        args: dict[str, Any],
        entity: str,
        entity_id: str,
        base_version: int | None = None,
    ) -> OutboxEntry:
        """Add a mutation with the next device_seq; call inside the local write's transaction."""
        seq = int(meta_get(conn, "next_device_seq") or "1")
        meta_set(conn, "next_device_seq", str(seq + 1))
        recorded_at = utcnow()
        mutation_id = str(uuid.uuid4())
        conn.execute(
            "INSERT INTO outbox (device_seq, mutation_id, name, args, base_version, recorded_at,"
            " state, entity, entity_id) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
            (seq, mutation_id, name, json.dumps(args, ensure_ascii=False), base_version,
             recorded_at.isoformat(), entity, entity_id),
        )
        return OutboxEntry(mutation_id, seq, name, args, base_version, recorded_at, PENDING,
                           entity, entity_id)

    def unsent_tail(self, conn: sqlite3.Connection, *, name: str, entity_id: str
                    ) -> OutboxEntry | None:
        """The record's last pending entry, if it is a `name` never sent: a patch can join it."""
        row = conn.execute(
            "SELECT * FROM outbox WHERE entity_id = ? AND state = 'pending' "
            "ORDER BY +device_seq DESC LIMIT 1", (entity_id,),  # + : look up by entity
        ).fetchone()
        if row is None or row["name"] != name or row["attempted"]:
            return None
        return _entry(row)

    def replace_args(self, conn: sqlite3.Connection, mutation_id: str,
                     args: dict[str, Any]) -> None:
        conn.execute("UPDATE outbox SET args = ? WHERE mutation_id = ? AND attempted = 0",
                     (json.dumps(args, ensure_ascii=False), mutation_id))

    def take_batch(self, limit: int, *, after_seq: int = 0) -> list[OutboxEntry]:
        """The next entries to send (device_seq > `after_seq`: a batch still on its way is
        not taken twice), frozen in the same transaction (the server may get them, so a
        later edit must not merge into them)."""
        with self._db.transaction() as conn:
            rows = conn.execute(
                "SELECT * FROM outbox WHERE state = 'pending' AND device_seq > ? "
                "ORDER BY device_seq LIMIT ?",
                (after_seq, limit),
            ).fetchall()
            conn.executemany("UPDATE outbox SET attempted = 1 WHERE id = ?",
                             [(r["id"],) for r in rows])
        return [_entry(r) for r in rows]

    # -- reading -----------------------------------------------------------------

    def pending(self, *, limit: int | None = None) -> list[OutboxEntry]:
        """Entries still to send, in device_seq order."""
        sql = "SELECT * FROM outbox WHERE state = 'pending' ORDER BY device_seq"
        with self._db.reading() as conn:
            rows = conn.execute(sql + (f" LIMIT {int(limit)}" if limit else "")).fetchall()
        return [_entry(r) for r in rows]

    def pending_for(self, conn: sqlite3.Connection, entity_id: str) -> list[OutboxEntry]:
        rows = conn.execute(
            # `+device_seq`: SQLite must find the record's rows by ix_outbox_entity, not scan
            # every pending entry in seq order (quadratic with a long outbox)
            "SELECT * FROM outbox WHERE entity_id = ? AND state = 'pending' "
            "ORDER BY +device_seq", (entity_id,),
        ).fetchall()
        return [_entry(r) for r in rows]

    def kept(self) -> list[OutboxEntry]:
        """Rejected and conflicting entries, newest first, for the user to read and dismiss."""
        with self._db.reading() as conn:
            rows = conn.execute(
                "SELECT * FROM outbox WHERE state IN ('rejected', 'conflict') "
                "ORDER BY device_seq DESC"
            ).fetchall()
        return [_entry(r) for r in rows]

    def counts(self) -> OutboxCounts:
        with self._db.reading() as conn:
            rows = conn.execute("SELECT state, COUNT(*) AS n FROM outbox GROUP BY state").fetchall()
        by_state = {r["state"]: int(r["n"]) for r in rows}
        return OutboxCounts(
            waiting=by_state.get("pending", 0),
            rejected=by_state.get("rejected", 0),
            conflicts=by_state.get("conflict", 0),
        )

    def next_device_seq(self) -> int:
        with self._db.reading() as conn:
            return int(meta_get(conn, "next_device_seq") or "1")

    # -- answers from the server ---------------------------------------------------

    def confirm(self, conn: sqlite3.Connection, mutation_id: str) -> None:
        self.confirm_many(conn, [mutation_id])

    def confirm_many(self, conn: sqlite3.Connection, mutation_ids: list[str]) -> None:
        journal.remember(conn, mutation_ids=mutation_ids)
        conn.executemany("DELETE FROM outbox WHERE mutation_id = ?",
                         [(m,) for m in mutation_ids])

    def records_of(self, conn: sqlite3.Connection, mutation_ids: list[str]
                   ) -> dict[str, tuple[str | None, str | None]]:
        """(entity, entity_id) of each of these entries still in the outbox."""
        sql = "SELECT mutation_id, entity, entity_id FROM outbox WHERE mutation_id IN ({marks})"
        return {r["mutation_id"]: (r["entity"], r["entity_id"])
                for r in rows_in(conn, sql, mutation_ids)}

    def keep(
        self,
        conn: sqlite3.Connection,
        mutation_id: str,
        *,
        state: str,
        code: str | None,
        message: str | None,
        fields: list[str] | None,
    ) -> None:
        journal.remember(conn, mutation_ids=[mutation_id])
        conn.execute(
            "UPDATE outbox SET state = ?, code = ?, message = ?, fields = ? WHERE mutation_id = ?",
            (state, code, message, json.dumps(fields or []), mutation_id),
        )

    def trim_confirmed(self, conn: sqlite3.Connection, last_seq: int) -> list[str]:
        """Drop pending entries the server has confirmed (seq <= last_seq); their entity ids."""
        rows = conn.execute(
            "SELECT entity_id FROM outbox WHERE state = 'pending' AND device_seq <= ?", (last_seq,)
        ).fetchall()
        if rows:
            journal.remember(conn, up_to_seq=last_seq)
        conn.execute("DELETE FROM outbox WHERE state = 'pending' AND device_seq <= ?", (last_seq,))
        return [r["entity_id"] for r in rows if r["entity_id"]]

    def renumber_pending(self, conn: sqlite3.Connection, *, first_seq: int) -> int:
        """Give pending entries seqs first_seq, first_seq+1, ... in order; returns the next seq."""
        rows = conn.execute(
            "SELECT id FROM outbox WHERE state = 'pending' ORDER BY device_seq, id"
        ).fetchall()
        seq = first_seq
        for row in rows:
            conn.execute("UPDATE outbox SET device_seq = ? WHERE id = ?", (seq, row["id"]))
            seq += 1
        meta_set(conn, "next_device_seq", str(seq))
        return seq

    def dismiss(self, mutation_id: str) -> None:
        """The user has read a rejected or conflicting entry: forget it."""
        with self._db.transaction() as conn:
            row = conn.execute(
                "SELECT entity, entity_id FROM outbox WHERE mutation_id = ? AND state != 'pending'",
                (mutation_id,),
            ).fetchone()
            conn.execute(
                "DELETE FROM outbox WHERE mutation_id = ? AND state != 'pending'", (mutation_id,)
            )
            if row is not None and row["entity_id"]:
                refresh_marks(conn, row["entity"], row["entity_id"])


def refresh_marks(conn: sqlite3.Connection, entity: str | None, entity_id: str) -> None:
    """Recompute one record's sync state from the outbox entries that concern it."""
    if entity not in TABLES:
        return
    rows = conn.execute(
        "SELECT state, code, message, fields FROM outbox WHERE entity_id = ? "
        "ORDER BY device_seq DESC, id DESC",
        (entity_id,),
    ).fetchall()
    if any(r["state"] == PENDING for r in rows):
        set_marks(conn, entity, entity_id, state=RecordSyncState.PENDING)
        return
    for r in rows:
        if r["state"] in KEPT_STATES:
            set_marks(conn, entity, entity_id, state=RecordSyncState(r["state"]), code=r["code"],
                      message=r["message"], fields=json.loads(r["fields"] or "[]"))
            return
    set_marks(conn, entity, entity_id, state=RecordSyncState.SYNCED)
