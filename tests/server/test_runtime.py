"""A serving process's one lifespan (sync_server.runtime): while it runs, the thread pool
is the size the settings give, SQLite checkpoints run in a thread of their own, and
Python's garbage collector no longer walks the objects built at start; when it stops,
those go away again."""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi.testclient import TestClient
from serverkit import make_settings

from sync_server.app import create_app
from sync_server.runtime import YOUNG_THRESHOLD


class _Node:
    def __init__(self) -> None:
        self.me: Any = self  # a cycle: only the collector frees it


def _checkpointers() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "sqlite-checkpoint" and t.is_alive())


def test_while_serving_the_app_s_objects_are_frozen_and_new_cycles_still_collected(
        db_url: str, tmp_path: Path) -> None:
    app = create_app(make_settings(db_url, tmp_path / "data", worker_threads=3),
                     freeze_gc=True)
    threshold = gc.get_threshold()
    checkpointers = _checkpointers()
    try:
        frozen_before = gc.get_freeze_count()
        with TestClient(app) as client:
            assert client.portal is not None
            threads = client.portal.call(
                lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
            assert threads == 3
            assert gc.get_freeze_count() > frozen_before  # what existed at start
            assert gc.get_threshold()[0] == YOUNG_THRESHOLD
            if db_url.startswith("sqlite"):
                assert _checkpointers() == checkpointers + 1
            node = _Node()
            gone = weakref.ref(node)
            del node
            gc.collect()
            assert gone() is None  # made after start: collected as before
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
        app.state.engine.dispose()
        app.state.sync_engine.dispose()


def test_an_app_not_serving_leaves_the_collector_as_it_was(db_url: str, tmp_path: Path) -> None:
    app = create_app(make_settings(db_url, tmp_path / "data"))
    threshold = gc.get_threshold()
    try:
        with TestClient(app) as client:
            assert client.get("/healthz").status_code == 200
            assert gc.get_threshold() == threshold
    finally:
        app.state.engine.dispose()
        app.state.sync_engine.dispose()
