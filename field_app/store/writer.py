"""Store layer: a local write and its outbox entry, committed in one transaction.

Repositories call `LocalWriter.write`; it validates the mutation's args with the wire
models, enqueues the mutation, applies it to the local view, marks the record as
waiting to send, commits, then tells listeners (the sync engine wakes up).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from typing import Any

from field_app.store import tables
from field_app.store.db import Database
from field_app.store.outbox import Outbox, refresh_marks
from field_app.store.records import OutboxEntry
from field_app.store.reducers import ENTITY_OF, Context, reduce
from field_app.wire.mutations import ARGS_MODELS

Listener = Callable[[str], None]


class LocalWriter:
    """Validates, enqueues and applies local mutations; notifies listeners after commit."""

    def __init__(
        self,
        db: Database,
        outbox: Outbox,
        *,
        group_id: Callable[[], str | None],
        actor: Callable[[], str],
    ) -> None:
        self._db = db
        self._outbox = outbox
        self._group_id = group_id
        self._actor = actor
        self._listeners: list[Listener] = []

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(event)` after commits; events: local_write, pulled, pushed."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def notify(self, event: str) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken listener must never undo a committed write
                continue

    def context(self, conn: sqlite3.Connection, at: str) -> Context:
        return Context(
            group_id=self._group_id(),
            actor=self._actor(),
            at=at,
            lookup=lambda entity, rid: tables.read_data(conn, entity, rid),
        )

    def write(self, name: str, args: dict[str, Any], *, base_version: int | None = None) -> str:
        """Validate `args`, commit the local change with its outbox entry; the record id."""
        model = ARGS_MODELS[name].model_validate(args)
        clean = model.model_dump(mode="json", exclude_unset=_is_patch(name))
        if base_version is not None and "base_version" in type(model).model_fields:
            clean["base_version"] = base_version
        entity = ENTITY_OF[name]
        with self._db.transaction() as conn:
            tail = self._outbox.unsent_tail(conn, name=name, entity_id=clean["id"]) \
                if _is_patch(name) else None
            if tail is not None:
                # an edit of an edit not yet sent: one mutation with the first base version,
                # so the server never sees the phone conflict with itself
                patch = {k: v for k, v in clean.items() if k != "base_version"}
                self._outbox.replace_args(conn, tail.mutation_id, {**tail.args, **patch})
                entry = dataclasses.replace(tail, args=patch)
            else:
                entry = self._outbox.enqueue(
                    conn, name=name, args=clean, entity=entity, entity_id=clean["id"],
                    base_version=base_version,
                )
            self.apply_entry(conn, entry)
            refresh_marks(conn, entity, clean["id"])
        self.notify("local_write")
        return str(clean["id"])

    def apply_entry(self, conn: sqlite3.Connection, entry: OutboxEntry) -> None:
        """Apply one outbox entry to the local view of its record."""
        if entry.entity is None or entry.entity_id is None:
            return
        current = tables.read_data(conn, entry.entity, entry.entity_id)
        ctx = self.context(conn, entry.recorded_at.isoformat())
        updated = reduce(entry.name, current, entry.args, ctx)
        if updated is not None:
            tables.write_local(conn, entry.entity, updated)

    def rebuild(self, conn: sqlite3.Connection, entity: str, record_id: str) -> None:
        """Local view = the server's copy + the mutations still waiting, in order."""
        server = tables.read_server(conn, entity, record_id)
        pending = self._outbox.pending_for(conn, record_id)
        if server is None:
            # a local-only record (not yet created on the server, or its create was
            # rejected): the local view already holds every change; keep what the user wrote
            refresh_marks(conn, entity, record_id)
            return
        tables.write_local(conn, entity, server)
        for entry in pending:
            self.apply_entry(conn, entry)
        refresh_marks(conn, entity, record_id)


def _is_patch(name: str) -> bool:
    return name.endswith(".update")
