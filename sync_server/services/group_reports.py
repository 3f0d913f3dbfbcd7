"""Service layer: the groups' monthly reports (`group_report.submit`), the ward's months
(deadline, summary, closing) and its reporting policy (deadline day, giao ban cadence).

A group submits its month from the phone; a later submit replaces the text and figures
(the first report's id stays) while the ward has not closed the month; after that the
submit is refused with `group_report.month_closed`, which the phone shows in Vietnamese.
A report is on time when the ward first had it by the deadline: `deadline_day` of the
following month, end of the day in the ward's time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlmodel import Session

from field_app.wire.mutations import GroupReportSubmit
from field_app.wire.periods import (
    BRIEFING_CADENCE_LIST,
    CADENCES,
    briefing_period,
    month_bounds,
    next_month,
)
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import (
    dialogue_t,
    group_report_t,
    group_t,
    reference_t,
    report_month_t,
    report_policy_t,
)
from sync_server.services import references
from sync_server.services.changes import group_scope
from sync_server.services.context import WriteContext
from sync_server.services.outcome import Outcome
from sync_server.services.records import group_report_wire

ENTITY = "group_report"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
TEXTS = ("mood", "opinions", "hot_issues", "proposals")


# -- the ward's policy ----------------------------------------------------------------
@dataclass(frozen=True)
class Policy:
    deadline_day: int = 5
    briefing_cadence: str = "monthly"


def policy(session: Session, ward_id: str) -> Policy:
    row = session.execute(select(report_policy_t).where(
        report_policy_t.c.ward_id == ward_id)).first()
    if row is None:
        return Policy()
    return Policy(deadline_day=row.deadline_day, briefing_cadence=row.briefing_cadence)


def set_policy(ctx: WriteContext, *, deadline_day: int, briefing_cadence: str) -> Policy:
    """Staff: the day of the next month reports are due by, and the giao ban cadence,
    which reaches the phones as the reference list `briefing_cadence`."""
    if not 1 <= deadline_day <= 28 or briefing_cadence not in CADENCES:
        raise ApiProblem(E.VALIDATION, "Hạn nộp là một ngày từ 1 đến 28; giao ban hằng tháng "
                                       "hoặc hằng quý.")
    values = {"deadline_day": deadline_day, "briefing_cadence": briefing_cadence,
              "updated_by": ctx.actor, "updated_at": ctx.now}
    found = ctx.session.execute(select(report_policy_t.c.ward_id).where(
        report_policy_t.c.ward_id == ctx.ward_id)).first()
    if found is None:
        ctx.session.execute(insert(report_policy_t).values(ward_id=ctx.ward_id, **values))
    else:
        ctx.session.execute(update(report_policy_t).where(
            report_policy_t.c.ward_id == ctx.ward_id).values(**values))
    old = ctx.session.execute(select(reference_t.c.id, reference_t.c.value).where(
        reference_t.c.ward_id == ctx.ward_id,
        reference_t.c.list_name == BRIEFING_CADENCE_LIST)).all()
    if [r.value for r in old] != [briefing_cadence]:
        for r in old:
            references.remove(ctx, r.id)
        references.add(ctx, list_name=BRIEFING_CADENCE_LIST, value=briefing_cadence)
    return Policy(deadline_day, briefing_cadence)


def deadline(month: str, deadline_day: int) -> datetime:
    """The end of `deadline_day` of the month after `month`, in the ward's time."""
    first, _ = month_bounds(next_month(month))
    day = first.replace(day=deadline_day)
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=VN)


# -- the month --------------------------------------------------------------------------
def month_row(session: Session, ward_id: str, month: str) -> Any:
    return session.execute(select(report_month_t).where(
        report_month_t.c.ward_id == ward_id, report_month_t.c.month == month)).first()


def is_closed(session: Session, ward_id: str, month: str) -> bool:
    row = month_row(session, ward_id, month)
    return row is not None and row.closed_at is not None


def _save_month(ctx: WriteContext, month: str, **values: Any) -> None:
    if month_row(ctx.session, ctx.ward_id, month) is None:
        ctx.session.execute(insert(report_month_t).values(
            ward_id=ctx.ward_id, month=month, summary="", closed_at=None, closed_by="",
            updated_at=ctx.now))
    ctx.session.execute(update(report_month_t).where(
        report_month_t.c.ward_id == ctx.ward_id, report_month_t.c.month == month).values(
        **values, updated_at=ctx.now))


def save_summary(ctx: WriteContext, month: str, summary: str) -> None:
    month_bounds(month)
    _save_month(ctx, month, summary=summary.strip())


def close_month(ctx: WriteContext, month: str) -> None:
    """Staff: no group may submit or replace this month's report any more."""
    month_bounds(month)
    if not is_closed(ctx.session, ctx.ward_id, month):
        _save_month(ctx, month, closed_at=ctx.now, closed_by=ctx.actor)


def reopen_month(ctx: WriteContext, month: str) -> None:
    _save_month(ctx, month, closed_at=None, closed_by="")


