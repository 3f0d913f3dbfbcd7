"""Configuration layer: the one pydantic-settings class every part of the server reads."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from field_app.wire.records import ATTACHMENT_MAX_BYTES


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("sync-server", "dan-van"))


class Settings(BaseSettings):
    """Server settings from the environment (names as below, case-insensitive)."""

    # Embedded default: a SQLite file in the data directory. DATABASE_URL switches to PostgreSQL.
    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    sync_server_data_dir: Path = Field(
        default_factory=default_data_dir, alias="SYNC_SERVER_DATA_DIR"
    )

    max_json_body: int = Field(default=2 * 1024 * 1024, alias="SYNC_SERVER_MAX_JSON_BODY")
    max_attachment_body: int = Field(
        default=6 * 1024 * 1024, alias="SYNC_SERVER_MAX_ATTACHMENT_BODY"
    )
    max_attachment_size: int = ATTACHMENT_MAX_BYTES  # the phone's limit too
    # failed attempts per client IP per window before 429 auth.rate_limited
    login_rate_limit: int = Field(default=10, alias="SYNC_SERVER_LOGIN_RATE_LIMIT")
    enroll_rate_limit: int = Field(default=10, alias="SYNC_SERVER_ENROLL_RATE_LIMIT")
    rate_limit_window_seconds: int = 60
    staff_token_hours: int = Field(default=12, alias="SYNC_SERVER_STAFF_TOKEN_HOURS")
    enroll_code_hours: int = 72
    dialogue_day_of_month: int = 15
    ward_timezone: str = "Asia/Ho_Chi_Minh"
    mount_console: bool = Field(default=True, alias="SYNC_SERVER_CONSOLE")
    worker_threads: int = Field(default=4, alias="SYNC_SERVER_WORKER_THREADS")
    # erase, once a day, personal data of petitions ended longer ago than the ward keeps it
    retention_daily: bool = Field(default=True, alias="SYNC_SERVER_RETENTION_DAILY")

    # tracking code: the public status pages (/tra-cuu): lookups per client address per
    # minute, and which ward they answer for (default: the first ward created)
    public_rate_limit: int = Field(default=30, alias="SYNC_SERVER_PUBLIC_RATE_LIMIT")
    public_ward_id: str | None = Field(default=None, alias="SYNC_SERVER_PUBLIC_WARD")

    # webhooks: events POSTed from the serving process; the first retry waits the base, the
    # next ones 4, 20, 120... times it (tests shorten it); each POST gives up after timeout
    webhook_delivery: bool = Field(default=True, alias="SYNC_SERVER_WEBHOOK_DELIVERY")
    webhook_retry_base_s: float = Field(default=30.0, alias="SYNC_SERVER_WEBHOOK_RETRY_BASE")
    webhook_poll_s: float = Field(default=2.0, alias="SYNC_SERVER_WEBHOOK_POLL")
    webhook_timeout_s: float = Field(default=5.0, alias="SYNC_SERVER_WEBHOOK_TIMEOUT")

    model_config = SettingsConfigDict(populate_by_name=True, extra="ignore")

    @cached_property
    def db_url(self) -> str:
        """The effective database URL (the embedded SQLite file when none is configured)."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.sync_server_data_dir / 'sync-server.sqlite3'}"

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")
