"""Service layer: scope counters and the compacted change log that pull reads.

Every writing transaction first locks its scope's counter row with
`UPDATE scope_counter SET value = value + 1 ... RETURNING value`. The row lock makes
commit order equal counter order within a scope, so a puller that has read counter
value C can fetch every change with seq <= C and never skip one committed later with
a smaller number. Within one transaction further numbers are handed out in memory and
the final value written back before commit (`ScopeClock.flush`).
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlmodel import Session

from sync_server.models.tables import change_t, counter_t
from sync_server.storage.portable import upsert
from sync_server.storage.statements import DirectStatement

_INSERT_CHANGE = insert(change_t)
# hot statements, built once (building a statement costs more than running it on SQLite)
_LOCK = DirectStatement(update(counter_t).where(counter_t.c.scope == bindparam("s"))
         .values(value=counter_t.c.value + 1).returning(counter_t.c.value))
_STORE = update(counter_t).where(counter_t.c.scope == bindparam("s")).values(
    value=bindparam("v"))


GROUP_SCOPE, WARD_SCOPE = "group:", "ward:"  # + the group's or the ward's id


def group_scope(group_id: str) -> str:
    return f"{GROUP_SCOPE}{group_id}"


def ward_scope(ward_id: str) -> str:
    return f"{WARD_SCOPE}{ward_id}"


def create_scope(session: Session | Connection, scope: str) -> None:
    session.execute(insert(counter_t).values(scope=scope, value=0))


class ScopeClock:
    """Hands out change numbers for the scopes one transaction writes to."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._next: dict[str, int] = {}
        self._stored: dict[str, int] = {}

    def lock(self, scope: str) -> None:
        """Take the scope's counter row lock (first in the transaction, before any savepoint)."""
        if scope in self._next:
            return
        row = _LOCK.first(self.session, {"s": scope})
        if row is None:
            raise LookupError(f"no scope counter for {scope}")
        self.locked(scope, row.value)

    def locked(self, scope: str, value: int) -> None:
        """The scope's counter row was locked by a statement of the caller's own, which
        incremented it as `lock` does and returned `value`."""
        self._next[scope] = self._stored[scope] = value

    def next(self, scope: str) -> int:
        self.lock(scope)
        value = self._next[scope]
        self._next[scope] = value + 1
        return value

    def flush(self) -> None:
        """Write the highest number handed out back to the counter rows (before commit)."""
        for scope, value in self.unstored():
            self.session.execute(_STORE, {"s": scope, "v": value})

    def unstored(self) -> list[tuple[str, int]]:
        """The (scope, value) pairs to write back, counted as written from now on: for a
        caller that sends them with statements of its own (see services.push)."""
        pairs: list[tuple[str, int]] = []
        for scope, nxt in self._next.items():
            top = nxt - 1
            if top > self._stored[scope]:
                pairs.append((scope, top))
                self._stored[scope] = top
        return pairs


def record_change(
    session: Session, clock: ScopeClock, *, entity: str, entity_id: str, scope: str,
    op: str = "upsert", new: bool = False,
) -> int:
    """Give an entity's change the next number of its scope; returns that number (its version)."""
    seq = clock.next(scope)
    values = {"entity": entity, "entity_id": entity_id, "scope": scope, "seq": seq, "op": op}
    if new:
        session.connection().execute(_INSERT_CHANGE, values)
        return seq
    upsert(session, change_t, values, keys=[change_t.c.entity, change_t.c.entity_id],
           update={"scope": scope, "seq": seq, "op": op})
    return seq


def counter_values(session: Session | Connection, scopes: list[str]) -> dict[str, int]:
    rows = session.execute(
        select(counter_t.c.scope, counter_t.c.value).where(counter_t.c.scope.in_(scopes))
    ).all()
    return {r.scope: r.value for r in rows}
