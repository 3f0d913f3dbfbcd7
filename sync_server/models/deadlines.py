"""Storage layer: a ward's deadline policy and the days it adds to the public calendar."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, text
from sqlmodel import Field, SQLModel

from sync_server.models.types import UtcDateTime


class DeadlinePolicy(SQLModel, table=True):
    """Working days to take a petition up (art. 28 of the Law on Citizen Reception: 10) and
    to answer it after it was taken up, by category with a default."""

    __tablename__ = "deadline_policy"
    ward_id: str = Field(primary_key=True, foreign_key="ward.id", max_length=64)
    ack_working_days: int = Field(default=10, sa_column_kwargs={"server_default": "10"})
    answer_working_days: int = Field(default=15, sa_column_kwargs={"server_default": "15"})
    # category -> working days, for the categories that differ from the default
    answer_by_category: dict[str, int] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False, server_default=text("'{}'")),
    )
    updated_by: str = Field(default="", max_length=200)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class WardDay(SQLModel, table=True):
    """A day the ward adds: `off` (a day off by decree) or `working` (a weekend worked)."""

    __tablename__ = "ward_day"
    ward_id: str = Field(primary_key=True, foreign_key="ward.id", max_length=64)
    day: date = Field(primary_key=True)
    kind: str = Field(max_length=10)
    note: str = Field(default="", max_length=200)
