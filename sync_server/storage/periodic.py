"""Storage layer: background work of a serving process, one daemon thread a job: the SQLite
checkpoints (`checkpoint`), the fold of the province's counts (`province_counts`) and the
daily retention run (`sync_server.retention`)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable


class Periodic:
    """Calls `work()` in a thread of its own every `every_s` seconds, the first time after
    `first_s` (default: `every_s`), until stopped; a call that raises is logged on `log`
    at `level` and the job goes on at its next turn. `done()`, if given, runs in the
    thread as it stops."""

    def __init__(self, name: str, work: Callable[[], object], *, every_s: float,
                 first_s: float | None = None, log: logging.Logger,
                 level: int = logging.WARNING, done: Callable[[], object] | None = None
                 ) -> None:
        self.work, self.done, self.log, self.level = work, done, log, level
        self.every_s = every_s
        self.first_s = every_s if first_s is None else first_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        wait = self.first_s
        try:
            while not self._stop.wait(wait):
                wait = self.every_s
                try:
                    self.work()
                except Exception:  # the database busy or away, a bad day: the next turn
                    self.log.log(self.level, "%s: not done this time", self._thread.name,
                                 exc_info=True)
        finally:
            if self.done is not None:
                self.done()
