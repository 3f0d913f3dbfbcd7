"""A petition the phone says it saved survives the battery dying a moment later: every
commit of the phone's database is synced to the flash, and the WAL is kept small at rest."""

from __future__ import annotations

from pathlib import Path

from field_app.store.db import DB_FILE_NAME, WAL_KEPT_BYTES, Database

FULL = 2  # PRAGMA synchronous: 1 NORMAL (the last commits may go at a power cut), 2 FULL


def test_each_commit_reaches_the_flash_and_the_log_is_cut_back(tmp_path: Path) -> None:
    db = Database(tmp_path / DB_FILE_NAME)
    try:
        conn = db.conn
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == FULL
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA journal_size_limit").fetchone()[0] == WAL_KEPT_BYTES
    finally:
        db.close()
