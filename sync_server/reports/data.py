"""Report layer: the plain data the report builders take (filled by the console backend)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

Translate = Callable[..., str]


@dataclass(frozen=True)
class AgendaItem:
    """One petition on the dialogue-day agenda, with the answer prepared for it."""

    petition_id: str
    title: str
    group_name: str
    field: str
    category: str
    status: str
    description: str = ""
    received_on: date | None = None
    due_date: date | None = None
    overdue: bool = False
    assigned_unit: str | None = None
    prepared_answer: str | None = None
    citizen_name: str | None = None
    citizen_phone: str | None = None


@dataclass(frozen=True)
class CommitmentRow:
    text: str
    owner: str = ""
    due_date: date | None = None
    status: str = "open"


@dataclass(frozen=True)
class BriefingData:
    ward_name: str
    session_date: date
    items: list[AgendaItem]
    place: str = ""
    chair: str = ""
    commitments: list[CommitmentRow] = field(default_factory=list)
    generated_at: datetime | None = None


@dataclass(frozen=True)
class HouseholdLine:
    """One household's pledged and received totals per kind (reversals already applied)."""

    head_name: str
    address: str = ""
    phone: str | None = None
    pledged: dict[str, Decimal] = field(default_factory=dict)
    received: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class TransparencyData:
    ward_name: str
    group_name: str
    campaign_title: str
    kinds: list[str]
    households: list[HouseholdLine]
    purpose: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    target: dict[str, Decimal] = field(default_factory=dict)
    suggested_per_household: int | None = None
    generated_at: datetime | None = None

    def total(self, which: str, kind: str) -> Decimal:
        """Sum over households of `pledged` or `received` for `kind`."""
        return sum((getattr(h, which).get(kind, Decimal(0)) for h in self.households), Decimal(0))


@dataclass(frozen=True)
class PetitionFacts:
    """What the monthly report needs of one petition (dates already in Vietnam time)."""

    group_name: str
    field: str
    category: str
    status: str
    received_on: date
    answered_on: date | None = None
    reported_back_on: date | None = None
    due_date: date | None = None
    accepted_on: date | None = None  # first taken up
    ack_due: date | None = None  # to be taken up by (the ward's policy)


@dataclass(frozen=True)
class CampaignReceipts:
    """Contributions received in the month for one campaign, per kind."""

    campaign_title: str
    group_name: str
    received: dict[str, Decimal]
    target: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class ReportFigures:
    received: int = 0
    answered: int = 0
    overdue: int = 0
    median_days_to_answer: float | None = None
    reported_back_share: float | None = None
    answered_on_time: int = 0  # of `answered`: by their due date
    taken_up: int = 0  # taken up (accepted) in the month
    taken_up_on_time: int = 0  # of `taken_up`: within the legal time (by `ack_due`)
    by_field: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupSaid:
    """What one group's own monthly report said (empty words are left out of the report)."""

    group_name: str
    mood: str = ""
    opinions: str = ""
    hot_issues: str = ""
    proposals: str = ""
    late: bool = False  # the ward first had it after its deadline

    def said(self) -> list[tuple[str, str]]:
        """(heading key, words) for each of the four headings the leader wrote under."""
        return [(k, getattr(self, k)) for k in ("mood", "opinions", "hot_issues", "proposals")
                if getattr(self, k)]


@dataclass(frozen=True)
class ModelMove:
    """A model whose life moved in the month: what happened, as its timeline says."""

    name: str
    unit: str
    status: str
    events: list[tuple[str, str]] = field(default_factory=list)  # (timeline kind, text)


@dataclass
class ModelProgress:
    """The models registered for the month's year, and what happened to them in the month."""

    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    registered: int = 0  # in the month
    recognized: int = 0  # in the month
    moves: list[ModelMove] = field(default_factory=list)


@dataclass
class MonthlyReport:
    year: int
    month: int
    ward_name: str
    ward: ReportFigures
    groups: dict[str, ReportFigures]
    contributions: list[CampaignReceipts] = field(default_factory=list)
    said: list[GroupSaid] = field(default_factory=list)  # by group number
    ward_summary: str = ""  # the ward's own reading of the month (group reports page)
    groups_total: int = 0
    models: ModelProgress = field(default_factory=ModelProgress)

    @property
    def groups_late(self) -> int:
        return sum(1 for s in self.said if s.late)
