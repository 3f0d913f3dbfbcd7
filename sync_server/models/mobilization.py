"""Storage layer: "Dân vận khéo" models (mô hình), a group's or a ward-level unit's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, text
from sqlmodel import Field, SQLModel

from sync_server.models.types import UtcDateTime


class MobilizationModel(SQLModel, table=True):
    """`group_id` is None for a ward-level unit's model (a party cell, the Front, an
    association): it travels in the ward scope."""

    __tablename__ = "mobilization_model"
    __table_args__ = (Index("ix_mobilization_model_ward_year", "ward_id", "year"),)
    id: str = Field(primary_key=True, max_length=64)
    ward_id: str = Field(foreign_key="ward.id", max_length=64)
    group_id: str | None = Field(default=None, index=True, max_length=64)
    name: str = Field(max_length=300)
    field: str = Field(max_length=30)
    unit_kind: str = Field(max_length=30)
    unit_name: str = Field(default="", max_length=300)
    level: str = Field(default="group", max_length=20)
    year: int
    goals: str = Field(default="", sa_type=Text)
    followers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="registered", max_length=20)
    recognition: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    metrics: list[dict[str, Any]] = Field(default_factory=list,
                                          sa_column=Column(JSON, nullable=False))
    attachments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    campaign_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    petition_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    timeline: list[dict[str, Any]] = Field(default_factory=list,
                                           sa_column=Column(JSON, nullable=False))
    search_text: str = Field(default="", sa_type=Text)
    version: int = 0
    field_versions: dict[str, int] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    field_writers: dict[str, str] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False, server_default=text("'{}'")),
    )
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
