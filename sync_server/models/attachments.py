"""Storage layer: photo attachments, content-addressed by sha256, bytes kept in the database.

Keeping the bytes in the database keeps the server stateless apart from its database, so
several processes can serve one PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from sync_server.models.types import UtcDateTime


class Attachment(SQLModel, table=True):
    __tablename__ = "attachment"
    sha256: str = Field(primary_key=True, max_length=64)
    ward_id: str = Field(foreign_key="ward.id", max_length=64)
    group_id: str | None = Field(default=None, index=True, max_length=64)
    content_type: str = Field(max_length=40)
    size: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    uploaded_by: str = Field(max_length=80)
    created_at: datetime = Field(sa_type=UtcDateTime)
