"""Service layer: a ward's deadlines in working days (its policy, the days it adds, the
public holidays of Vietnam, Tết included) and the dates computed from them.

`ack_due`: the day a petition must have been taken up by, counted from the day the ward's
server received it (device clocks are wrong; the ward's receipt is a fact).
`due_date` by default: the day the answer is due, counted from the day it was taken up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select
from sqlmodel import Session

from field_app.wire.calendar import WorkCalendar
from field_app.wire.formats import VN_TZ, utcnow
from field_app.wire.records import Category
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import policy_t, ward_day_t
from sync_server.storage.portable import upsert
from sync_server.storage.statements import DirectStatement, connection_of, together

ACK_WORKING_DAYS = 10  # art. 28 of the Law on Citizen Reception (2013)
ANSWER_WORKING_DAYS = 15
MAX_WORKING_DAYS = 250
DAY_KINDS = ("off", "working")
DUE_SOON_WORKING_DAYS = 2


@lru_cache(maxsize=64)
def vietnam_holidays(year: int) -> frozenset[date]:
    """Vietnam's public holidays of `year` (Tết, 30/4, 1/5, 2/9 ... and the days off moved
    into them), from the `holidays` package."""
    import holidays

    return frozenset(holidays.country_holidays("VN", years=year))


@lru_cache(maxsize=64)
def vietnam_weekend_workdays(year: int) -> frozenset[date]:
    """Saturdays and Sundays worked in exchange for a day off moved by decree."""
    import holidays

    found = holidays.country_holidays("VN", years=year)
    return frozenset(d for d in getattr(found, "weekend_workdays", ()) if d.year == year)


class PublicWorkdays:
    """The weekend days Vietnam works in exchange, plus the ward's own working days
    (`extra`), minus the days the ward says are off (`off`)."""

    def __init__(self, extra: frozenset[date] = frozenset(),
                 off: frozenset[date] = frozenset()) -> None:
        self.extra, self.off = extra, off

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date) or day in self.off:
            return False
        return day in self.extra or day in vietnam_weekend_workdays(day.year)


class PublicDaysOff:
    """Every public holiday of Vietnam, any year, plus some days of its own (`extra`)."""

    def __init__(self, extra: frozenset[date] = frozenset()) -> None:
        self.extra = extra

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and (day in self.extra or day in vietnam_holidays(day.year))


def default_calendar() -> WorkCalendar:
    """Vietnam's calendar only (a ward that added no day): weekends and public holidays
    off, the weekend days worked in exchange on."""
    return WorkCalendar(days_off=PublicDaysOff(), extra_working=PublicWorkdays())


def received_day(value: datetime | str | None) -> date:
    """The date in Vietnam of a stored timestamp (naive ones are UTC)."""
    if value is None:
        return datetime.now(VN_TZ).date()
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(VN_TZ).date()


@dataclass(frozen=True)
class WardDayRow:
    day: date
    kind: str
    note: str = ""


@dataclass(frozen=True)
class Policy:
    """One ward's deadline policy and its calendar."""

    ack_working_days: int = ACK_WORKING_DAYS
    answer_working_days: int = ANSWER_WORKING_DAYS
    answer_by_category: dict[str, int] = field(default_factory=dict)
    days: tuple[WardDayRow, ...] = ()
    updated_by: str = ""
    updated_at: datetime | None = None

    @property
    def calendar(self) -> WorkCalendar:
        off = frozenset(d.day for d in self.days if d.kind == "off")
        working = frozenset(d.day for d in self.days if d.kind == "working")
        return WorkCalendar(days_off=PublicDaysOff(off),
                            extra_working=PublicWorkdays(working, off))

    def answer_days(self, category: str) -> int:
        return int(self.answer_by_category.get(category, self.answer_working_days))

    def ack_due(self, received_at: datetime | str | None) -> date:
        return self.calendar.add_working_days(received_day(received_at),
                                              self.ack_working_days)

    def answer_due(self, accepted_on: date, category: str) -> date:
        return self.calendar.add_working_days(accepted_on, self.answer_days(category))


_POLICY = DirectStatement(select(policy_t).where(policy_t.c.ward_id == bindparam("ward_id")))
_DAYS = DirectStatement(select(ward_day_t.c.day, ward_day_t.c.kind, ward_day_t.c.note)
                        .where(ward_day_t.c.ward_id == bindparam("ward_id"))
                        .order_by(ward_day_t.c.day))


