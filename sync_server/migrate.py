"""Storage layer: run the packaged Alembic migrations up to head for a database URL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from sync_server.storage import normalize_url

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return cfg


def upgrade_to_head(url: str) -> None:
    """Create or upgrade the schema of the database at `url` ("heads": a branch's new
    migration sits on an older revision until it is chained at merge; both apply)."""
    command.upgrade(alembic_config(url), "head")
