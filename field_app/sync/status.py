"""Sync layer: the one observable sync status the screens watch.

`SyncStatus` is an immutable snapshot; `StatusBoard` holds the current one and calls
subscribers (on the thread that changed it) whenever it changes. Screens marshal the
callback onto their own loop (e.g. `page.run_thread` / `page.update`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from field_app.sync.messages import message_for


class SyncState(StrEnum):
    IDLE = "idle"
    SYNCING = "syncing"
    OFFLINE = "offline"  # the server cannot be reached; retrying by itself
    ERROR = "error"  # the server refused (e.g. token revoked); needs the user


@dataclass(frozen=True)
class SyncReport:
    """The outcome of one `sync_now`."""

    ok: bool
    pushed: int = 0
    received: int = 0
    rejected: int = 0
    conflicts: int = 0
    error_code: str | None = None
    error_detail: str | None = None


@dataclass(frozen=True)
class SyncStatus:
    """What the sync badge shows."""

    state: SyncState = SyncState.IDLE
    enrolled: bool = False
    phase: str | None = None  # 'push' | 'pull' while syncing
    sent: int = 0  # mutations sent in this sync
    to_send: int = 0  # mutations to send when this sync began
    received: int = 0  # changes received in this sync
    last_success_at: datetime | None = None
    waiting: int = 0  # outbox entries not yet confirmed
    rejected: int = 0
    conflicts: int = 0
    error_code: str | None = None  # dotted code, e.g. 'network.unreachable', 'auth.token_revoked'
    error_detail: str | None = None  # technical detail for support (not for the user)
    next_retry_at: datetime | None = None

    def error_message(self, language: str = "vi") -> str | None:
        """The last error in Vietnamese ('vi') or English ('en'), or None."""
        return None if self.error_code is None else message_for(self.error_code, language)

    @property
    def error_message_vi(self) -> str | None:
        return self.error_message("vi")

    @property
    def error_message_en(self) -> str | None:
        return self.error_message("en")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["state"] = str(self.state)
        for key in ("last_success_at", "next_retry_at"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        data["error_message_vi"] = self.error_message_vi
        data["error_message_en"] = self.error_message_en
        return data


Subscriber = Callable[[SyncStatus], None]


class StatusBoard:
    """Holds the current `SyncStatus` and notifies subscribers of every change."""

    def __init__(self, initial: SyncStatus | None = None) -> None:
        self._status = initial or SyncStatus()
        self._lock = threading.Lock()
        self._subscribers: list[Subscriber] = []

    @property
    def current(self) -> SyncStatus:
        return self._status

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call `callback(status)` on every change (and once now); returns unsubscribe."""
        with self._lock:
            self._subscribers.append(callback)
        callback(self._status)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def update(self, **changes: Any) -> SyncStatus:
        with self._lock:
            self._status = replace(self._status, **changes)
            status, subscribers = self._status, list(self._subscribers)
        for callback in subscribers:
            try:
                callback(status)
            except Exception:  # a broken screen must not stop the sync
                continue
        return status
