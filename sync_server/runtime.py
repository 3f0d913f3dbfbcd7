"""Process layer: the app's one `lifespan`: what a serving process sets up when it starts
and takes down when it stops.

- Worker threads. Starlette runs the routes' database work in anyio's thread pool (all
  but the phones' syncs, which have a thread of their own: see api.deps), 40 threads by
  default. The work is mostly Python holding the
  GIL, so 40 threads only fight over it: with 200 phones syncing at once, 8 threads
  finished the burst about a quarter sooner than 40, with less CPU per sync
  (`SYNC_SERVER_WORKER_THREADS`, default 4).
- SQLite checkpoints in a background thread, not inside a phone's COMMIT (`checkpoint`).
- The province's counts: the changes writes append are folded into the kept counts by a
  background thread (`province_counts.folder`, decision 0041).
- Background work: the daily retention run and the webhook deliveries, when turned on.
- The GIL's switch interval (`SWITCH_INTERVAL_S`, for `serve`): the sync thread and the
  event loop's thread take turns holding it. When one waits for it (the sync thread back
  from a database round trip, the loop with answers to write), CPython makes the holder
  let go only after the switch interval, 5 ms by default; a push makes several round
  trips. At 0.5 ms a ward's 200 phones at once finished with a p95 about a sixth lower
  on both databases, at the same CPU per phone (decision 0042).
- Python's garbage collector (`freeze_gc`, for `serve`): a worker holds some 135,000
  long-lived objects once the app is built, and every push and pull makes thousands of
  short ones; with the collector's defaults, their collections kept walking the
  long-lived ones (20 us of each petition pushed, decision 0022). Once started, what
  exists is frozen out of the collector's sight (`gc.freeze`, as CPython's documentation
  advises for a server) and a first-generation collection waits for more new objects.
  Cycles are still collected; only the objects frozen at start are never examined again.
"""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import anyio.to_thread
from fastapi import FastAPI

from sync_server.storage.checkpoint import checkpoint_in_background
from sync_server.storage.province_counts import folder

YOUNG_THRESHOLD = 20_000  # CPython's default is 700 allocations
SWITCH_INTERVAL_S = 0.0005  # CPython's default is 0.005


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """From the process's start to its stop (`create_app` puts what it needs in
    `app.state`: settings, engines, the sync session, the background jobs)."""
    state = app.state
    anyio.to_thread.current_default_thread_limiter().total_tokens = max(
        1, state.settings.worker_threads)
    checkpointer = checkpoint_in_background(state.engine, state.sync_engine)
    counts = folder(state.engine)
    counts.start()
    if state.retention is not None:
        state.retention.start()
    delivery = None
    if state.webhook_delivery is not None:
        delivery = asyncio.create_task(state.webhook_delivery.run(), name="webhook-delivery")
    if state.freeze_gc:
        freeze_gc()
        sys.setswitchinterval(SWITCH_INTERVAL_S)
    try:
        yield
    finally:
        if delivery is not None:
            delivery.cancel()
            with suppress(asyncio.CancelledError):
                await delivery
        if state.retention is not None:
            state.retention.stop()
        counts.stop()
        if checkpointer is not None:
            checkpointer.stop()
        state.sync_session.close()


def freeze_gc() -> None:
    """Freeze what exists now and collect the young generation less often."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