# -- the mutation -----------------------------------------------------------------------
def submit(ctx: WriteContext, args: GroupReportSubmit) -> Outcome:
    """The group's report of a month: created, or replacing the one there (same id)."""
    if ctx.group_id is None:
        raise ApiProblem(E.FORBIDDEN, "Báo cáo tháng do tổ gửi từ điện thoại.")
    scope = group_scope(ctx.group_id)
    ctx.clock.lock(scope)
    if is_closed(ctx.session, ctx.ward_id, args.month):
        raise ApiProblem(E.GROUP_REPORT_MONTH_CLOSED)
    texts = {k: (getattr(args, k) or "").strip() for k in TEXTS}
    values = {"figures": dict(args.figures), **texts, "submitted_at": args.submitted_at,
              "received_at": ctx.now, "updated_at": ctx.now}
    row = ctx.session.execute(select(group_report_t.c.id).where(
        group_report_t.c.group_id == ctx.group_id, group_report_t.c.month == args.month)).first()
    rid = str(args.id)
    if row is None:
        taken = ctx.session.execute(select(group_report_t.c.id).where(
            group_report_t.c.id == rid)).first()
        if taken is not None:  # another group's or another month's id
            raise ApiProblem(E.RECORD_EXISTS)
        version = ctx.change(entity=ENTITY, entity_id=rid, scope=scope, new=True)
        ctx.session.execute(insert(group_report_t).values(
            id=rid, ward_id=ctx.ward_id, group_id=ctx.group_id, month=args.month,
            first_received_at=ctx.now, created_at=ctx.now, version=version, **values))
        return Outcome(entity=ENTITY, id=rid, version=version)
    version = ctx.change(entity=ENTITY, entity_id=row.id, scope=scope)
    ctx.session.execute(update(group_report_t).where(group_report_t.c.id == row.id).values(
        version=version, **values))
    return Outcome(entity=ENTITY, id=row.id, version=version)


# -- what the console shows ---------------------------------------------------------------
@dataclass
class GroupLine:
    group_id: str
    group_name: str
    state: str  # on_time | late | missing
    report: dict[str, Any] | None
    received: datetime | None = None  # when the ward first had it
    briefings: int = 0


@dataclass
class MonthView:
    month: str
    deadline: datetime
    closed_at: datetime | None
    closed_by: str
    summary: str
    cadence: str
    briefing_start: date
    briefing_end: date
    lines: list[GroupLine] = field(default_factory=list)

    @property
    def due_day(self) -> date:
        """The last day reports count as on time."""
        return (self.deadline - timedelta(days=1)).date()

    def count(self, state: str) -> int:
        return sum(1 for line in self.lines if line.state == state)

    @property
    def reported(self) -> int:
        return self.count("on_time") + self.count("late")

    def rate(self, reported: int) -> int:
        """Per cent of the groups, rounded."""
        return round(100 * reported / len(self.lines)) if self.lines else 0

    def totals(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for line in self.lines:
            for key, value in ((line.report or {}).get("figures") or {}).items():
                out[key] = out.get(key, 0) + int(value)
        return out

    @property
    def briefings_held(self) -> int:
        return sum(1 for line in self.lines if line.briefings)


def month_view(session: Session, ward_id: str, month: str) -> MonthView:
    """Every group of the ward with its report of `month` (or none) and its state against
    the deadline, the ward's summary, and who held the giao ban of the period."""
    pol = policy(session, ward_id)
    due = deadline(month, pol.deadline_day)
    groups = session.execute(select(group_t.c.id, group_t.c.name, group_t.c.number).where(
        group_t.c.ward_id == ward_id).order_by(group_t.c.number, group_t.c.name)).all()
    reports = {r.group_id: r for r in session.execute(select(group_report_t).where(
        group_report_t.c.ward_id == ward_id, group_report_t.c.month == month)).all()}
    first, _ = month_bounds(month)
    start, end = briefing_period(first, pol.briefing_cadence)
    held = briefings_held(session, ward_id, start, end)
    row = month_row(session, ward_id, month)
    view = MonthView(month=month, deadline=due, closed_at=row.closed_at if row else None,
                     closed_by=row.closed_by if row else "", summary=row.summary if row else "",
                     cadence=pol.briefing_cadence, briefing_start=start, briefing_end=end)
    for g in groups:
        r = reports.get(g.id)
        state = "missing" if r is None else ("on_time" if r.first_received_at <= due
                                             else "late")
        view.lines.append(GroupLine(group_id=g.id, group_name=g.name, state=state,
                                    report=group_report_wire(r) if r else None,
                                    received=r.first_received_at if r else None,
                                    briefings=held.get(g.id, 0)))
    return view


def briefings_held(session: Session, ward_id: str, start: date, end: date) -> dict[str, int]:
    """Group id -> giao ban sessions held (or scheduled) between `start` and `end`."""
    rows = session.execute(select(dialogue_t.c.group_id, dialogue_t.c.scheduled_on,
                                  dialogue_t.c.held_at).where(
        dialogue_t.c.ward_id == ward_id, dialogue_t.c.kind == "briefing")).all()
    out: dict[str, int] = {}
    for r in rows:
        day = r.held_at.astimezone(VN).date() if r.held_at else r.scheduled_on
        if r.group_id and day is not None and start <= day <= end:
            out[r.group_id] = out.get(r.group_id, 0) + 1
    return out


def reports_of_month(session: Session, ward_id: str, month: str) -> list[dict[str, Any]]:
    """The month's reports with their group's name, by group number (the monthly report)."""
    rows = session.execute(select(group_report_t, group_t.c.name.label("group_name")).join(
        group_t, group_t.c.id == group_report_t.c.group_id).where(
        group_report_t.c.ward_id == ward_id, group_report_t.c.month == month).order_by(
        group_t.c.number, group_t.c.name)).all()
    return [{**group_report_wire(r), "group_name": r.group_name} for r in rows]

