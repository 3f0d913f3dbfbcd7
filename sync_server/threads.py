"""HTTP layer: how many worker threads run the (synchronous) endpoints at once.

Starlette runs sync endpoints and dependencies in anyio's thread pool, 40 threads by
default. The work is mostly Python holding the GIL, so 40 threads only fight over it: with
200 phones syncing at once, 8 threads finished the burst ~25% sooner than 40 (and used
less CPU per sync). Slow requests still have several threads to share. The phones' push
and pull have since moved to the event loop itself (see api.deps.as_device); the pool
now serves the staff, the console and the other routes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
from fastapi import FastAPI


def limit_worker_threads(app: FastAPI, threads: int) -> None:
    """Set the event loop's thread pool size when the app starts (inside its lifespan)."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(host: Any) -> AsyncIterator[Any]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = max(1, threads)
        async with inner(host) as state:
            yield state

    app.router.lifespan_context = lifespan
