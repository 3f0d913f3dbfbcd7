"""Service layer: `GET /sync/pull`, the changes of a device's scopes after its cursor.

The cursor is opaque base64url JSON `{"e": epoch, "p": {scope: position}}`. A pull first
reads the scope counters (a primary-key lookup per scope): with nothing new it answers at
once. Otherwise it reads, per scope, the change rows with position < seq <= counter, which
are all committed (see services.changes), inside one snapshot so that change rows and the
records they point at agree.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from field_app.wire.protocol import MAX_PULL_LIMIT, Change, PullResponse
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import change_t, meta_t
from sync_server.services.changes import counter_values, group_scope, ward_scope
from sync_server.services.devices import DeviceUser
from sync_server.services.records import ENTITIES


def server_epoch(session: Session) -> str:
    return str(session.execute(select(meta_t.c.value).where(meta_t.c.key == "epoch")).scalar_one())


def encode_cursor(epoch: str, positions: dict[str, int]) -> str:
    raw = json.dumps({"e": epoch, "p": positions}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, dict[str, int]]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        body = json.loads(raw)
        epoch = body["e"]
        positions = {str(k): int(v) for k, v in body["p"].items()}
        if not isinstance(epoch, str) or any(v < 0 for v in positions.values()):
            raise ValueError("bad cursor")
    except (binascii.Error, ValueError, KeyError, TypeError, AttributeError,
            UnicodeDecodeError) as exc:
        raise ApiProblem(E.BAD_CURSOR) from exc
    return epoch, positions


def begin_snapshot(session: Session) -> None:
    """Start a read transaction that sees one snapshot for all the statements of the pull."""
    session.rollback()
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    else:
        session.connection().exec_driver_sql("BEGIN")


def pull(session: Session, device: DeviceUser, *, cursor: str | None, limit: int,
         last_seq: int) -> PullResponse:
    limit = max(1, min(limit, MAX_PULL_LIMIT))
    scopes = [group_scope(device.group_id), ward_scope(device.ward_id)]
    begin_snapshot(session)
    epoch = server_epoch(session)
    positions = dict.fromkeys(scopes, 0)
    if cursor:
        cursor_epoch, given = decode_cursor(cursor)
        if cursor_epoch != epoch or set(given) != set(scopes):
            raise ApiProblem(E.RESET_REQUIRED)
        positions.update(given)
    counters = counter_values(session, scopes)
    if all(counters.get(s, 0) <= positions[s] for s in scopes):
        return PullResponse(changes=[], cursor=encode_cursor(epoch, positions), has_more=False,
                            last_seq=last_seq)
    rows: list[Any] = []
    has_more = False
    for scope in scopes:
        top = counters.get(scope, 0)
        if top <= positions[scope]:
            continue
        room = limit - len(rows)
        if room <= 0:
            has_more = True
            break
        page = session.execute(
            select(change_t).where(change_t.c.scope == scope, change_t.c.seq > positions[scope],
                                   change_t.c.seq <= top)
            .order_by(change_t.c.seq).limit(room + 1)).all()
        if len(page) > room:
            page = page[:room]
            has_more = True
            positions[scope] = page[-1].seq
        else:
            positions[scope] = top
        rows.extend(page)
        if has_more:
            break
    changes = _with_data(session, rows)
    return PullResponse(changes=changes, cursor=encode_cursor(epoch, positions),
                        has_more=has_more, last_seq=last_seq)


def _with_data(session: Session, rows: list[Any]) -> list[Change]:
    wanted: dict[str, list[str]] = {}
    for r in rows:
        if r.op != "delete":
            wanted.setdefault(r.entity, []).append(r.entity_id)
    data: dict[tuple[str, str], dict[str, Any]] = {}
    for entity, ids in wanted.items():
        table, to_wire = ENTITIES[entity]
        for i in range(0, len(ids), 500):
            for rec in session.execute(select(table).where(table.c.id.in_(ids[i:i + 500]))).all():
                data[(entity, rec.id)] = to_wire(rec)
    changes = []
    for r in rows:
        record = data.get((r.entity, r.entity_id)) if r.op != "delete" else None
        changes.append(Change(entity=r.entity, id=r.entity_id,
                              op="delete" if record is None else "upsert",
                              version=r.seq, data=record))
    return changes
