"""Store layer: how each synced entity maps onto its SQLite table.

Every record table keeps the server's last copy (`server_data`), the local view the
screens read (`data` = server copy + the user's pending mutations), indexed columns
for the queries, a folded search column and the record's sync marks. A record the user
has not touched since the server sent it keeps its copy once: `server_data` is then
`SAME_AS_DATA` (a first sync writes each record's JSON once, not twice).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic_core import to_json

from field_app.store.records import (
    CampaignExpenseRow,
    CampaignRow,
    ContributionEntryRow,
    DialogueSessionRow,
    GroupReportRow,
    HouseholdRow,
    ModelRow,
    PetitionRow,
    RecordSyncState,
)
from field_app.wire.records import WireModel
from field_app.wire.text import fold_all

Data = dict[str, Any]


@dataclass(frozen=True)
class EntityTable:
    entity: str  # name on the wire
    table: str
    row_type: type[WireModel]
    columns: Callable[[Data], Data]  # indexed columns drawn from the record's data


def _utc_iso_slow(value: Any) -> str:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


# the form `utc_iso` returns; pulled records already carry their times in it
_UTC_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(?!000000)\d{6})?\+00:00", re.ASCII)


def utc_iso(value: Any) -> str | None:
    """A timestamp as a sortable UTC ISO string (naive values are taken as UTC)."""
    if not value:
        return None
    if isinstance(value, str) and _UTC_ISO.fullmatch(value):
        return value  # fast path, same result (a date that does not exist too: kept as is)
    return _utc_iso_slow(value)


def _petition_columns(d: Data) -> Data:
    return {
        "status": d.get("status"),
        "field": d.get("field"),
        "category": d.get("category"),
        "title": d.get("title") or "",
        "due_date": d.get("due_date"),
        "ack_due": d.get("ack_due"),
        "received_at": utc_iso(d.get("received_at") or d.get("created_at")),
        "household_id": d.get("household_id"),
        "updated_at": utc_iso(d.get("updated_at")),
        "tracking_code": d.get("tracking_code"),
        "folded": fold_all(
            d.get("title"), d.get("description"), d.get("location_text"),
            None if d.get("anonymous") else d.get("citizen_name"),
        ),
    }


def _household_columns(d: Data) -> Data:
    return {
        "head_name": d.get("head_name") or "",
        "folded": fold_all(d.get("head_name"), d.get("address"), d.get("phone")),
    }


def _campaign_columns(d: Data) -> Data:
    return {
        "title": d.get("title") or "",
        "starts_on": d.get("starts_on"),
        "ends_on": d.get("ends_on"),
        "folded": fold_all(d.get("title"), d.get("purpose")),
    }


def _entry_columns(d: Data) -> Data:
    return {
        "campaign_id": d.get("campaign_id"),
        "household_id": d.get("household_id"),
        "entry_type": d.get("entry_type"),
        "kind": d.get("kind"),
        "quantity": str(d.get("quantity", "0")),
        "reverses_id": d.get("reverses_id"),
        "recorded_on": d.get("recorded_on"),
        "folded": fold_all(d.get("receipt_no"), d.get("collector"), d.get("note")),
    }


def _expense_columns(d: Data) -> Data:
    return {
        "campaign_id": d.get("campaign_id"),
        "entry_type": d.get("entry_type") or "expense",
        "amount_vnd": int(d.get("amount_vnd") or 0),
        "reverses_id": d.get("reverses_id"),
        "spent_on": d.get("spent_on"),
        "folded": fold_all(d.get("purpose"), d.get("payee"), d.get("receipt_no"), d.get("note")),
    }


def _dialogue_columns(d: Data) -> Data:
    return {
        "scope": d.get("scope") or "group",
        "kind": d.get("kind") or "group_meeting",
        "scheduled_on": d.get("scheduled_on"),
        "held_at": d.get("held_at"),
        "folded": fold_all(d.get("title"), d.get("place"), d.get("minutes")),
    }


def _model_columns(d: Data) -> Data:
    return {
        "name": d.get("name") or "",
        "field": d.get("field"),
        "status": d.get("status") or "registered",
        "year": d.get("year"),
        "folded": fold_all(d.get("name"), d.get("unit_name"), d.get("goals")),
    }


def _group_report_columns(d: Data) -> Data:
    return {"month": d.get("month"),
            "folded": fold_all(d.get("mood"), d.get("opinions"), d.get("hot_issues"),
                               d.get("proposals"))}


TABLES: dict[str, EntityTable] = {
    t.entity: t
    for t in (
        EntityTable("petition", "petitions", PetitionRow, _petition_columns),
        EntityTable("household", "households", HouseholdRow, _household_columns),
        EntityTable("campaign", "campaigns", CampaignRow, _campaign_columns),
        EntityTable("contribution_entry", "contribution_entries", ContributionEntryRow,
                    _entry_columns),
        EntityTable("dialogue_session", "dialogue_sessions", DialogueSessionRow,
                    _dialogue_columns),
        EntityTable("model", "models", ModelRow, _model_columns),
        EntityTable("group_report", "group_reports", GroupReportRow, _group_report_columns),
        EntityTable("campaign_expense", "campaign_expenses", CampaignExpenseRow,
                    _expense_columns),
    )
}


def read_data(conn: sqlite3.Connection, entity: str, record_id: str) -> Data | None:
    """The local view of one record, or None."""
    row = conn.execute(
        f"SELECT data FROM {TABLES[entity].table} WHERE id = ?", (record_id,)
    ).fetchone()
    return None if row is None else dict(json.loads(row["data"]))


SAME_AS_DATA = "="  # in `server_data`: the server's copy is `data` (never valid JSON)


def read_server(conn: sqlite3.Connection, entity: str, record_id: str) -> Data | None:
    row = conn.execute(
        f"SELECT server_data, data FROM {TABLES[entity].table} WHERE id = ?", (record_id,)
    ).fetchone()
    if row is None or row["server_data"] is None:
        return None
    text = row["data"] if row["server_data"] == SAME_AS_DATA else row["server_data"]
    return dict(json.loads(text))


CHUNK = 500  # ids per IN (...) list: under the oldest SQLite limit of 999 variables


def rows_in(conn: sqlite3.Connection, sql: str, ids: list[str]) -> Iterator[sqlite3.Row]:
    """The rows of `sql`, whose `{marks}` is an IN list, for all of `ids` (in chunks)."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        yield from conn.execute(sql.format(marks=", ".join("?" for _ in chunk)), chunk)


