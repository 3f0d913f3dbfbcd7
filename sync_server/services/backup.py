"""Service layer: backups and restores of the server's database.

SQLite: a consistent copy through SQLite's online backup API, restored the same way into a
database file that does not exist yet. PostgreSQL: `pg_dump --format=custom` (deploy/
backup.sh), restored with `pg_restore` into an empty database. Either restore ends with a
new server epoch (`new_epoch`): the restored change log ends where the backup was taken,
so every phone's cursor must be refused (`sync.reset_required`) rather than trusted.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

from sqlalchemy import Engine, inspect, update
from sqlalchemy.engine import make_url

from sync_server.models.tables import meta_t


class RestoreRefused(Exception):
    """The restore would overwrite data, or its tools are missing: the sentence says why."""


def backup_sqlite(db_url: str, target: str) -> int:
    """Copy the live database to `target` page by page, consistent even while serving."""
    source_path = make_url(db_url).database
    if not source_path:
        raise ValueError("not a SQLite file URL")
    dest = Path(target)
    dest.parent.mkdir(parents=True, exist_ok=True)
    _copy_sqlite(source_path, dest)
    return dest.stat().st_size


def _copy_sqlite(source: str | Path, dest: Path) -> None:
    src = sqlite3.connect(str(source))
    dst = sqlite3.connect(str(dest))
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()


def restore_sqlite(backup: Path, db_url: str) -> None:
    """Copy a backup made by `backup_sqlite` to the database file of `db_url`, which must
    not exist yet (nothing is overwritten)."""
    path = make_url(db_url).database
    if not path:
        raise ValueError("not a SQLite file URL")
    target = Path(path)
    if target.exists() and target.stat().st_size > 0:
        raise RestoreRefused(f"Cơ sở dữ liệu {target} đã có: khôi phục vào một tệp chưa có.")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy_sqlite(backup, target)


def restore_postgres(backup: Path, db_url: str, engine: Engine) -> None:
    """`pg_restore` a `pg_dump --format=custom` file into the database of `db_url`, which
    must hold no table yet."""
    if inspect(engine).get_table_names():
        raise RestoreRefused("Cơ sở dữ liệu đã có bảng: khôi phục vào một cơ sở dữ liệu trống "
                             "(createdb).")
    if shutil.which("pg_restore") is None:
        raise RestoreRefused("Không tìm thấy pg_restore (gói postgresql-client).")
    libpq = make_url(db_url).set(drivername="postgresql").render_as_string(hide_password=False)
    done = subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", libpq,
                           str(backup)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RestoreRefused(f"pg_restore thất bại: {done.stderr.strip()}")


def new_epoch(engine: Engine) -> str:
    """Give the database a new server epoch; returns it."""
    epoch = uuid.uuid4().hex
    with engine.begin() as conn:
        conn.execute(update(meta_t).where(meta_t.c.key == "epoch").values(value=epoch))
    return epoch
