"""Storage layer: what a campaign's money was spent on, an append-only list like the ledger."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column, Index
from sqlmodel import Field, SQLModel

from sync_server.models.types import UtcDateTime


class CampaignExpense(SQLModel, table=True):
    """One immutable line: an expense, or the reversal of an earlier one (with its reason)."""

    __tablename__ = "campaign_expense"
    __table_args__ = (Index("ix_campaign_expense_campaign", "campaign_id"),)
    id: str = Field(primary_key=True, max_length=64)
    campaign_id: str = Field(foreign_key="campaign.id", max_length=64)
    group_id: str = Field(foreign_key="residential_group.id", max_length=64)
    entry_type: str = Field(max_length=20)  # expense | reversal
    spent_on: date
    amount_vnd: int = Field(sa_type=BigInteger)  # whole đồng, up to 10 billion
    purpose: str = Field(default="", max_length=300)
    payee: str | None = Field(default=None, max_length=200)
    receipt_no: str | None = Field(default=None, max_length=40)
    attachments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    reverses_id: str | None = Field(default=None, unique=True, max_length=64)
    note: str | None = Field(default=None, max_length=300)
    recorded_by: str | None = Field(default=None, max_length=200)
    version: int = 0
    created_at: datetime = Field(sa_type=UtcDateTime)
