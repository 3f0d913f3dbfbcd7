"""Storage layer: the petition table (field-owned, ward-owned and server-kept columns)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, text
from sqlmodel import Field, SQLModel

from sync_server.models.types import UtcDateTime


class Petition(SQLModel, table=True):
    __tablename__ = "petition"
    __table_args__ = (
        Index("ix_petition_group_received", "group_id", "received_at"),
        # a citizen looks a petition up by its code: one per ward (migration 0009)
        Index("ux_petition_ward_tracking_code", "ward_id", "tracking_code", unique=True),
    )
    id: str = Field(primary_key=True, max_length=64)
    group_id: str = Field(foreign_key="residential_group.id", max_length=64)
    ward_id: str = Field(foreign_key="ward.id", max_length=64)
    # field-owned
    title: str = Field(default="", max_length=300)
    description: str = Field(default="", sa_type=Text)
    field: str = Field(max_length=40)
    category: str = Field(max_length=40)
    citizen_name: str | None = Field(default=None, max_length=200)
    citizen_phone: str | None = Field(default=None, max_length=20)
    household_id: str | None = Field(default=None, max_length=64)
    anonymous: bool = False
    location_text: str | None = Field(default=None, max_length=300)
    lat: float | None = None
    lon: float | None = None
    source: str = Field(default="household_visit", max_length=40)
    dialogue_session_id: str | None = Field(default=None, max_length=64)
    attachments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    received_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # moved by transitions
    status: str = Field(default="received", max_length=20)
    citizen_satisfied: bool | None = None
    # made on the phone at creation (field_app.wire.tracking); null for older phones
    tracking_code: str | None = Field(default=None, max_length=16)
    # the citizen's choices at the doorstep (wire.mutations.Consent); null for older phones
    consent: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # ward-owned
    assigned_unit: str | None = Field(default=None, max_length=200)
    assigned_officer: str | None = Field(default=None, max_length=200)
    due_date: date | None = None
    answer: str | None = Field(default=None, sa_type=Text)
    # server-kept: the day the ward must have taken it up by (the ward's policy)
    ack_due: date | None = None
    # server-kept, Vietnam days: first taken up, last answered (the province's counts)
    accepted_on: date | None = None
    answered_on: date | None = None
    # server-kept
    version: int = 0
    field_versions: dict[str, int] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    # who changed each field last: a device id or "staff" (own edits never conflict)
    field_writers: dict[str, str] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False, server_default=text("'{}'")),
    )
    timeline: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    search_text: str = Field(default="", sa_type=Text)
    created_by_device: str | None = Field(default=None, max_length=64)
    # when the citizen's personal fields were emptied (a request or the retention rule)
    erased_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
