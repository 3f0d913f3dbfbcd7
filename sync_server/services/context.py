"""Service layer: who is writing, in which scope, inside which transaction (`WriteContext`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection
from sqlmodel import Session

from field_app.wire.formats import utcnow
from sync_server.services.changes import ScopeClock, group_scope, record_change

if TYPE_CHECKING:
    from sync_server.services.webhook_events import Hook


@dataclass
class WriteContext:
    """A writing transaction on behalf of one actor; owns the scope clock of the transaction."""

    session: Session
    ward_id: str
    actor: str
    group_id: str | None = None  # set for devices: they act for exactly one group
    device_id: str | None = None
    group_name: str = ""  # of `group_id`, for the webhook events of a device's changes
    now: datetime = field(default_factory=utcnow)
    clock: ScopeClock = field(init=False)
    _ack_due: date | None = field(default=None, init=False, repr=False)
    # the ward's active webhooks: given by a push (read with its first statements), else
    # read once per transaction when a change makes an event
    hooks: tuple[Hook, ...] | None = None

    def __post_init__(self) -> None:
        self.clock = ScopeClock(self.session)

    @property
    def conn(self) -> Connection:
        """The transaction's Core connection (the lean path for hot statements)."""
        return self.session.connection()

    @property
    def writer(self) -> str:
        """Who the per-field last-writer marks name: the device id, or "staff"."""
        return self.device_id or "staff"

    @property
    def is_device(self) -> bool:
        return self.device_id is not None

    def change(self, *, entity: str, entity_id: str, scope: str, op: str = "upsert",
               new: bool = False) -> int:
        """Record a change of one entity; returns its new version."""
        return record_change(self.session, self.clock, entity=entity, entity_id=entity_id,
                             scope=scope, op=op, new=new)

    def group_change(self, entity: str, entity_id: str, group_id: str, *, op: str = "upsert",
                     new: bool = False) -> int:
        return self.change(entity=entity, entity_id=entity_id, scope=group_scope(group_id),
                           op=op, new=new)

    def ack_due(self) -> date:
        """The day a petition received now must be taken up by (the ward's policy; loaded
        once per transaction)."""
        if self._ack_due is None:
            from sync_server.services.deadlines import load_policy

            self._ack_due = load_policy(self.conn, self.ward_id).ack_due(self.now)
        return self._ack_due

    def webhooks(self) -> tuple[Hook, ...]:
        """The ward's active webhooks (events are written for each of them)."""
        if self.hooks is None:
            from sync_server.services.webhook_events import active_hooks

            self.hooks = active_hooks(self.conn, self.ward_id)
        return self.hooks

    def timeline_entry(self, kind: str, text: str = "") -> dict[str, Any]:
        return {"at": self.now.isoformat(), "actor": self.actor, "kind": kind, "text": text}

    def commit(self) -> None:
        self.clock.flush()
        self.session.commit()
