"""Wire layer: the records the protocol carries, with their binding field names.

Dates are ISO 8601, timestamps carry their offset, money is an integer number of
đồng, fractional quantities (m2) are decimal strings. Models ignore unknown fields
(clients must tolerate fields they do not know).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

# -- vocabularies --------------------------------------------------------------


class FieldOfWork(StrEnum):
    """The four fields of petitions (lĩnh vực)."""

    ECONOMY = "economy"
    CULTURE_SOCIETY = "culture_society"
    DEFENSE_SECURITY = "defense_security"
    POLITICAL_SYSTEM = "political_system"


class Category(StrEnum):
    LAND = "land"
    ENVIRONMENT = "environment"
    INFRASTRUCTURE = "infrastructure"
    LIGHTING = "lighting"
    SECURITY_ORDER = "security_order"
    SOCIAL_POLICY = "social_policy"
    ADMINISTRATIVE = "administrative"
    OTHER = "other"


class Source(StrEnum):
    HOUSEHOLD_VISIT = "household_visit"
    GROUP_MEETING = "group_meeting"
    DIALOGUE_SESSION = "dialogue_session"
    PHONE = "phone"
    OTHER = "other"


class PetitionStatus(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    REPORTED_BACK = "reported_back"
    CLOSED = "closed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class DialogueScope(StrEnum):
    GROUP = "group"
    WARD = "ward"


class DialogueKind(StrEnum):
    GROUP_MEETING = "group_meeting"
    WARD_DIALOGUE_DAY = "ward_dialogue_day"
    BRIEFING = "briefing"


class EntryType(StrEnum):
    PLEDGE = "pledge"
    RECEIPT = "receipt"
    REVERSAL = "reversal"


class ContributionKind(StrEnum):
    MONEY_VND = "money_vnd"
    LAND_M2 = "land_m2"
    WALL_M2 = "wall_m2"
    WORKDAYS = "workdays"
    MATERIALS = "materials"
    OTHER = "other"


class ModelUnitKind(StrEnum):
    """Who owns a "Dân vận khéo" model (mô hình)."""

    RESIDENTIAL_GROUP = "residential_group"
    PARTY_CELL = "party_cell"
    FRONT = "front"
    WOMENS_UNION = "womens_union"
    YOUTH_UNION = "youth_union"
    FARMERS_UNION = "farmers_union"
    VETERANS_ASSOCIATION = "veterans_association"
    OTHER = "other"


class ModelLevel(StrEnum):
    GROUP = "group"
    WARD = "ward"
    PROVINCE = "province"


class ModelStatus(StrEnum):
    REGISTERED = "registered"
    IN_PROGRESS = "in_progress"
    PROPOSED = "proposed"
    RECOGNIZED = "recognized"
    NOT_RECOGNIZED = "not_recognized"
    REPLICATED = "replicated"


# Kinds whose quantity is a whole number (money in đồng); the rest are decimals.
INTEGER_KINDS = frozenset({ContributionKind.MONEY_VND})
MAX_QUANTITY: dict[ContributionKind, Decimal] = {
    ContributionKind.MONEY_VND: Decimal(10_000_000_000),  # 10 billion đồng per line
    ContributionKind.LAND_M2: Decimal(1_000_000),
    ContributionKind.WALL_M2: Decimal(1_000_000),
    ContributionKind.WORKDAYS: Decimal(100_000),
    ContributionKind.MATERIALS: Decimal(1_000_000),
    ContributionKind.OTHER: Decimal(1_000_000),
}

# -- field types ---------------------------------------------------------------

def _no_nul(value: str) -> str:
    if "\x00" in value:  # SQLite would store it, PostgreSQL refuses it: refuse it everywhere
        raise ValueError("text may not contain NUL characters")
    return value


def _plausible_date(value: date) -> date:
    if not date(2000, 1, 1) <= value <= date(2100, 12, 31):
        raise ValueError("date must be between 2000-01-01 and 2100-12-31")
    return value


def _plausible_datetime(value: datetime) -> datetime:
    _plausible_date(value.date())
    return value


# the longest texts the ward accepts: the phone's forms count down to the same limits
SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 10_000
NAME_MAX = 200
PHONE_MAX = 20
# the biggest photo the ward keeps; the phone makes photos smaller until they fit
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=SHORT_TEXT_MAX),
                      AfterValidator(_no_nul)]
LongText = Annotated[str, StringConstraints(max_length=LONG_TEXT_MAX), AfterValidator(_no_nul)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=NAME_MAX),
                 AfterValidator(_no_nul)]
# dates written by people (receipts, due dates, meetings): years 2000-2100, never 9999
PlausibleDate = Annotated[date, AfterValidator(_plausible_date)]
PlausibleDateTime = Annotated[datetime, AfterValidator(_plausible_datetime)]
Phone = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=PHONE_MAX,
                           pattern=r"^[0-9+() .-]*$")
]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]

# Field-owned petition fields: the phone creates and edits them.
PETITION_FIELD_OWNED: tuple[str, ...] = (
    "title",
    "description",
    "field",
    "category",
    "citizen_name",
    "citizen_phone",
    "household_id",
    "anonymous",
    "location_text",
    "lat",
    "lon",
    "source",
    "dialogue_session_id",
    "attachments",
    "received_at",
)
# Ward-owned petition fields: only staff transitions set them.
PETITION_WARD_OWNED: tuple[str, ...] = ("assigned_unit", "assigned_officer", "due_date", "answer")


class WireModel(BaseModel):
    """Base of every record on the wire: tolerant of fields it does not know."""

    model_config = ConfigDict(extra="ignore", use_enum_values=True)


class TimelineEntry(WireModel):
    at: datetime
    actor: str
    kind: str  # created, accepted, assigned, started, answered, rejected, closed, reopened,
    # withdrawn, reported_back, note, conflict, edited, citizen_feedback
    text: str = ""


def newest_first(timeline: Sequence[TimelineEntry]) -> list[TimelineEntry]:
    """A record's timeline as a screen shows it, the newest step first. Steps stamped in the
    same instant (the ward's transitions in one push) keep their order, reversed with the
    rest: the step appended last is shown first."""
    return [e for _, e in sorted(enumerate(timeline), key=lambda p: (p[1].at, p[0]),
                                 reverse=True)]


class PetitionData(WireModel):
    id: str
    group_id: str
    title: str = ""
    description: str = ""
    field: FieldOfWork
    category: Category
    citizen_name: str | None = None
    citizen_phone: str | None = None
    household_id: str | None = None
    anonymous: bool = False
    location_text: str | None = None
    lat: float | None = None
    lon: float | None = None
    source: Source = Source.HOUSEHOLD_VISIT
    dialogue_session_id: str | None = None
    attachments: list[str] = Field(default_factory=list)
    received_at: datetime | None = None
    status: PetitionStatus = PetitionStatus.RECEIVED
    assigned_unit: str | None = None
    assigned_officer: str | None = None
    due_date: date | None = None
    answer: str | None = None
    # server-kept: the day the ward must have taken it up by (its policy, in working days)
    ack_due: date | None = None
    citizen_satisfied: bool | None = None
    tracking_code: str | None = None
    # the citizen's choices at the doorstep: {notice_version, publish_name, contact_ok, at}
    consent: dict[str, Any] | None = None
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    timeline: list[TimelineEntry] = Field(default_factory=list)
    # set when the ward erased the citizen's personal fields (the phone keeps no copy)
    erased_at: datetime | None = None


class HouseholdData(WireModel):
    id: str
    group_id: str
    head_name: str
    address: str = ""
    phone: str | None = None
    # the head agreed to be named on public sheets (the twin of petition.consent.publish_name)
    publish_name: bool = False
    version: int = 0
    erased_at: datetime | None = None


class CampaignData(WireModel):
    id: str
    group_id: str
    title: str
    purpose: str = ""
    unit_kinds: list[ContributionKind] = Field(default_factory=lambda: [ContributionKind.MONEY_VND])
    # per kind: money as integer đồng, areas as decimal strings
    target: dict[str, str | int] = Field(default_factory=dict)
    suggested_per_household: int | None = None
    instalments: int = 1
    starts_on: date | None = None
    ends_on: date | None = None
    version: int = 0


class ContributionEntryData(WireModel):
    id: str
    campaign_id: str
    household_id: str
    entry_type: EntryType
    kind: ContributionKind
    quantity: str  # decimal string; an integer for money_vnd
    reverses_id: str | None = None
    recorded_on: date
    collector: str | None = None
    receipt_no: str | None = None
    note: str | None = None
    group_id: str | None = None
    version: int = 0


class CampaignExpenseData(WireModel):
    """What a campaign's money was spent on: append-only, a reversal cancels one line."""

    id: str
    campaign_id: str
    group_id: str | None = None
    entry_type: str = "expense"  # "expense" or "reversal"
    spent_on: date
    amount_vnd: int
    purpose: str = ""
    payee: str | None = None
    receipt_no: str | None = None
    attachments: list[str] = Field(default_factory=list)
    reverses_id: str | None = None
    note: str | None = None  # the reason of a reversal
    recorded_by: str | None = None
    version: int = 0
    created_at: datetime | None = None


class Commitment(WireModel):
    id: str
    text: str
    owner: str = ""
    due_date: date | None = None
    status: str = "open"  # open | done


class DialogueSessionData(WireModel):
    id: str
    scope: DialogueScope = DialogueScope.GROUP
    group_id: str | None = None
    kind: DialogueKind = DialogueKind.GROUP_MEETING
    title: str = ""
    scheduled_on: date | None = None
    held_at: datetime | None = None
    place: str = ""
    chair: str = ""
    attendees: list[str] = Field(default_factory=list)
    attendance_count: int | None = None
    agenda: list[str] = Field(default_factory=list)
    minutes: str = ""
    petition_ids: list[str] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)
    version: int = 0


