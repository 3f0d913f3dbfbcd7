"""On SQLite, a push is acknowledged only once it is on disk: the phone forgets its copy
when the server says "applied", so a power cut right after must not take the petition."""

from __future__ import annotations

from pathlib import Path

import pytest
from serverkit import make_settings
from sqlalchemy import text

pytestmark = pytest.mark.sqlite_only

FULL = 2  # PRAGMA synchronous: 1 NORMAL (the last commits may go at a power cut), 2 FULL


def test_every_connection_syncs_each_commit_to_disk(db_url: str, tmp_path: Path) -> None:
    from sync_server.app import create_app

    app = create_app(make_settings(db_url, tmp_path / "data"))
    try:
        for pool in (app.state.engine, app.state.sync_engine):  # staff; the phones' syncs
            with pool.connect() as conn:
                assert conn.execute(text("PRAGMA synchronous")).scalar_one() == FULL
    finally:
        app.state.engine.dispose()
        app.state.sync_engine.dispose()
