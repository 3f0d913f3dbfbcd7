"""Process layer: Python's garbage collector set up for a serving process (`serve`).

A worker holds some 135,000 long-lived objects once the app is built (its routes, models,
SQLAlchemy's and pydantic's machinery), and every push and pull makes thousands of short
ones (a push of 500 petitions: their parsed JSON, rows and results). With the collector's
defaults, the collections those young objects set off kept walking the long-lived ones:
20 us of each petition a phone pushed went to the collector (0.58 s for 30,000, measured
with `gc.callbacks` in the two workers). When the app has started, its objects are moved
out of the collector's sight (`gc.freeze`, as CPython's documentation advises for a
server), and a first-generation collection waits for more new objects. Cycles are still
collected; only the objects frozen at start are never examined again.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

YOUNG_THRESHOLD = 20_000  # CPython's default is 700 allocations


def freeze_after_start(app: FastAPI) -> None:
    """Once the app has started (inside its lifespan), freeze what exists and collect the
    young generation less often."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(host: Any) -> AsyncIterator[Any]:
        async with inner(host) as state:
            gc.collect()
            gc.freeze()
            _, middle, old = gc.get_threshold()
            gc.set_threshold(YOUNG_THRESHOLD, middle, old)
            yield state

    app.router.lifespan_context = lifespan
