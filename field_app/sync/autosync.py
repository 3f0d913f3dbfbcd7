"""Sync layer: the background loop that keeps the phone in sync without being asked.

It syncs shortly after local writes (debounced), every `interval` seconds when all is
well (every `foreground_interval` seconds, about a minute, while a window of the app is in
the foreground, so the ward's answers arrive while the leader looks; a sync with nothing to
send is one pull request), and after a failure it probes `/healthz` (cheap) with exponential
backoff and jitter, syncing as soon as the server answers again. It stops on `stop()`.
"""

from __future__ import annotations

import os
import threading
from datetime import timedelta
from typing import Protocol

from field_app.store import LocalStore
from field_app.sync.status import StatusBoard, SyncReport
from field_app.wire.formats import utcnow


class Driven(Protocol):
    """What the loop drives: `field_app.sync.engine.SyncEngine` (which owns the loop, so
    the loop names only what it uses)."""

    @property
    def store(self) -> LocalStore: ...

    @property
    def status(self) -> StatusBoard: ...

    def rng(self) -> float: ...

    def probe(self) -> bool: ...

    def sync_now(self) -> SyncReport: ...


FOREGROUND_ENV = "FIELD_APP_PULL_SECONDS"
FOREGROUND_DEFAULT = 60.0


def foreground_interval_from_env() -> float:
    """Seconds between pulls while the app is in the foreground (FIELD_APP_PULL_SECONDS)."""
    try:
        value = float(os.environ.get(FOREGROUND_ENV, "") or FOREGROUND_DEFAULT)
    except ValueError:
        return FOREGROUND_DEFAULT
    return value if value >= 1 else FOREGROUND_DEFAULT


class AutoSync:
    """A daemon thread driving `SyncEngine.sync_now`."""

    def __init__(
        self,
        engine: Driven,
        *,
        interval: float = 300.0,
        debounce: float = 2.0,
        backoff_base: float = 2.0,
        backoff_max: float = 300.0,
        foreground_interval: float | None = None,
    ) -> None:
        self.engine = engine
        self.interval = interval
        self.foreground_interval = (foreground_interval if foreground_interval is not None
                                    else foreground_interval_from_env())
        self._foreground: set[object] = set()
        self._lock = threading.Lock()
        self.debounce = debounce
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._debounced = False

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stopping.clear()
        self._wake.set()  # sync once right away
        self._thread = threading.Thread(target=self._run, name="field-app-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def wake(self, *, debounce: bool = False) -> None:
        """Sync soon: at once, or after a short pause that gathers a burst of writes."""
        self._debounced = debounce
        self._wake.set()

    def set_foreground(self, window: object, shown: bool) -> None:
        """A window came to the foreground (pull soon, then about every minute) or left it
        (back to the slow interval once no window is shown)."""
        with self._lock:
            was = bool(self._foreground)
            if shown:
                self._foreground.add(window)
            else:
                self._foreground.discard(window)
            now = bool(self._foreground)
        if now and not was:
            self.wake()

    @property
    def in_foreground(self) -> bool:
        with self._lock:
            return bool(self._foreground)

    def _quiet_interval(self) -> float:
        return min(self.interval, self.foreground_interval) if self.in_foreground \
            else self.interval

    def _backoff(self, failures: int) -> float:
        cap = min(self.backoff_max, self.backoff_base * 2.0 ** min(failures, 16))
        return cap * (0.5 + self.engine.rng() / 2)

    def _run(self) -> None:
        failures = 0
        wait = 0.0
        while not self._stopping.is_set():
            woken = self._wake.wait(wait)
            self._wake.clear()
            if self._stopping.is_set():
                return
            if woken and self._debounced:
                self._debounced = False
                if self._stopping.wait(self.debounce):
                    return
            if not self.engine.store.settings.is_enrolled:
                wait = self.interval
                continue
            if failures and not woken and not self.engine.probe():
                failures += 1
                wait = self._schedule(self._backoff(failures))
                continue
            report = self.engine.sync_now()
            if report.ok:
                failures = 0
                wait = self._quiet_interval()
            elif report.error_code in ("auth.unauthorized", "auth.token_revoked",
                                       "device.not_enrolled", "sync.upgrade_required"):
                failures = 0
                wait = self.interval  # needs the user; try again rarely
            else:
                failures += 1
                wait = self._schedule(self._backoff(failures))

    def _schedule(self, delay: float) -> float:
        self.engine.status.update(next_retry_at=utcnow() + timedelta(seconds=delay))
        return delay
