"""Storage layer: the province's counts per ward and month (and day), as last folded from
the changes that writes append by trigger (migrations 0018, 0019); read and folded by
storage.province_counts (their shape: primary key, then the counts). Never written by the
application otherwise."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Numeric
from sqlmodel import Field, SQLModel


class ProvinceMonth(SQLModel, table=True):
    """Petitions received (and taken up) and answered in a month, per ward."""

    __tablename__ = "province_month"
    ward_id: str = Field(primary_key=True, max_length=64)
    month: date = Field(primary_key=True)  # the month's first day
    received: int = 0
    taken_up: int = 0
    taken_up_on_time: int = 0
    answered: int = 0
    answered_on_time: int = 0
    satisfied: int = 0
    unsatisfied: int = 0


class ProvinceGroupMonth(SQLModel, table=True):
    """Petitions received in a month per group (the groups that recorded one)."""

    __tablename__ = "province_group_month"
    ward_id: str = Field(primary_key=True, max_length=64)
    month: date = Field(primary_key=True)
    group_id: str = Field(primary_key=True, max_length=64)
    petitions: int = 0


class ProvinceDay(SQLModel, table=True):
    """Changes of the overdue count on a day: open petitions due the day before
    (`open_due`); closed ones answered late, +1 the day after their due date and -1 the
    day they were answered (`closed_late`)."""

    __tablename__ = "province_day"
    ward_id: str = Field(primary_key=True, max_length=64)
    day: date = Field(primary_key=True)
    open_due: int = 0
    closed_late: int = 0


class ProvinceContribution(SQLModel, table=True):
    """Receipts recorded in a month per kind, reversed ones taken out."""

    __tablename__ = "province_contribution"
    ward_id: str = Field(primary_key=True, max_length=64)
    month: date = Field(primary_key=True)
    kind: str = Field(primary_key=True, max_length=20)
    amount: Decimal = Field(default=Decimal(0), sa_type=Numeric(20, 3))
