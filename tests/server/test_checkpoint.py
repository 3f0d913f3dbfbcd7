"""The serving process checkpoints SQLite's write-ahead log in the background, so that no
phone's push pays for copying the log into the database file inside its COMMIT."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from serverkit import make_settings
from sqlalchemy import text

pytestmark = pytest.mark.sqlite_only


def _checkpointers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "sqlite-checkpoint" and t.is_alive()]


def test_writes_reach_the_database_file_without_a_checkpoint_in_commit(
    db_url: str, tmp_path: Path
) -> None:
    from sync_server.app import create_app

    before = len(_checkpointers())
    app = create_app(make_settings(db_url, tmp_path / "data"))
    engine = app.state.engine
    database = Path(engine.url.database)
    try:
        with TestClient(app):  # its lifespan: a serving process
            for pool in (engine, app.state.sync_engine):  # staff requests; the phones' syncs
                with pool.connect() as conn:
                    assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar_one() == 0
            with engine.begin() as conn:
                conn.execute(text("CREATE TABLE filler (x TEXT)"))
            start = database.stat().st_size
            for _ in range(20):
                with engine.begin() as conn:
                    conn.execute(text("INSERT INTO filler VALUES (:x)"), [{"x": "đ" * 2000}] * 50)
            assert len(_checkpointers()) == before + 1
            deadline = time.monotonic() + 10
            while database.stat().st_size <= start + 1_000_000 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert database.stat().st_size > start + 1_000_000  # copied there by the thread
    finally:
        engine.dispose()
        app.state.sync_engine.dispose()
    deadline = time.monotonic() + 5
    while len(_checkpointers()) > before and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(_checkpointers()) == before  # gone when the app stops
