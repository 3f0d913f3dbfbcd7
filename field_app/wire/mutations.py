"""Wire layer: the `args` of each mutation name, validated strictly (unknown keys refused).

`petition.update` and `dialogue.update` are patches: only the keys sent are changed
(`model_fields_set`). Both sides use these models: the phone to build its outbox,
the server to validate what arrives.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from field_app.wire.protocol import MutationName
from field_app.wire.records import (
    INTEGER_KINDS,
    MAX_QUANTITY,
    MONTH_PATTERN,
    Category,
    Commitment,
    ContributionKind,
    DialogueKind,
    FieldOfWork,
    Latitude,
    Longitude,
    LongText,
    ModelLevel,
    ModelStatus,
    ModelUnitKind,
    Name,
    Phone,
    PlausibleDate,
    PlausibleDateTime,
    Sha256,
    ShortText,
    Source,
)
from field_app.wire.tracking import PATTERN as TRACKING_PATTERN

ReceiptNo = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]
TrackingCode = Annotated[str, StringConstraints(pattern=f"^{TRACKING_PATTERN.pattern}$")]


class Args(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class PetitionFields(Args):
    title: ShortText = ""
    description: LongText = ""
    citizen_name: Name | None = None
    citizen_phone: Phone | None = None
    household_id: UUID | None = None
    anonymous: bool = False
    location_text: ShortText | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    source: Source = Source.HOUSEHOLD_VISIT
    dialogue_session_id: UUID | None = None
    attachments: list[Sha256] = Field(default_factory=list, max_length=10)
    received_at: PlausibleDateTime | None = None


class Consent(Args):
    """What the citizen was told (the ward's notice version) and agreed to, at the doorstep."""

    notice_version: int = Field(ge=0)
    publish_name: bool = False
    contact_ok: bool = False
    at: PlausibleDateTime


class PetitionCreate(PetitionFields):
    id: UUID
    field: FieldOfWork
    category: Category
    # made on the phone (wire.tracking); absent from phones older than the second wave
    tracking_code: TrackingCode | None = None
    # the citizen's choices at the doorstep; absent from phones older than the second wave
    consent: Consent | None = None

    @model_validator(mode="after")
    def _title_or_description(self) -> PetitionCreate:
        if not (self.title.strip() or self.description.strip()):
            raise ValueError("title or description is required")
        if self.anonymous:  # an anonymous citizen leaves no name or phone anywhere
            self.citizen_name = None
            self.citizen_phone = None
            if self.consent is not None:  # nothing stored: nothing to publish or call
                self.consent.publish_name = False
                self.consent.contact_ok = False
        return self


class PetitionUpdate(PetitionFields):
    """A patch: only the keys present are changed."""

    id: UUID
    field: FieldOfWork | None = None
    category: Category | None = None
    base_version: int | None = Field(default=None, ge=0)

    def patch(self) -> dict[str, Any]:
        keys = self.model_fields_set - {"id", "base_version"}
        patch = self.model_dump(mode="json", include=keys)
        if patch.get("anonymous"):
            patch["citizen_name"] = None
            patch["citizen_phone"] = None
        return patch


class PetitionWithdraw(Args):
    id: UUID
    note: LongText | None = None


class PetitionReportBack(Args):
    id: UUID
    citizen_satisfied: bool
    note: LongText | None = None


class PetitionNote(Args):
    id: UUID
    text: LongText = Field(min_length=1)


class HouseholdUpsert(Args):
    id: UUID
    head_name: Name = Field(min_length=1)
    address: ShortText = ""
    phone: Phone | None = None
    # optional (second wave): absent keeps what the server has; older phones never send it
    publish_name: bool | None = None


class CampaignFields(Args):
    title: ShortText | None = None
    purpose: LongText | None = None
    unit_kinds: list[ContributionKind] | None = None
    target: dict[ContributionKind, Decimal] | None = None
    suggested_per_household: int | None = Field(default=None, ge=0, le=10_000_000_000)
    instalments: int | None = Field(default=None, ge=1, le=60)
    starts_on: PlausibleDate | None = None
    ends_on: PlausibleDate | None = None

    @model_validator(mode="after")
    def _ends_after_start(self) -> CampaignFields:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self

    @field_validator("target")
    @classmethod
    def _non_negative(cls, v: dict[ContributionKind, Decimal] | None) -> Any:
        if v and any(q < 0 or q > Decimal(10_000_000_000) for q in v.values()):
            raise ValueError("targets must be between 0 and 10,000,000,000")
        return v


class CampaignCreate(CampaignFields):
    id: UUID
    title: ShortText = Field(min_length=1)


class CampaignUpdate(CampaignFields):
    id: UUID
    base_version: int | None = Field(default=None, ge=0)

    def patch(self) -> dict[str, Any]:
        keys = self.model_fields_set - {"id", "base_version"}
        return self.model_dump(mode="json", include=keys)


class ContributionRecord(Args):
    id: UUID
    campaign_id: UUID
    household_id: UUID
    entry_type: Literal["pledge", "receipt"]
    kind: ContributionKind
    quantity: Decimal = Field(gt=0)
    recorded_on: PlausibleDate
    collector: Name | None = None
    receipt_no: ReceiptNo | None = None
    note: ShortText | None = None

    @model_validator(mode="after")
    def _quantity_fits_kind(self) -> ContributionRecord:
        # the same limits the server applies, so a phone never queues a line it will refuse
        kind = ContributionKind(self.kind)
        if self.quantity > MAX_QUANTITY[kind]:
            raise ValueError(f"quantity above the limit for {kind.value}")
        if kind in INTEGER_KINDS and self.quantity != self.quantity.to_integral_value():
            raise ValueError("money is a whole number of đồng")
        return self


class ContributionReverse(Args):
    id: UUID
    reverses_id: UUID
    recorded_on: PlausibleDate
    note: ShortText | None = None
    collector: Name | None = None


class DialogueFields(Args):
    kind: DialogueKind | None = None
    title: ShortText | None = None
    scheduled_on: PlausibleDate | None = None
    held_at: PlausibleDateTime | None = None
    place: ShortText | None = None
    chair: Name | None = None
    attendees: list[Name] | None = Field(default=None, max_length=1000)
    attendance_count: int | None = Field(default=None, ge=0, le=100_000)
    agenda: list[ShortText] | None = Field(default=None, max_length=200)
    minutes: LongText | None = None
    petition_ids: list[UUID] | None = Field(default=None, max_length=500)
    commitments: list[Commitment] | None = Field(default=None, max_length=200)


class DialogueCreate(DialogueFields):
    id: UUID


class DialogueUpdate(DialogueFields):
    id: UUID
    base_version: int | None = Field(default=None, ge=0)

    def patch(self) -> dict[str, Any]:
        keys = self.model_fields_set - {"id", "base_version"}
        return self.model_dump(mode="json", include=keys)


MAX_EXPENSE_VND = int(MAX_QUANTITY[ContributionKind.MONEY_VND])  # as a money ledger line


class ExpenseRecord(Args):
    """One thing a campaign's money was spent on (whole đồng above 0)."""

    id: UUID
    campaign_id: UUID
    spent_on: PlausibleDate
    amount_vnd: int = Field(gt=0, le=MAX_EXPENSE_VND)
    purpose: ShortText = Field(min_length=1)
    payee: Name | None = None
    receipt_no: ReceiptNo | None = None
    attachments: list[Sha256] = Field(default_factory=list, max_length=10)


class ExpenseReverse(Args):
    """Cancels one expense line ("Hủy khoản ghi"), with the reason; at most once."""

    id: UUID
    reverses_id: UUID
    spent_on: PlausibleDate
    note: ShortText = Field(min_length=1)


# -- "Dân vận khéo" models ---------------------------------------------------------

MAX_METRIC = Decimal(1_000_000_000_000)  # a figure of evidence (đồng, m2, metres, households)
UnitText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)]


