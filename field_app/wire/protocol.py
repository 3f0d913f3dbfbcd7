"""Wire layer: request and response envelopes of the sync protocol (protocol 1).

See docs/sync-protocol.md. Mutation `args` are validated per name by the models in
`field_app.wire.mutations`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from field_app.wire.records import PlausibleDate

PROTOCOL_VERSION = 1
MAX_BATCH = 500  # mutations per push
MAX_PULL_LIMIT = 1000


class MutationName(StrEnum):
    PETITION_CREATE = "petition.create"
    PETITION_UPDATE = "petition.update"
    PETITION_WITHDRAW = "petition.withdraw"
    PETITION_REPORT_BACK = "petition.report_back"
    PETITION_NOTE = "petition.note"
    DIALOGUE_CREATE = "dialogue.create"
    DIALOGUE_UPDATE = "dialogue.update"
    HOUSEHOLD_UPSERT = "household.upsert"
    CAMPAIGN_CREATE = "campaign.create"
    CAMPAIGN_UPDATE = "campaign.update"
    CONTRIBUTION_RECORD = "contribution.record"
    CONTRIBUTION_REVERSE = "contribution.reverse"
    MODEL_CREATE = "model.create"
    MODEL_UPDATE = "model.update"
    MODEL_EVIDENCE = "model.evidence"
    GROUP_REPORT_SUBMIT = "group_report.submit"
    EXPENSE_RECORD = "expense.record"
    EXPENSE_REVERSE = "expense.reverse"


class MutationStatus(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    CONFLICT = "conflict"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Mutation(BaseModel):
    """One entry of a device's outbox."""

    model_config = ConfigDict(extra="ignore")

    mutation_id: UUID
    device_seq: int = Field(ge=1)
    # a str (not MutationName) so an unknown name is rejected per mutation, not per batch
    name: str = Field(max_length=64)
    args: dict[str, Any]
    base_version: int | None = Field(default=None, ge=0)
    recorded_at: datetime | None = None


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    protocol: int
    mutations: list[Mutation] = Field(max_length=MAX_BATCH)


class MutationResult(BaseModel):
    mutation_id: str
    device_seq: int
    status: MutationStatus
    code: str | None = None
    message: str | None = None
    entity: str | None = None
    id: str | None = None
    version: int | None = None
    # for conflicts: the fields that kept the server's value
    fields: list[str] | None = None


class PushResponse(BaseModel):
    results: list[MutationResult]
    last_seq: int


class Change(BaseModel):
    entity: Literal[
        "petition", "household", "campaign", "contribution_entry", "dialogue_session", "reference",
        "model", "group_report", "campaign_expense",
    ]
    id: str
    op: Literal["upsert", "delete"]
    version: int
    data: dict[str, Any] | None = None


class PullResponse(BaseModel):
    changes: list[Change]
    cursor: str
    has_more: bool
    last_seq: int


class EnrollRequest(BaseModel):
    code: str = Field(min_length=4, max_length=64)
    device_name: str = Field(default="", max_length=100)
    app_version: str = Field(default="", max_length=40)


class GroupInfo(BaseModel):
    id: str
    name: str


class WardInfo(BaseModel):
    id: str
    name: str


class EnrollResponse(BaseModel):
    device_id: str
    token: str
    group: GroupInfo
    ward: WardInfo


class TransitionRequest(Strict):
    action: Literal["accept", "assign", "start", "answer", "reject", "close", "reopen"]
    note: str | None = Field(default=None, max_length=5000)
    assigned_unit: str | None = Field(default=None, max_length=200)
    assigned_officer: str | None = Field(default=None, max_length=200)
    due_date: PlausibleDate | None = None
    answer: str | None = Field(default=None, max_length=10_000)
    base_version: int | None = Field(default=None, ge=0)
