"""Storage layer: the ward, its residential groups, staff, devices, enrollment codes, references."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Text
from sqlmodel import Field, SQLModel

from sync_server.models.types import UtcDateTime


class Province(SQLModel, table=True):
    """A province: its wards answer to its Ban Tuyên giáo và Dân vận (counts only)."""

    __tablename__ = "province"
    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UtcDateTime)


class Ward(SQLModel, table=True):
    __tablename__ = "ward"
    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    province_id: str | None = Field(default=None, foreign_key="province.id", index=True,
                                    max_length=64)
    created_at: datetime = Field(sa_type=UtcDateTime)
    # what the citizen is told at the doorstep, versioned; how long personal data is kept
    privacy_notice: str = Field(default="", sa_type=Text)
    privacy_notice_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    retention_years: int = Field(default=5, sa_column_kwargs={"server_default": "5"})


class ResidentialGroup(SQLModel, table=True):
    __tablename__ = "residential_group"
    id: str = Field(primary_key=True, max_length=64)
    ward_id: str = Field(foreign_key="ward.id", index=True, max_length=64)
    name: str = Field(max_length=200)
    number: int | None = None
    created_at: datetime = Field(sa_type=UtcDateTime)


class Staff(SQLModel, table=True):
    """A console account. Ward staff (`officer`, `ward_head`) have a `ward_id`; the
    province's accounts (`province`, `administrator`) have none, and may have a
    `province_id`: the check keeps the two kinds apart (migration 0016)."""

    __tablename__ = "staff"
    __table_args__ = (CheckConstraint(
        "(ward_id IS NULL) = (role IN ('province', 'administrator'))",
        name="ck_staff_wardless_roles"),)
    id: str = Field(primary_key=True, max_length=64)
    ward_id: str | None = Field(default=None, foreign_key="ward.id", index=True, max_length=64)
    province_id: str | None = Field(default=None, foreign_key="province.id", max_length=64)
    username: str = Field(unique=True, max_length=80)
    full_name: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=200)
    active: bool = True
    role: str = Field(default="officer", max_length=20,
                      sa_column_kwargs={"server_default": "officer"})
    created_at: datetime = Field(sa_type=UtcDateTime)


class StaffToken(SQLModel, table=True):
    __tablename__ = "staff_token"
    token_hash: str = Field(primary_key=True, max_length=64)
    staff_id: str = Field(foreign_key="staff.id", index=True, max_length=64)
    created_at: datetime = Field(sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Device(SQLModel, table=True):
    __tablename__ = "device"
    id: str = Field(primary_key=True, max_length=64)
    group_id: str = Field(foreign_key="residential_group.id", index=True, max_length=64)
    ward_id: str = Field(foreign_key="ward.id", max_length=64)
    name: str = Field(default="", max_length=100)
    app_version: str = Field(default="", max_length=40)
    token_hash: str = Field(unique=True, max_length=64)
    last_seq: int = 0
    created_at: datetime = Field(sa_type=UtcDateTime)
    last_sync_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class EnrollmentCode(SQLModel, table=True):
    __tablename__ = "enrollment_code"
    code_hash: str = Field(primary_key=True, max_length=64)
    group_id: str = Field(foreign_key="residential_group.id", index=True, max_length=64)
    created_at: datetime = Field(sa_type=UtcDateTime)
    expires_at: datetime = Field(sa_type=UtcDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    device_id: str | None = Field(default=None, max_length=64)


class ReferenceItem(SQLModel, table=True):
    """Ward-wide reference lists that reach the phones (units, officers): entity `reference`."""

    __tablename__ = "reference_item"
    id: str = Field(primary_key=True, max_length=64)
    ward_id: str = Field(foreign_key="ward.id", index=True, max_length=64)
    list_name: str = Field(max_length=40)
    value: str = Field(max_length=300)
    extra: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    version: int = 0
