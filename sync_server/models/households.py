"""Storage layer: the household table (soft-deleted rows travel as tombstones)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel

from sync_server.models.types import UtcDateTime


class Household(SQLModel, table=True):
    __tablename__ = "household"
    id: str = Field(primary_key=True, max_length=64)
    group_id: str = Field(foreign_key="residential_group.id", index=True, max_length=64)
    head_name: str = Field(max_length=200)
    address: str = Field(default="", max_length=300)
    phone: str | None = Field(default=None, max_length=20)
    # the head agreed to be named on public sheets (else the household code is shown)
    publish_name: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    search_text: str = Field(default="", max_length=600)
    version: int = 0
    deleted: bool = False
    erased_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
