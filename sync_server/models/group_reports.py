"""Storage layer: the groups' monthly reports, the ward's months (deadline, summary,
closing), its reporting policy (deadline day, giao ban cadence) and commendations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from sync_server.models.types import UtcDateTime


class GroupReport(SQLModel, table=True):
    """One per group and month; a later submit replaces the text and figures."""

    __tablename__ = "group_report"
    __table_args__ = (UniqueConstraint("group_id", "month", name="uq_group_report_month"),)
    id: str = Field(primary_key=True, max_length=64)
    ward_id: str = Field(foreign_key="ward.id", index=True, max_length=64)
    group_id: str = Field(max_length=64)
    month: str = Field(max_length=7)
    figures: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    mood: str = Field(default="", sa_type=Text)
    opinions: str = Field(default="", sa_type=Text)
    hot_issues: str = Field(default="", sa_type=Text)
    proposals: str = Field(default="", sa_type=Text)
    submitted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    first_received_at: datetime = Field(sa_type=UtcDateTime)
    received_at: datetime = Field(sa_type=UtcDateTime)
    version: int = 0
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class ReportMonth(SQLModel, table=True):
    """The ward's month: its summary, and when it was closed (no submit after that)."""

    __tablename__ = "report_month"
    ward_id: str = Field(foreign_key="ward.id", primary_key=True, max_length=64)
    month: str = Field(primary_key=True, max_length=7)
    summary: str = Field(default="", sa_type=Text)
    closed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    closed_by: str = Field(default="", max_length=200)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class ReportPolicy(SQLModel, table=True):
    """Reports due by `deadline_day` of the next month; giao ban monthly or quarterly."""

    __tablename__ = "report_policy"
    ward_id: str = Field(foreign_key="ward.id", primary_key=True, max_length=64)
    deadline_day: int = 5
    briefing_cadence: str = Field(default="monthly", max_length=10)
    updated_by: str = Field(default="", max_length=200)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class Commendation(SQLModel, table=True):
    """A commendation recorded in the console for a review period (`2026-h1`, `2026`)."""

    __tablename__ = "commendation"
    id: str = Field(primary_key=True, max_length=64)
    ward_id: str = Field(foreign_key="ward.id", index=True, max_length=64)
    period: str = Field(max_length=7)
    recipient_kind: str = Field(max_length=12)  # collective | individual
    recipient: str = Field(max_length=300)
    form: str = Field(max_length=200)
    decision_no: str = Field(default="", max_length=100)
    decided_on: date | None = None
    model_id: str | None = Field(default=None, max_length=64)
    created_by: str = Field(default="", max_length=200)
    created_at: datetime = Field(sa_type=UtcDateTime)
