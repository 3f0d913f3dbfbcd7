"""Service layer (process): the daily retention task of a serving process, a small thread
that calls the same rule as `sync-server retention run` (services.privacy_register)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine, event

from field_app.wire.formats import utcnow
from sync_server.services.privacy_register import RetentionResult, run_retention
from sync_server.storage import session_scope
from sync_server.storage.periodic import Periodic

log = logging.getLogger("sync_server.retention")
DAY_S = 24 * 3600.0
FIRST_RUN_S = 300.0  # a while after start: never in the way of the morning's first syncs


class DailyRetention:
    """Runs the retention rule once a day until the engine is disposed; `run_once` is the
    whole job (tests call it with a clock of their own)."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utcnow,
                 first_s: float = FIRST_RUN_S, every_s: float = DAY_S) -> None:
        self.engine = engine
        self.clock = clock
        # a bad day must not end the task: logged as an error, tried again tomorrow
        self._job = Periodic("retention", self.run_once, every_s=every_s, first_s=first_s,
                             log=log, level=logging.ERROR)

    def run_once(self) -> list[RetentionResult]:
        with session_scope(self.engine) as session:
            results = run_retention(session, now=self.clock())
        for result in results:
            if result.petitions:
                log.info("retention: ward %s, %d petitions ended before %s: personal data "
                         "erased", result.ward_id, len(result.petitions), result.cutoff.date())
        return results

    def start(self) -> None:
        event.listen(self.engine, "engine_disposed", lambda _conn: self.stop())
        self._job.start()

    def stop(self) -> None:
        self._job.stop()
