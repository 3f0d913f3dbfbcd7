"""Service layer: the province's figures counted straight from the records (every
petition, model and ledger line of the period), as the province page did before the
counts were kept per ward and month (migration 0018).

The reference the kept counts must equal, figure for figure (tests/server/
test_province_rollups.py, tests/e2e/test_restore_drill.py). Its cost grows with the
petitions of the province: the page never calls it.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Numeric, and_, cast, func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from field_app.wire.formats import today_vn
from sync_server.models.tables import entry_t, group_t, petition_t
from sync_server.services.inbox import received_column
from sync_server.services.province_figures import (
    Period,
    ProvinceFigures,
    WardFigures,
    _overdue,
    _sum_if,
    _vn_midnight,
    count_models,
)


def recount(session: Session, *, wards: list[tuple[str, str]], period: Period,
            today: date | None = None) -> ProvinceFigures:
    """Every ward's figures for the period, counted from the petitions, models and ledger
    lines themselves (GROUP BY ward over indexed columns)."""
    today = today or today_vn()
    as_of = min(period.last, today)
    ids = [w[0] for w in wards]
    by_ward = {wid: WardFigures(wid, name) for wid, name in wards}
    p = petition_t.c
    start, end = _vn_midnight(period.first), _vn_midnight(period.last + timedelta(days=1))
    received_at = received_column()
    if ids:
        for r in session.execute(
                select(p.ward_id, func.count().label("received"),
                       func.count(func.distinct(p.group_id)).label("groups"),
                       _sum_if(p.accepted_on.is_not(None)).label("taken_up"),
                       _sum_if(and_(p.accepted_on.is_not(None), p.ack_due.is_not(None),
                                    p.accepted_on <= p.ack_due)).label("on_time"))
                .where(p.ward_id.in_(ids), received_at >= start, received_at < end)
                .group_by(p.ward_id)):
            w = by_ward[r.ward_id]
            w.received, w.groups_with_petitions = int(r.received), int(r.groups)
            w.taken_up, w.taken_up_on_time = int(r.taken_up), int(r.on_time)
        for r in session.execute(
                select(p.ward_id, func.count().label("answered"),
                       _sum_if(or_(p.due_date.is_(None), p.answered_on <= p.due_date))
                       .label("on_time"),
                       _sum_if(p.citizen_satisfied.is_(True)).label("satisfied"),
                       _sum_if(p.citizen_satisfied.is_(False)).label("unsatisfied"))
                .where(p.ward_id.in_(ids), p.answered_on >= period.first,
                       p.answered_on <= period.last)
                .group_by(p.ward_id)):
            w = by_ward[r.ward_id]
            w.answered, w.answered_on_time = int(r.answered), int(r.on_time)
            w.satisfied, w.unsatisfied = int(r.satisfied), int(r.unsatisfied)
        for part in _overdue(as_of, today):
            for r in session.execute(select(p.ward_id, func.count().label("n"))
                                     .where(p.ward_id.in_(ids), *part).group_by(p.ward_id)):
                by_ward[r.ward_id].overdue += int(r.n)
        for r in session.execute(
                select(group_t.c.ward_id, func.count().label("n"))
                .where(group_t.c.ward_id.in_(ids)).group_by(group_t.c.ward_id)):
            by_ward[r.ward_id].groups = int(r.n)
    models: dict[tuple[str, str, str], int] = {}
    if ids:
        models = count_models(session, by_ward, ids, period)  # read from their table there too
        reversal = aliased(entry_t)
        e = entry_t.c
        reversed_ = select(literal(1)).where(reversal.c.reverses_id == e.id).exists()
        for r in session.execute(
                select(group_t.c.ward_id, e.kind,
                       func.sum(cast(e.quantity, Numeric(20, 3))).label("amount"))
                .join(group_t, group_t.c.id == e.group_id)
                .where(group_t.c.ward_id.in_(ids), e.entry_type == "receipt",
                       e.recorded_on >= period.first, e.recorded_on <= period.last,
                       ~reversed_)
                .group_by(group_t.c.ward_id, e.kind)):
            by_ward[r.ward_id].contributions[str(r.kind)] = Decimal(r.amount or 0)
    total = WardFigures("", "")
    for w in by_ward.values():
        total.add(w)
    kinds = sorted(total.contributions)
    return ProvinceFigures(period, as_of, list(by_ward.values()), total, models, kinds)
