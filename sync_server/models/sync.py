"""Storage layer: sync bookkeeping (server epoch, scope counters, change log, mutation log)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from sync_server.models.types import UtcDateTime


class ServerMeta(SQLModel, table=True):
    __tablename__ = "server_meta"
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=200)


class ScopeCounter(SQLModel, table=True):
    """One row per scope (`group:<id>`, `ward:<id>`); incremented by every writing transaction."""

    __tablename__ = "scope_counter"
    scope: str = Field(primary_key=True, max_length=80)
    value: int = Field(default=0)


class SyncChange(SQLModel, table=True):
    """The compacted change log: the latest change of each entity, at its scope position."""

    __tablename__ = "sync_change"
    __table_args__ = (Index("ix_sync_change_scope_seq", "scope", "seq"),)
    entity: str = Field(primary_key=True, max_length=40)
    entity_id: str = Field(primary_key=True, max_length=64)
    scope: str = Field(max_length=80)
    seq: int
    op: str = Field(max_length=10)


class MutationLog(SQLModel, table=True):
    """Every mutation a device sent, with the result it got (retries answer from here)."""

    __tablename__ = "mutation_log"
    device_id: str = Field(primary_key=True, max_length=64)
    device_seq: int = Field(primary_key=True)
    mutation_id: str = Field(max_length=64)
    name: str = Field(max_length=64)
    args_sha256: str = Field(max_length=64)
    result: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(sa_type=UtcDateTime)