class MetricArgs(Args):
    label: ShortText = Field(min_length=1)
    quantity: Decimal = Field(ge=0, le=MAX_METRIC)
    unit: UnitText = ""


class RecognitionArgs(Args):
    level: ModelLevel
    decision_no: ShortText = ""
    decided_on: PlausibleDate | None = None


class ModelFields(Args):
    """The fields the owning unit writes (the group from its phone; the ward for its units)."""

    name: ShortText | None = None
    field: FieldOfWork | None = None
    unit_name: ShortText | None = None
    year: int | None = Field(default=None, ge=2000, le=2100)
    goals: LongText | None = None
    followers: list[Name] | None = Field(default=None, max_length=50)


class ModelCreate(ModelFields):
    """A new model. From a phone it is the group's own (`unit_kind` residential_group,
    level `group`); the ward registers ward-level units' models (a party cell, the Front,
    an association) with `unit_kind` and `unit_name`."""

    id: UUID
    name: ShortText = Field(min_length=1)
    field: FieldOfWork
    year: int = Field(ge=2000, le=2100)
    unit_kind: ModelUnitKind = ModelUnitKind.RESIDENTIAL_GROUP
    campaign_ids: list[UUID] = Field(default_factory=list, max_length=50)
    petition_ids: list[UUID] = Field(default_factory=list, max_length=200)


