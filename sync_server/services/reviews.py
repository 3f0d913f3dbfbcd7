"""Service layer: the six-month and yearly reviews (sơ kết 6 tháng, tổng kết năm) of the
ward's "Dân vận khéo" models: counts by field, level, unit kind and status, what happened
in the period (registered, recognized, replicated), the evidence figures summed by unit,
and the commendations recorded in the console.

A period is `2026-h1` (January to June), `2026-h2` (July to December) or `2026` (the year).
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session

from sync_server.errors import ApiProblem, E
from sync_server.models.tables import commendation_t, model_t
from sync_server.services.context import WriteContext

PERIOD = re.compile(r"^(20\d\d)(?:-(h1|h2))?$")
FIELDS = ("economy", "culture_society", "defense_security", "political_system")
RECIPIENT_KINDS = ("collective", "individual")


@dataclass(frozen=True)
class Period:
    key: str
    year: int
    half: str | None  # h1 | h2 | None (the whole year)
    start: date
    end: date


def period(key: str) -> Period | None:
    m = PERIOD.match(key)
    if m is None:
        return None
    year, half = int(m.group(1)), m.group(2)
    start = date(year, 7 if half == "h2" else 1, 1)
    end = date(year, 6, 30) if half == "h1" else date(year, 12, 31)
    return Period(key=key, year=year, half=half, start=start, end=end)


@dataclass
class Review:
    period: Period
    total: int = 0
    by_field: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)
    by_unit_kind: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    registered: int = 0
    recognized: int = 0
    replicated: int = 0
    figures: list[tuple[str, Decimal]] = field(default_factory=list)  # (unit, sum)
    commendations: list[dict[str, Any]] = field(default_factory=list)


def _day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    except ValueError:
        return None


def review(session: Session, ward_id: str, p: Period) -> Review:
    """The models of the period's year (registered for it), counted; the period's events."""
    rows = session.execute(select(model_t).where(model_t.c.ward_id == ward_id,
                                                 model_t.c.year == p.year)).all()
    out = Review(period=p, total=len(rows))
    fields: Counter[str] = Counter({f: 0 for f in FIELDS})
    levels: Counter[str] = Counter()
    units: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    sums: dict[str, Decimal] = {}
    for r in rows:
        fields[r.field] += 1
        levels[r.level] += 1
        units[r.unit_kind] += 1
        statuses[r.status] += 1
        for e in r.timeline or []:
            day = _day(e.get("at"))
            if day is None or not p.start <= day <= p.end:
                continue
            kind = e.get("kind")
            out.registered += kind == "created"
            out.recognized += kind == "recognized"
            out.replicated += kind == "replicated"
        for m in r.metrics or []:
            unit = str(m.get("unit") or "").strip()
            sums[unit] = sums.get(unit, Decimal(0)) + Decimal(str(m.get("quantity") or 0))
    out.by_field = dict(fields)
    out.by_level = dict(levels.most_common())
    out.by_unit_kind = dict(units.most_common())
    out.by_status = dict(statuses.most_common())
    out.figures = sorted(sums.items())
    out.commendations = commendations(session, ward_id, p.key)
    return out


def commendations(session: Session, ward_id: str, key: str) -> list[dict[str, Any]]:
    rows = session.execute(select(commendation_t).where(
        commendation_t.c.ward_id == ward_id, commendation_t.c.period == key).order_by(
        commendation_t.c.recipient_kind, commendation_t.c.created_at)).all()
    return [dict(r._mapping) for r in rows]


def add_commendation(ctx: WriteContext, key: str, *, recipient_kind: str, recipient: str,
                     form: str, decision_no: str = "", decided_on: date | None = None) -> str:
    if period(key) is None or recipient_kind not in RECIPIENT_KINDS or not recipient.strip() \
            or not form.strip():
        raise ApiProblem(E.VALIDATION,
                         "Hãy ghi tập thể hoặc cá nhân, tên và hình thức khen thưởng.")
    cid = str(uuid.uuid4())
    ctx.session.execute(insert(commendation_t).values(
        id=cid, ward_id=ctx.ward_id, period=key, recipient_kind=recipient_kind,
        recipient=recipient.strip()[:300], form=form.strip()[:200],
        decision_no=decision_no.strip()[:100], decided_on=decided_on, model_id=None,
        created_by=ctx.actor, created_at=datetime.now(UTC)))
    return cid
