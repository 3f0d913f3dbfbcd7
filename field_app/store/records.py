"""Store layer: the typed rows the repositories return to the screens.

Each row is the wire record as the phone sees it (server state with the user's own
pending edits on top) plus its sync state: waiting to send (`pending`), `synced`,
`rejected` (with the server's message) or `conflict` (with the fields that kept the
server's value).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from field_app.wire.records import (
    CampaignData,
    CampaignExpenseData,
    ContributionEntryData,
    DialogueSessionData,
    GroupReportData,
    HouseholdData,
    ModelData,
    PetitionData,
)


class RecordSyncState(StrEnum):
    PENDING = "pending"  # waiting to send
    SYNCED = "synced"  # the server has it
    REJECTED = "rejected"  # the server refused a change; see sync_message
    CONFLICT = "conflict"  # some fields kept the server's value; see conflict_fields


class SyncMarks(BaseModel):
    """What the phone knows of a record's journey to the ward, shown beside it."""

    sync_state: RecordSyncState = RecordSyncState.SYNCED
    sync_message: str | None = None
    sync_code: str | None = None
    conflict_fields: list[str] = Field(default_factory=list)


class PetitionRow(PetitionData, SyncMarks):
    """The wire record plus its sync marks."""


class HouseholdRow(HouseholdData, SyncMarks):
    """The wire record plus its sync marks."""


class CampaignRow(CampaignData, SyncMarks):
    """The wire record plus its sync marks."""


class ContributionEntryRow(ContributionEntryData, SyncMarks):
    reversed_by: str | None = None  # id of the reversal entry cancelling this one


class CampaignExpenseRow(CampaignExpenseData, SyncMarks):
    reversed_by: str | None = None  # id of the reversal line cancelling this expense


class DialogueSessionRow(DialogueSessionData, SyncMarks):
    """The wire record plus its sync marks."""


class ModelRow(ModelData, SyncMarks):
    """A "Dân vận khéo" model plus its sync marks (`group_id` None: a ward unit's)."""


class GroupReportRow(GroupReportData, SyncMarks):
    """The group's monthly report plus its sync marks."""


@dataclass(frozen=True)
class PetitionCounts:
    """Numbers for the home screen."""

    total: int
    open: int  # received, accepted, in progress, at the ward (not those never sent)
    overdue: int
    awaiting_report_back: int  # answered, citizen not told yet
    waiting_to_send: int
    rejected: int
    conflicts: int
    by_status: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DuplicateCandidate:
    petition: PetitionRow
    similarity: float  # 0..1, token overlap of folded title + description


@dataclass(frozen=True)
class KindTotals:
    """A campaign's totals for one kind; reversals already subtracted."""

    kind: str
    pledged: Decimal
    received: Decimal
    target: Decimal | None


@dataclass(frozen=True)
class HouseholdBalance:
    household_id: str
    head_name: str
    address: str
    kind: str
    pledged: Decimal
    received: Decimal

    @property
    def outstanding(self) -> Decimal:
        return max(self.pledged - self.received, Decimal(0))


@dataclass(frozen=True)
class TransparencyRow:
    """One line of the public notice-board sheet (công khai): a household and a kind."""

    household_id: str
    head_name: str
    address: str
    kind: str
    pledged: Decimal
    received: Decimal
    last_receipt_on: date | None
    receipt_nos: list[str]


@dataclass(frozen=True)
class OutboxEntry:
    """One mutation waiting in, or kept by, the outbox."""

    mutation_id: str
    device_seq: int
    name: str
    args: dict[str, Any]
    base_version: int | None
    recorded_at: datetime
    state: str  # pending | rejected | conflict
    entity: str | None
    entity_id: str | None
    code: str | None = None
    message: str | None = None
    fields: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OutboxCounts:
    waiting: int
    rejected: int
    conflicts: int