class ModelUpdate(ModelFields):
    """A patch of the owner's fields and/or a status change. The group moves its model to
    `in_progress` or `proposed`; `recognized` (with `recognition`), `not_recognized` and
    `replicated` are the ward's."""

    id: UUID
    status: ModelStatus | None = None
    recognition: RecognitionArgs | None = None
    note: LongText | None = None
    base_version: int | None = Field(default=None, ge=0)

    def patch(self) -> dict[str, Any]:
        keys = self.model_fields_set - {"id", "base_version", "status", "recognition", "note"}
        return self.model_dump(mode="json", include=keys)


class ModelEvidence(Args):
    """Evidence added to a model: figures, photos, linked campaigns and petitions (appended;
    a link already there is kept once)."""

    id: UUID
    metrics: list[MetricArgs] = Field(default_factory=list, max_length=50)
    attachments: list[Sha256] = Field(default_factory=list, max_length=10)
    campaign_ids: list[UUID] = Field(default_factory=list, max_length=50)
    petition_ids: list[UUID] = Field(default_factory=list, max_length=200)
    note: LongText | None = None

    @model_validator(mode="after")
    def _something(self) -> ModelEvidence:
        if not (self.metrics or self.attachments or self.campaign_ids or self.petition_ids
                or (self.note or "").strip()):
            raise ValueError("evidence needs a figure, a photo, a link or a note")
        return self


ARGS_MODELS: dict[str, type[Args]] = {
    MutationName.PETITION_CREATE: PetitionCreate,
    MutationName.PETITION_UPDATE: PetitionUpdate,
    MutationName.PETITION_WITHDRAW: PetitionWithdraw,
    MutationName.PETITION_REPORT_BACK: PetitionReportBack,
    MutationName.PETITION_NOTE: PetitionNote,
    MutationName.DIALOGUE_CREATE: DialogueCreate,
    MutationName.DIALOGUE_UPDATE: DialogueUpdate,
    MutationName.HOUSEHOLD_UPSERT: HouseholdUpsert,
    MutationName.CAMPAIGN_CREATE: CampaignCreate,
    MutationName.CAMPAIGN_UPDATE: CampaignUpdate,
    MutationName.CONTRIBUTION_RECORD: ContributionRecord,
    MutationName.CONTRIBUTION_REVERSE: ContributionReverse,
    MutationName.MODEL_CREATE: ModelCreate,
    MutationName.MODEL_UPDATE: ModelUpdate,
    MutationName.MODEL_EVIDENCE: ModelEvidence,
    MutationName.EXPENSE_RECORD: ExpenseRecord,
    MutationName.EXPENSE_REVERSE: ExpenseReverse,
}


# -- the group's monthly report ------------------------------------------------------


class GroupReportSubmit(Args):
    """The group's report of a month; a later submit of the same group and month replaces
    it (its `id` stays the first one's) while the ward has not closed the month."""

    id: UUID
    month: Annotated[str, StringConstraints(pattern=MONTH_PATTERN)]
    figures: dict[Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}$")],
                  Annotated[int, Field(ge=0, le=1_000_000_000_000)]] = Field(
        default_factory=dict, max_length=40)
    mood: LongText = ""
    opinions: LongText = ""
    hot_issues: LongText = ""
    proposals: LongText = ""
    submitted_at: PlausibleDateTime | None = None


ARGS_MODELS[MutationName.GROUP_REPORT_SUBMIT] = GroupReportSubmit
