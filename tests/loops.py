"""Test support: run a coroutine to its end on an event loop of its own thread.

Playwright's sync API keeps its loop running in the main thread once a browser test has
run, so `asyncio.run` there fails; every test that drives a coroutine goes through here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_in_own_loop(story: Coroutine[Any, Any, T]) -> T:
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, story).result()
