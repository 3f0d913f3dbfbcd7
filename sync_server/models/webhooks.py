"""Storage layer: the ward's webhooks and their outbox of events (one row per event and
webhook, delivered in id order per webhook by the delivery worker)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from sync_server.models.types import UtcDateTime


class Webhook(SQLModel, table=True):
    """An integration's address: events of the ward are POSTed to `url`, signed with
    `secret` (kept as typed: the signature needs it); `carries_personal` lets the citizen's
    name, phone and the petition's description go in them."""

    __tablename__ = "webhook"
    __table_args__ = (Index("ix_webhook_ward_active", "ward_id", "active"),)
    id: str = Field(primary_key=True, max_length=64)
    ward_id: str = Field(foreign_key="ward.id", max_length=64)
    url: str = Field(max_length=500)
    secret: str = Field(max_length=200)
    active: bool = True
    carries_personal: bool = False
    created_by: str = Field(max_length=64)  # staff id
    created_at: datetime = Field(sa_type=UtcDateTime)
    switched_off_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class WebhookEvent(SQLModel, table=True):
    """One event for one webhook, written in the transaction of the change that caused it;
    `state`: pending, delivered or given_up (after the last retry)."""

    __tablename__ = "webhook_event"
    __table_args__ = (Index("ix_webhook_event_queue", "webhook_id", "state", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(max_length=64)  # the same for every webhook of one change
    webhook_id: str = Field(foreign_key="webhook.id", max_length=64)
    kind: str = Field(max_length=40)  # petition.created | petition.status_changed | ...
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(sa_type=UtcDateTime)
    state: str = Field(default="pending", max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_type=UtcDateTime)
    claimed_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    last_status: int | None = None  # the receiver's HTTP status
    last_error: str | None = Field(default=None, sa_type=Text)  # a code: timeout, refused...
