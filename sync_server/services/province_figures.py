"""Service layer: the province's figures, every ward's counts for a month, a half year or a
year, read from the counts the database keeps per ward and month (tables `province_month`,
`province_group_month`, `province_day`, `province_contribution`, with the changes writes
have appended and not yet folded in: `storage.province_counts`), never from every petition
of the province, and
never anything personal: only counts, sums and the wards' and groups' names.
`province_recount` computes the same figures from the petitions themselves (the reference
the kept counts are tested against). One ward's groups (the drill-down) are counted from
its petitions.

What is counted (days in Vietnam time, the period [first, last]):
- received: petitions received in the period (the inbox's index: ward, received time);
- taken up on time: of those, taken up (`accepted_on`) by their `ack_due` (the legal 10
  working days, or the ward's policy); taken up: taken up at all;
- answered, answered on time: petitions answered (`answered_on`) in the period, and of
  them answered by their due date (or with none set);
- overdue: at the period's end (or today, if sooner), petitions past their due date and
  not yet answered;
- satisfaction: of the petitions answered in the period, the citizens who said they were
  satisfied or not (`citizen_satisfied`; those not asked are not counted);
- groups with petitions: residential groups that recorded a petition in the period;
- models by field, level and status: the "Dân vận khéo" models registered for the
  period's year; contributions: receipts recorded in the period, per kind, reversals
  taken out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session

from field_app.wire.formats import VN_TZ, today_vn
from field_app.wire.lifecycle import OPEN_STATUSES
from sync_server.models.tables import (
    group_t,
    model_t,
    petition_t,
    ward_t,
)
from sync_server.services.inbox import received_column
from sync_server.storage import province_counts as pc

_OPEN = sorted(str(s) for s in OPEN_STATUSES)
PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})|-H([12]))?$")


@dataclass(frozen=True)
class Period:
    """A month (`2026-11`), a half year (`2026-H2`) or a year (`2026`)."""

    kind: str  # month | half | year
    key: str
    first: date
    last: date

    @property
    def year(self) -> int:
        return self.first.year

    def shifted(self, by: int) -> Period:
        if self.kind == "month":
            index = self.first.year * 12 + self.first.month - 1 + by
            return month_period(index // 12, index % 12 + 1)
        if self.kind == "half":
            index = self.first.year * 2 + (0 if self.first.month == 1 else 1) + by
            return parse_period(f"{index // 2}-H{index % 2 + 1}") or self
        return parse_period(str(self.first.year + by)) or self


def month_period(year: int, month: int) -> Period:
    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return Period("month", f"{year:04d}-{month:02d}", first, last)


def parse_period(text: str | None) -> Period | None:
    """The period a query string names, or None when it names none."""
    found = PERIOD.match(text or "")
    if not found:
        return None
    year = int(found[1])
    if not 2000 <= year <= 2100:
        return None
    if found[2]:
        month = int(found[2])
        return month_period(year, month) if 1 <= month <= 12 else None
    if found[3]:
        half = int(found[3])
        first = date(year, 1 if half == 1 else 7, 1)
        last = date(year, 6, 30) if half == 1 else date(year, 12, 31)
        return Period("half", f"{year}-H{half}", first, last)
    return Period("year", str(year), date(year, 1, 1), date(year, 12, 31))


def this_month() -> Period:
    today = today_vn()
    return month_period(today.year, today.month)


def half_of(period: Period) -> Period:
    half = 1 if period.first.month <= 6 else 2
    return parse_period(f"{period.year}-H{half}") or period


def year_of(period: Period) -> Period:
    return parse_period(str(period.year)) or period


@dataclass
class WardFigures:
    ward_id: str
    name: str
    groups: int = 0
    groups_with_petitions: int = 0
    received: int = 0
    taken_up: int = 0
    taken_up_on_time: int = 0
    answered: int = 0
    answered_on_time: int = 0
    overdue: int = 0
    satisfied: int = 0
    unsatisfied: int = 0
    models: int = 0
    contributions: dict[str, Decimal] = field(default_factory=dict)

    @property
    def satisfaction(self) -> float | None:
        asked = self.satisfied + self.unsatisfied
        return self.satisfied / asked if asked else None

    @property
    def taken_up_share(self) -> float | None:
        return self.taken_up_on_time / self.received if self.received else None

    @property
    def answered_share(self) -> float | None:
        return self.answered_on_time / self.answered if self.answered else None

    @property
    def reporting_share(self) -> float | None:
        return self.groups_with_petitions / self.groups if self.groups else None

    def add(self, other: WardFigures) -> None:
        for name in ("groups", "groups_with_petitions", "received", "taken_up",
                     "taken_up_on_time", "answered", "answered_on_time", "overdue",
                     "satisfied", "unsatisfied", "models"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for kind, amount in other.contributions.items():
            self.contributions[kind] = self.contributions.get(kind, Decimal(0)) + amount


@dataclass
class ProvinceFigures:
    period: Period
    as_of: date
    wards: list[WardFigures]
    total: WardFigures
    # (field, level, status) -> number of models, over the wards shown
    models: dict[tuple[str, str, str], int]
    kinds: list[str]

    def models_by(self, index: int) -> dict[str, int]:
        """Models counted by field (0), level (1) or status (2)."""
        counts: dict[str, int] = {}
        for key, n in self.models.items():
            counts[key[index]] = counts.get(key[index], 0) + n
        return dict(sorted(counts.items()))


SORT_KEYS = ("name", "groups", "reporting_share", "received", "taken_up_share", "answered",
             "answered_share", "overdue", "satisfaction", "models")


def sort_wards(wards: list[WardFigures], key: str, descending: bool) -> list[WardFigures]:
    """Wards by a column (a name by Vietnamese order; empty figures last either way)."""
    if key not in SORT_KEYS:
        key = "name"
    if key == "name":
        from field_app.wire.text import vn_sort_key

        return sorted(wards, key=lambda w: vn_sort_key(w.name), reverse=descending)
    present = [w for w in wards if getattr(w, key) is not None]
    absent = [w for w in wards if getattr(w, key) is None]
    return sorted(present, key=lambda w: getattr(w, key), reverse=descending) + absent


def _vn_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), VN_TZ).astimezone(UTC)


def province_wards(session: Session, province_id: str | None) -> list[tuple[str, str]]:
    """(id, name) of the province's wards; every ward of the server for None (the
    administrator)."""
    q = select(ward_t.c.id, ward_t.c.name).order_by(ward_t.c.name)
    if province_id is not None:
        q = q.where(ward_t.c.province_id == province_id)
    return [(str(r.id), str(r.name)) for r in session.execute(q).all()]


def _overdue(as_of: date, today: date) -> list[list[Any]]:
    """Past due at `as_of` and not answered by then, as the conditions of one count each:
    still open now (the index on ward, status, due date), and, for a past day, answered
    since (the index on ward, answered day)."""
    p = petition_t.c
    # (a due date comes after the day received: no condition on that day, so the count
    # reads the index alone)
    parts = [[p.status.in_(_OPEN), p.due_date < as_of]]
    if as_of < today:
        parts.append([p.answered_on > as_of, p.due_date < as_of, p.status.not_in(_OPEN)])
    return parts


def _sum_if(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def figures(session: Session, *, wards: list[tuple[str, str]], period: Period,
            today: date | None = None) -> ProvinceFigures:
    """Every ward's figures for the period, read from the counts the database keeps per
    ward and month (and per ward and day for overdue, `storage.province_counts`): a handful of
    statements over at most a few rows per ward and month, whatever the number of
    petitions. `province_recount.recount` computes the same from the petitions."""
    today = today or today_vn()
    as_of = min(period.last, today)
    ids = [w[0] for w in wards]
    by_ward = {wid: WardFigures(wid, name) for wid, name in wards}
    models: dict[tuple[str, str, str], int] = {}
    if ids:
        _read_months(session, by_ward, ids, period)
        _read_overdue(session, by_ward, ids, as_of, today)
        for r in session.execute(
                select(group_t.c.ward_id, func.count().label("n"))
                .where(group_t.c.ward_id.in_(ids)).group_by(group_t.c.ward_id)):
            by_ward[r.ward_id].groups = int(r.n)
        models = count_models(session, by_ward, ids, period)
        c = pc.kept(_dialect(session), pc.CONTRIBUTION, "c").c
        for r in session.execute(
                select(c.ward_id, c.kind, func.sum(c.amount).label("amount"))
                .where(c.ward_id.in_(ids), c.month >= period.first, c.month <= period.last)
                .group_by(c.ward_id, c.kind).having(func.sum(c.amount) != 0)):
            by_ward[r.ward_id].contributions[str(r.kind)] = Decimal(r.amount or 0)
    return _province(period, as_of, by_ward, models)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _read_months(session: Session, by_ward: dict[str, WardFigures], ids: list[str],
                 period: Period) -> None:
    m = pc.kept(_dialect(session), pc.MONTH, "m").c
    counted = ("received", "taken_up", "taken_up_on_time", "answered", "answered_on_time",
               "satisfied", "unsatisfied")
    for r in session.execute(
            select(m.ward_id, *(func.coalesce(func.sum(m[name]), 0).label(name)
                                for name in counted))
            .where(m.ward_id.in_(ids), m.month >= period.first, m.month <= period.last)
            .group_by(m.ward_id)):
        w = by_ward[r.ward_id]
        for name in counted:
            setattr(w, name, int(getattr(r, name)))
    g = pc.kept(_dialect(session), pc.GROUP_MONTH, "g").c
    for r in session.execute(
            select(g.ward_id, func.count(func.distinct(g.group_id)).label("n"))
            .where(g.ward_id.in_(ids), g.month >= period.first, g.month <= period.last,
                   g.petitions > 0)
            .group_by(g.ward_id)):
        by_ward[r.ward_id].groups_with_petitions = int(r.n)


def _read_overdue(session: Session, by_ward: dict[str, WardFigures], ids: list[str],
                  as_of: date, today: date) -> None:
    """Overdue at `as_of`: the open petitions due before it, and, for a past day, the
    closed ones due before it and answered after it. A closed petition's +1 and -1 sum to
    nothing, so its part is minus the changes after `as_of` (the few recent days), not the
    sum of every day before."""
    d = pc.kept(_dialect(session), pc.DAY, "d").c
    for r in session.execute(
            select(d.ward_id, func.sum(d.open_due).label("n"))
            .where(d.ward_id.in_(ids), d.day <= as_of).group_by(d.ward_id)):
        by_ward[r.ward_id].overdue += int(r.n or 0)
    if as_of < today:
        for r in session.execute(
                select(d.ward_id, func.sum(d.closed_late).label("n"))
                .where(d.ward_id.in_(ids), d.day > as_of).group_by(d.ward_id)):
            by_ward[r.ward_id].overdue -= int(r.n or 0)


def count_models(session: Session, by_ward: dict[str, WardFigures], ids: list[str],
            period: Period) -> dict[tuple[str, str, str], int]:
    """The models registered for the period's year, per ward and by field, level and
    status (a ward registers tens: read from their table)."""
    models: dict[tuple[str, str, str], int] = {}
    m = model_t.c
    for r in session.execute(
            select(m.ward_id, m.field, m.level, m.status, func.count().label("n"))
            .where(m.ward_id.in_(ids), m.year == period.year)
            .group_by(m.ward_id, m.field, m.level, m.status)):
        by_ward[r.ward_id].models += int(r.n)
        key = (str(r.field), str(r.level), str(r.status))
        models[key] = models.get(key, 0) + int(r.n)
    return models


def _province(period: Period, as_of: date, by_ward: dict[str, WardFigures],
              models: dict[tuple[str, str, str], int]) -> ProvinceFigures:
    total = WardFigures("", "")
    for w in by_ward.values():
        total.add(w)
    return ProvinceFigures(period, as_of, list(by_ward.values()), total, models,
                           sorted(total.contributions))


def view(session: Session, *, province_id: str | None, period: Period,
         today: date | None = None) -> ProvinceFigures:
    """What `/console/province` reads for a province (None: every ward of the server) and
    a period: its wards, then their figures. Benchmarks time this call."""
    return figures(session, wards=province_wards(session, province_id), period=period,
                   today=today)


@dataclass(frozen=True)
class GroupLine:
    name: str
    received: int
    answered: int
    overdue: int


def group_lines(session: Session, *, ward_id: str, period: Period,
                today: date | None = None) -> list[GroupLine]:
    """One ward's groups with their counts for the period (the drill-down)."""
    today = today or today_vn()
    as_of = min(period.last, today)
    p = petition_t.c
    start, end = _vn_midnight(period.first), _vn_midnight(period.last + timedelta(days=1))
    received_at = received_column()
    received = dict(session.execute(
        select(p.group_id, func.count()).where(p.ward_id == ward_id, received_at >= start,
                                               received_at < end)
        .group_by(p.group_id)).all())
    answered = dict(session.execute(
        select(p.group_id, func.count()).where(p.ward_id == ward_id,
                                               p.answered_on >= period.first,
                                               p.answered_on <= period.last)
        .group_by(p.group_id)).all())
    overdue = dict(session.execute(
        select(p.group_id, func.count()).where(p.ward_id == ward_id, or_(
            *(and_(*part) for part in _overdue(as_of, today))))
        .group_by(p.group_id)).all())
    groups = session.execute(select(group_t.c.id, group_t.c.name)
                             .where(group_t.c.ward_id == ward_id)
                             .order_by(group_t.c.number, group_t.c.name)).all()
    return [GroupLine(str(g.name), int(received.get(g.id, 0)), int(answered.get(g.id, 0)),
                      int(overdue.get(g.id, 0))) for g in groups]
