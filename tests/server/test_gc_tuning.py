"""A serving process keeps Python's garbage collector off the objects it built at start:
a phone's push of 500 petitions then no longer pays for walking them."""

from __future__ import annotations

import gc
import weakref
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sync_server.gc_tuning import YOUNG_THRESHOLD, freeze_after_start


class _Node:
    def __init__(self) -> None:
        self.me: Any = self  # a cycle: only the collector frees it


def test_after_start_the_app_s_objects_are_frozen_and_new_cycles_still_collected() -> None:
    app = FastAPI()
    freeze_after_start(app)
    threshold = gc.get_threshold()
    try:
        frozen_before = gc.get_freeze_count()
        with TestClient(app):
            assert gc.get_freeze_count() > frozen_before  # what existed at start
            assert gc.get_threshold()[0] == YOUNG_THRESHOLD
            node = _Node()
            gone = weakref.ref(node)
            del node
            gc.collect()
            assert gone() is None  # made after start: collected as before
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