def with_server_copy(conn: sqlite3.Connection, entity: str, ids: list[str]) -> set[str]:
    """Which of these records have a server copy."""
    sql = (f"SELECT id FROM {TABLES[entity].table} WHERE id IN ({{marks}}) "
           "AND server_data IS NOT NULL")
    return {r["id"] for r in rows_in(conn, sql, ids)}


def write_local(conn: sqlite3.Connection, entity: str, data: Data) -> None:
    """Insert or replace the local view of a record, keeping its server copy and marks (a
    copy kept as `SAME_AS_DATA` is first written out: the old `data` is that copy)."""
    spec = TABLES[entity]
    cols = {"group_id": data.get("group_id"), "version": int(data.get("version") or 0),
            "data": json.dumps(data, ensure_ascii=False, default=str), **spec.columns(data)}
    names = ", ".join(cols)
    marks = ", ".join("?" for _ in cols)
    updates = ", ".join(f"{k} = excluded.{k}" for k in cols)
    # in DO UPDATE, a bare column is the row as it was before this statement
    keep_copy = (f"server_data = CASE WHEN server_data = '{SAME_AS_DATA}' THEN data "
                 "ELSE server_data END")
    conn.execute(
        f"INSERT INTO {spec.table} (id, {names}) VALUES (?, {marks}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}, {keep_copy}",
        (data["id"], *cols.values()),
    )


