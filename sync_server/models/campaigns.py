"""Storage layer: contribution campaigns and their append-only ledger of entries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel

from sync_server.models.types import UtcDateTime


class Campaign(SQLModel, table=True):
    __tablename__ = "campaign"
    id: str = Field(primary_key=True, max_length=64)
    group_id: str = Field(foreign_key="residential_group.id", index=True, max_length=64)
    title: str = Field(max_length=300)
    purpose: str = Field(default="")
    unit_kinds: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    target: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    suggested_per_household: int | None = None
    instalments: int = 1
    starts_on: date | None = None
    ends_on: date | None = None
    # the public sheet's address (/cong-khai/{public_id}): random, unguessable
    public_id: str | None = Field(default=None, unique=True, max_length=32)
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


class ContributionEntry(SQLModel, table=True):
    """One immutable ledger line: a pledge, a receipt, or a reversal of an earlier line."""

    __tablename__ = "contribution_entry"
    __table_args__ = (Index("ix_contribution_campaign", "campaign_id"),)
    id: str = Field(primary_key=True, max_length=64)
    campaign_id: str = Field(foreign_key="campaign.id", max_length=64)
    group_id: str = Field(foreign_key="residential_group.id", max_length=64)
    household_id: str = Field(max_length=64)
    entry_type: str = Field(max_length=20)
    kind: str = Field(max_length=20)
    quantity: str = Field(max_length=40)  # decimal string; whole đồng for money_vnd
    reverses_id: str | None = Field(default=None, unique=True, max_length=64)
    recorded_on: date
    collector: str | None = Field(default=None, max_length=200)
    receipt_no: str | None = Field(default=None, max_length=40)
    note: str | None = Field(default=None, max_length=300)
    version: int = 0
    created_at: datetime = Field(sa_type=UtcDateTime)
