"""Store layer: a petition the ward refused for its tracking code is sent again with a new one.

The ward refuses `petition.create` with `petition.tracking_code_taken` when another
petition of the ward already has that code (a rare draw of the same 44 random bits).
The refusal advanced the server's `last_seq` like any other, so nothing is wedged: the
phone makes a fresh code, writes it on the petition, and queues the creation again at the
end of the outbox (a new mutation id and device_seq: the push stays idempotent). Later
writes of the same petition that the ward refused only because the petition was not there
yet (`petition.not_found`) are queued again after it. The code first given is kept in
`meta` (`replaced_code`) so the screens can say the citizen must be given the new one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from field_app.store import tables
from field_app.store.outbox import Outbox, meta_get, meta_set
from field_app.wire.codes import ErrorCode
from field_app.wire.protocol import MutationName as M
from field_app.wire.tracking import new_tracking_code

_CREATE = str(M.PETITION_CREATE)
_REPLACED = "tracking_code_replaced:"


def _entry_row(conn: sqlite3.Connection, mutation_id: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM outbox WHERE mutation_id = ?", (mutation_id,)).fetchone()
    return row


def _create_waiting(conn: sqlite3.Connection, entity_id: str) -> bool:
    return conn.execute(
        "SELECT 1 FROM outbox WHERE entity_id = ? AND name = ? AND state = 'pending'",
        (entity_id, _CREATE)).fetchone() is not None


def _requeue(conn: sqlite3.Connection, outbox: Outbox, row: sqlite3.Row,
             args: dict[str, object]) -> None:
    conn.execute("DELETE FROM outbox WHERE mutation_id = ?", (row["mutation_id"],))
    outbox.enqueue(conn, name=row["name"], args=args, entity=row["entity"],
                   entity_id=row["entity_id"], base_version=row["base_version"])


def resend_if_refused_for_code(conn: sqlite3.Connection, outbox: Outbox, *, mutation_id: str,
                               code: str | None,
                               make_code: Callable[[], str] = new_tracking_code) -> bool:
    """Queue again what the ward refused because of a taken tracking code (or because such a
    petition was not created yet); True when the entry was queued again, not kept."""
    if code not in (ErrorCode.TRACKING_CODE_TAKEN, ErrorCode.PETITION_NOT_FOUND):
        return False
    row = _entry_row(conn, mutation_id)
    if row is None or not row["entity_id"] or row["entity"] != "petition":
        return False
    args = dict(json.loads(row["args"]))
    if code == ErrorCode.PETITION_NOT_FOUND:
        if row["name"] == _CREATE or not _create_waiting(conn, row["entity_id"]):
            return False
        _requeue(conn, outbox, row, args)
        return True
    if row["name"] != _CREATE:
        return False
    fresh = make_code()
    old = args.get("tracking_code")
    _requeue(conn, outbox, row, {**args, "tracking_code": fresh})
    data = tables.read_data(conn, "petition", row["entity_id"])
    if data is not None:
        data["tracking_code"] = fresh
        tables.write_local(conn, "petition", data)
    key = _REPLACED + row["entity_id"]
    if old and meta_get(conn, key) is None:
        meta_set(conn, key, str(old))
    return True


def replaced_code(conn: sqlite3.Connection, petition_id: str) -> str | None:
    """The code the citizen was first given, when the phone had to make another."""
    return meta_get(conn, _REPLACED + petition_id)
