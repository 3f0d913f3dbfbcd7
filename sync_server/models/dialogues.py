"""Storage layer: dialogue sessions (group meetings and the ward's monthly dialogue day)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, text
from sqlmodel import Field, SQLModel

from sync_server.models.types import UtcDateTime


class DialogueSession(SQLModel, table=True):
    __tablename__ = "dialogue_session"
    id: str = Field(primary_key=True, max_length=64)
    ward_id: str = Field(foreign_key="ward.id", index=True, max_length=64)
    scope: str = Field(default="group", max_length=10)
    group_id: str | None = Field(default=None, index=True, max_length=64)
    kind: str = Field(default="group_meeting", max_length=30)
    title: str = Field(default="", max_length=300)
    scheduled_on: date | None = None
    held_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    place: str = Field(default="", max_length=300)
    chair: str = Field(default="", max_length=200)
    attendees: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    attendance_count: int | None = None
    agenda: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    minutes: str = Field(default="", sa_type=Text)
    petition_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    commitments: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    version: int = 0
    field_versions: dict[str, int] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    # who changed each field last: a device id or "staff" (own edits never conflict)
    field_writers: dict[str, str] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False, server_default=text("'{}'")),
    )
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