def write_server(conn: sqlite3.Connection, entity: str, data: Data, *, snap: int) -> None:
    """Record the server's copy of a record (the local view is recomputed by the caller)."""
    spec = TABLES[entity]
    write_local(conn, entity, data)
    conn.execute(
        f"UPDATE {spec.table} SET server_data = ?, snap = ? WHERE id = ?",
        (json.dumps(data, ensure_ascii=False, default=str), snap, data["id"]),
    )


def write_synced_many(conn: sqlite3.Connection, entity: str, rows: list[Data], *,
                      snap: int) -> None:
    """Server copies of records with nothing waiting in the outbox: local view = server copy,
    marked synced. One statement for the page instead of several per row."""
    if not rows:
        return
    spec = TABLES[entity]
    first_cols = spec.columns(rows[0])
    names = ["group_id", "version", "data", "server_data", "snap", *first_cols]
    updates = ", ".join(f"{k} = excluded.{k}" for k in names)
    marks = ", ".join("?" for _ in range(len(names) + 1))
    sql = (f"INSERT INTO {spec.table} (id, {', '.join(names)}, sync_state, sync_code, "
           f"sync_message, conflict_fields) VALUES ({marks}, "
           f"'synced', NULL, NULL, NULL) ON CONFLICT (id) DO UPDATE SET {updates}, "
           "sync_state = 'synced', sync_code = NULL, sync_message = NULL, "
           "conflict_fields = NULL")
    params = []
    for data in rows:
        # pulled data holds JSON types only: pydantic-core writes it several times faster
        text = to_json(data).decode()
        cols = spec.columns(data)
        params.append((data["id"], data.get("group_id"), int(data.get("version") or 0), text,
                       SAME_AS_DATA, snap, *(cols[k] for k in first_cols)))
    conn.executemany(sql, params)


def delete(conn: sqlite3.Connection, entity: str, record_id: str) -> None:
    conn.execute(f"DELETE FROM {TABLES[entity].table} WHERE id = ?", (record_id,))


def mark_synced(conn: sqlite3.Connection, entity: str, ids: list[str]) -> None:
    """`set_marks(..., state=SYNCED)` for many records (no code, message or fields)."""
    conn.executemany(
        f"UPDATE {TABLES[entity].table} SET sync_state = ?, sync_code = NULL, "
        "sync_message = NULL, conflict_fields = NULL WHERE id = ?",
        [(str(RecordSyncState.SYNCED), i) for i in ids])


def set_marks(
    conn: sqlite3.Connection,
    entity: str,
    record_id: str,
    *,
    state: RecordSyncState,
    code: str | None = None,
    message: str | None = None,
    fields: list[str] | None = None,
) -> None:
    conn.execute(
        f"UPDATE {TABLES[entity].table} SET sync_state = ?, sync_code = ?, sync_message = ?, "
        "conflict_fields = ? WHERE id = ?",
        (str(state), code, message, json.dumps(fields) if fields else None, record_id),
    )


def to_row(entity: str, row: sqlite3.Row) -> Any:
    """A typed row model from a table row (data + marks)."""
    data = json.loads(row["data"])
    if entity not in {"dialogue_session", "model"} and data.get("group_id") is None:
        data["group_id"] = ""  # written before enrolling: the group is not known yet
    data["sync_state"] = row["sync_state"]
    data["sync_message"] = row["sync_message"]
    data["sync_code"] = row["sync_code"]
    data["conflict_fields"] = json.loads(row["conflict_fields"] or "[]")
    return TABLES[entity].row_type.model_validate(data)


def select_rows(
    conn: sqlite3.Connection,
    entity: str,
    *,
    where: str = "1 = 1",
    params: tuple[Any, ...] | list[Any] = (),
    order: str = "id",
    limit: int | None = None,
    offset: int = 0,
) -> list[Any]:
    """Typed rows of one entity matching a SQL condition on its table's columns."""
    sql = f"SELECT * FROM {TABLES[entity].table} WHERE {where} ORDER BY {order}"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return [to_row(entity, r) for r in conn.execute(sql, tuple(params)).fetchall()]
