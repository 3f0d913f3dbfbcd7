"""Storage layer: the register of citizens' data-protection requests (access, correct, erase)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from sync_server.models.types import UtcDateTime


class PrivacyRequest(SQLModel, table=True):
    """One request of a citizen about their personal data and what the ward did about it."""

    __tablename__ = "privacy_request"
    id: str = Field(primary_key=True, max_length=64)
    ward_id: str = Field(foreign_key="ward.id", index=True, max_length=64)
    requester: str = Field(default="", max_length=200)  # who asked (as they gave it)
    subject: str = Field(default="", max_length=200)  # the name or phone searched
    kind: str = Field(max_length=20)  # access | correct | erase
    asked_at: datetime = Field(sa_type=UtcDateTime)
    outcome: str = Field(default="", sa_type=Text)  # what was done
    records: list[dict[str, Any]] = Field(default_factory=list,
                                          sa_column=Column(JSON, nullable=False))
    answered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    answered_by: str | None = Field(default=None, max_length=64)  # staff id
