"""Storage layer: the audit log of staff access to citizens' personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from sync_server.models.types import UtcDateTime


class AuditLog(SQLModel, table=True):
    """One row per sensitive look or action: who, what, when. Never updated or deleted."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_ward_at", "ward_id", "at"),)  # the ward's page
    id: str = Field(primary_key=True, max_length=64)
    ward_id: str = Field(foreign_key="ward.id", max_length=64)
    actor_kind: str = Field(default="staff", max_length=20)
    actor_id: str = Field(max_length=64)
    action: str = Field(max_length=64)
    entity: str = Field(max_length=40)
    entity_id: str = Field(index=True, max_length=64)
    at: datetime = Field(sa_type=UtcDateTime, index=True)
    detail: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
