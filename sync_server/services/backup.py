"""Service layer: a consistent copy of the SQLite database (SQLite's online backup API)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


def backup_sqlite(db_url: str, target: str) -> int:
    """Copy the live database to `target` page by page, consistent even while serving."""
    source_path = make_url(db_url).database
    if not source_path:
        raise ValueError("not a SQLite file URL")
    dest = Path(target)
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source_path)
    dst = sqlite3.connect(str(dest))
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()
    return dest.stat().st_size