def load_policy(db: Session | Connection, ward_id: str) -> Policy:
    """The ward's policy (the defaults when the ward never saved one) and its added days:
    read by every push that records a petition, so both are run by the storage door
    together (one round trip on PostgreSQL)."""
    connection = db if isinstance(db, Connection) else connection_of(db)
    policy, day_rows = together(connection, [(_POLICY, {"ward_id": ward_id}),
                                             (_DAYS, {"ward_id": ward_id})])
    days = tuple(WardDayRow(r.day, r.kind, r.note or "") for r in day_rows or ())
    if not policy:
        return Policy(days=days)
    row = policy[0]
    return Policy(ack_working_days=row.ack_working_days,
                  answer_working_days=row.answer_working_days,
                  answer_by_category={k: int(v) for k, v in (row.answer_by_category or {}).items()},
                  days=days, updated_by=row.updated_by, updated_at=row.updated_at)


def _days(value: Any) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ApiProblem(E.VALIDATION, "Số ngày làm việc phải là một số.") from None
    if not 1 <= n <= MAX_WORKING_DAYS:
        raise ApiProblem(E.VALIDATION,
                         f"Số ngày làm việc phải từ 1 đến {MAX_WORKING_DAYS}.")
    return n


def save_policy(session: Session, ward_id: str, *, ack_working_days: Any,
                answer_working_days: Any, answer_by_category: dict[str, Any],
                actor: str) -> Policy:
    """Store the ward's policy (one row per ward); a category left empty takes the default."""
    known = {c.value for c in Category}
    by_category = {k: _days(v) for k, v in answer_by_category.items()
                   if k in known and str(v).strip()}
    values = dict(ack_working_days=_days(ack_working_days),
                  answer_working_days=_days(answer_working_days),
                  answer_by_category=by_category, updated_by=actor, updated_at=utcnow())
    upsert(session, policy_t, {"ward_id": ward_id, **values}, keys=[policy_t.c.ward_id],
           update=values)
    session.commit()
    return load_policy(session, ward_id)


def add_day(session: Session, ward_id: str, *, day: date, kind: str, note: str = "") -> None:
    """A day off the ward adds, or a weekend day it works; replaces what that day was."""
    if kind not in DAY_KINDS:
        raise ApiProblem(E.VALIDATION, "Loại ngày không hợp lệ.")
    session.execute(delete(ward_day_t).where(ward_day_t.c.ward_id == ward_id,
                                             ward_day_t.c.day == day))
    session.execute(ward_day_t.insert().values(ward_id=ward_id, day=day, kind=kind,
                                               note=note.strip()[:200]))
    session.commit()


def remove_day(session: Session, ward_id: str, day: date) -> None:
    session.execute(delete(ward_day_t).where(ward_day_t.c.ward_id == ward_id,
                                             ward_day_t.c.day == day))
    session.commit()


def is_due_soon(calendar: WorkCalendar, due: date | None, today: date) -> bool:
    """Due today or within the next `DUE_SOON_WORKING_DAYS` working days, not yet past."""
    if due is None or due < today:
        return False
    return due <= calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)


def public_holidays(year: int, language: str = "vi") -> list[tuple[date, str]]:
    """Vietnam's public holidays of `year` with their names, in date order."""
    import holidays

    lang = "vi" if language == "vi" else "en_US"
    return sorted(holidays.country_holidays("VN", years=year, language=lang).items())


@dataclass(frozen=True)
class Deadline:
    """One of a petition's two deadlines and where it stands today."""

    kind: str  # "ack" (taken up by) or "answer" (answered by)
    due: date | None
    running: bool  # the petition is waiting on this one
    left: int | None  # working days left; 0 due today; negative: working days overdue


def petition_deadlines(calendar: WorkCalendar, *, status: str, ack_due: date | None,
                       due_date: date | None, today: date) -> list[Deadline]:
    """Both deadlines of a petition, the running one with its working days left."""
    from field_app.wire.records import PetitionStatus as S

    taken_up = status in {S.ACCEPTED, S.IN_PROGRESS}
    lines = []
    for kind, due, running in (("ack", ack_due, status == S.RECEIVED),
                               ("answer", due_date, taken_up)):
        left = calendar.working_days_between(today, due) if running and due else None
        lines.append(Deadline(kind, due, running and due is not None, left))
    return lines