class ModelMetric(WireModel):
    """One figure of a model's evidence: "Tiền huy động", "45000000", "đồng"."""

    label: str
    quantity: str  # decimal string
    unit: str = ""


class ModelRecognition(WireModel):
    level: ModelLevel
    decision_no: str = ""
    decided_on: date | None = None


class ModelData(WireModel):
    """A "Dân vận khéo" model; `group_id` is None for ward-level units (party cells, the
    Front, associations), which every phone of the ward pulls read-only."""

    id: str
    group_id: str | None = None
    ward_id: str = ""  # empty on a phone until the ward has the model
    name: str
    field: FieldOfWork
    unit_kind: ModelUnitKind = ModelUnitKind.RESIDENTIAL_GROUP
    unit_name: str = ""
    level: ModelLevel = ModelLevel.GROUP
    year: int
    goals: str = ""
    followers: list[str] = Field(default_factory=list)
    status: ModelStatus = ModelStatus.REGISTERED
    recognition: ModelRecognition | None = None
    metrics: list[ModelMetric] = Field(default_factory=list)
    attachments: list[str] = Field(default_factory=list)
    campaign_ids: list[str] = Field(default_factory=list)
    petition_ids: list[str] = Field(default_factory=list)
    version: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    timeline: list[TimelineEntry] = Field(default_factory=list)


# -- the group's monthly report ------------------------------------------------------
MONTH_PATTERN = r"^(20\d\d)-(0[1-9]|1[0-2])$"
GROUP_REPORT_FIGURES = (  # the figures a phone fills from its own records, in this order
    "petitions_received", "petitions_answered", "petitions_reported_back",
    "meetings", "attendance", "contributions_count", "contributions_vnd",
    "models_total", "models_in_progress", "models_proposed", "models_recognized",
)


class GroupReportData(WireModel):
    """A group's monthly report (báo cáo tình hình tháng): one per group and month."""

    id: str
    group_id: str = ""
    ward_id: str = ""
    month: str
    figures: dict[str, int] = Field(default_factory=dict)
    mood: str = ""
    opinions: str = ""
    hot_issues: str = ""
    proposals: str = ""
    submitted_at: datetime | None = None
    received_at: datetime | None = None
    version: int = 0
