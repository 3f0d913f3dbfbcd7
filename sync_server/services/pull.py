"""Service layer: `GET /sync/pull`, the changes of a device's scopes after its cursor.

The cursor is opaque base64url JSON `{"e": epoch, "p": {scope: position}}`. A pull first
reads the scope counters (with the device's token, one statement): with nothing new it
answers at once. Otherwise it reads, per scope, the change rows with position < seq <=
counter, which are all committed (see services.changes), then the records they point at,
each by a join with its change row still in that range. No transaction spans the two
reads: each statement sees one moment, and a record written in between has moved its
change row past the counter, so it is left out of this page and comes with the next pull
(never sent as the version the change row named, never sent as a delete).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import bindparam, select
from sqlmodel import Session

from field_app.wire.protocol import MAX_PULL_LIMIT
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import change_t, counter_t, meta_t
from sync_server.services.changes import group_scope, ward_scope
from sync_server.services.devices import DeviceUser
from sync_server.services.records import ENTITIES, as_is
from sync_server.services.wire_cache import WIRE_CACHE, Key
from sync_server.storage.portable import one_of
from sync_server.storage.statements import DirectStatement


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


@dataclass
class PulledPage:
    """A pull's answer: `PullResponse` on the wire, each change already written as JSON
    (no model object per change: on a first sync that was a sixth of the page; no writing
    out again of a change another pull of this process already wrote)."""

    changes: list[bytes]
    cursor: str
    has_more: bool
    last_seq: int

    def to_json(self) -> bytes:
        return b"".join((b'{"changes":[', b",".join(self.changes), b'],"cursor":',
                         orjson.dumps(self.cursor), b',"has_more":',
                         b"true" if self.has_more else b"false", b',"last_seq":',
                         str(self.last_seq).encode(), b"}"))


def pull(session: Session, device: DeviceUser, *, cursor: str | None, limit: int,
         last_seq: int) -> PulledPage:
    limit = max(1, min(limit, MAX_PULL_LIMIT))
    scopes = [group_scope(device.group_id), ward_scope(device.ward_id)]
    given = decode_cursor(cursor) if cursor else None
    # A first look in one statement, without a snapshot: enough to answer "nothing new"
    # (every change up to a counter value is committed, see services.changes).
    if device.position is not None:  # read with the device's token
        epoch, counters = device.position.epoch, device.position.counters
    else:
        epoch, counters = _epoch_and_counters(session, scopes)
    positions = dict.fromkeys(scopes, 0)
    if given is not None:
        cursor_epoch, known = given
        if cursor_epoch != epoch or set(known) != set(scopes):
            # last_seq: after a restore it is behind the phone's, which then sends again
            # what it had sent since the backup before pulling its fresh snapshot
            raise ApiProblem(E.RESET_REQUIRED, last_seq=last_seq)
        positions.update(known)
    if all(counters.get(s, 0) <= positions[s] for s in scopes):
        return PulledPage(changes=[], cursor=encode_cursor(epoch, positions), has_more=False,
                          last_seq=last_seq)
    # Something is new: the changes up to these counter values (all committed) and the
    # records they point at.
    changes: list[bytes] = []
    has_more = False
    for scope in scopes:
        top = counters.get(scope, 0)
        if top <= positions[scope]:
            continue
        room = limit - len(changes)
        if room <= 0:
            has_more = True
            break
        low = positions[scope]
        page = _CHANGES.rows(session, {"scope": scope, "lo": low, "hi": top, "n": room + 1})
        if len(page) > room:
            page = page[:room]
            has_more = True
            positions[scope] = page[-1].seq
        else:
            positions[scope] = top
        changes.extend(_with_data(session, epoch, scope, low, positions[scope], page))
        if has_more:
            break
    return PulledPage(changes=changes, cursor=encode_cursor(epoch, positions),
                      has_more=has_more, last_seq=last_seq)


def _epoch_and_counters(session: Session, scopes: list[str]) -> tuple[str, dict[str, int]]:
    rows = session.execute(_COUNTERS, {"scopes": scopes}).all()
    epoch = str(rows[0].epoch) if rows else server_epoch(session)
    return epoch, {r.scope: r.value for r in rows}


# Hot statements, built once: the change rows of one scope in a seq range, and the records
# of one entity that changed in that range (a join on the change log, no long IN lists).
_CHANGES = DirectStatement(
    select(change_t.c.entity, change_t.c.entity_id, change_t.c.seq, change_t.c.op)
    .where(change_t.c.scope == bindparam("scope"), change_t.c.seq > bindparam("lo"),
           change_t.c.seq <= bindparam("hi"))
    .order_by(change_t.c.seq).limit(bindparam("n"))
)
_COUNTERS = select(
    counter_t.c.scope, counter_t.c.value,
    select(meta_t.c.value).where(meta_t.c.key == "epoch").scalar_subquery().label("epoch"),
).where(counter_t.c.scope.in_(bindparam("scopes", expanding=True)))
NOT_ON_WIRE = {"search_text", "field_versions", "field_writers"}  # server bookkeeping
_DATA: dict[str, DirectStatement] = {}


def _data_statement(entity: str) -> DirectStatement:
    """The records of one entity whose change rows of a scope are in a seq range, planned
    for each run's values (not prepared): a generic plan, made while the change log was
    small, scanned every change row of the entity (the primary key's leading column) and
    filtered them, a cost that grew with the log; a ward's burst on PostgreSQL spent more
    time in it than in any other statement (docs/performance.md, tenth round)."""
    statement = _DATA.get(entity)
    if statement is None:
        table, _ = ENTITIES[entity]
        statement = DirectStatement(
            select(*[c for c in table.c if c.name not in NOT_ON_WIRE])
            .join_from(change_t, table, table.c.id == change_t.c.entity_id)
            .where(change_t.c.scope == bindparam("scope"), change_t.c.entity == entity,
                   change_t.c.op != "delete", change_t.c.seq > bindparam("lo"),
                   change_t.c.seq <= bindparam("hi")),
            prepared=False)
        _DATA[entity] = statement
    return statement


_BY_IDS: dict[str, DirectStatement] = {}


def _by_ids(session: Session, entity: str, scope: str, ids: list[str]) -> list[Any]:
    """Some records by id, each with the seq of its change row in `scope` now (a subquery
    on that row's primary key). The records' primary key drives it, whatever the
    statistics: a join on the change log instead, planned by PostgreSQL generically
    before the tables were analysed, read every change row of the entity. The ids go as
    one parameter (`one_of`), so that the statement is the same for any number of them."""
    statement = _BY_IDS.get(entity)
    if statement is None:
        table, _ = ENTITIES[entity]
        seq_now = select(change_t.c.seq).where(
            change_t.c.entity == entity, change_t.c.entity_id == table.c.id,
            change_t.c.scope == bindparam("scope")).scalar_subquery()
        statement = _BY_IDS[entity] = DirectStatement(
            select(*[c for c in table.c if c.name not in NOT_ON_WIRE],
                   seq_now.label("change_seq")).where(one_of(table.c.id, "ids")))
    return statement.rows(session, {"scope": scope, "ids": ids})


def _with_data(session: Session, epoch: str, scope: str, low: int, high: int,
               rows: Sequence[Any]) -> list[bytes]:
    """The changes of `rows` (one scope, seq in (low, high]) as JSON, records included.

    Changes another pull of this process already wrote come from the wire cache; the
    records of the rest are read with their change row still in (low, high] (all of that
    range when most are missing, else by id), and their changes written and added to it.
    A record whose change row has left the range since `rows` were read (written again,
    or deleted) is not in this page: its change comes with the next pull."""
    keys = {(r.entity, r.entity_id): (epoch, scope, r.entity, r.entity_id, r.seq)
            for r in rows if r.op != "delete"}
    cached = WIRE_CACHE.get_many(list(keys.values()))
    written = {(k[2], k[3]): v for k, v in cached.items()}
    missing: dict[str, list[str]] = {}
    for (entity, entity_id) in keys:
        if (entity, entity_id) not in written:
            missing.setdefault(entity, []).append(entity_id)
    fresh: dict[Key, bytes] = {}
    window = {"scope": scope, "lo": low, "hi": high}
    for entity, ids in missing.items():
        _, to_wire = ENTITIES[entity]
        by_ids = 2 * len(ids) <= len(rows)
        result = (_by_ids(session, entity, scope, ids) if by_ids else
                  _data_statement(entity).rows(session, window))
        for rec in result:
            key = keys.get((entity, rec.id))
            if key is None:  # not in this page
                continue
            if by_ids and rec.change_seq != key[4]:
                continue  # written since: not this version
            change = orjson.dumps({"entity": entity, "id": rec.id, "op": "upsert",
                                   "version": key[4], "data": to_wire(rec, as_is)})
            written[(entity, rec.id)] = change
            fresh[key] = change
    if fresh:
        WIRE_CACHE.put_many(fresh)
    changes = []
    for r in rows:  # the fields of field_app.wire.protocol.Change
        if r.op == "delete":
            changes.append(orjson.dumps({"entity": r.entity, "id": r.entity_id, "op": "delete",
                                         "version": r.seq, "data": None}))
            continue
        found = written.get((r.entity, r.entity_id))
        if found is not None:  # else written since: it comes with the next pull
            changes.append(found)
    return changes
