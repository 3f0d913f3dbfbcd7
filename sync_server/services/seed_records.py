"""Service layer: the demo ward's newer records (models, tracking codes, monthly reports and
giao ban, the campaign's expenses and public sheet, the review's commendations).

Written through the same services as real traffic (change-tracked, so phones pull them);
each part is added once: a demo database seeded before it existed gets it on the next
`seed-demo`, and a second run adds nothing.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlmodel import Session

from field_app.wire.formats import VN_TZ, today_vn, utcnow
from field_app.wire.mutations import (
    DialogueCreate,
    ExpenseRecord,
    GroupReportSubmit,
    HouseholdUpsert,
    ModelCreate,
    ModelEvidence,
    ModelUpdate,
)
from field_app.wire.periods import month_of, previous_month
from field_app.wire.tracking import new_tracking_code
from sync_server.models.tables import (
    campaign_t,
    commendation_t,
    dialogue_t,
    expense_t,
    group_report_t,
    group_t,
    household_t,
    model_t,
    petition_t,
)
from sync_server.services import (
    campaigns,
    dialogues,
    expenses,
    group_reports,
    households,
    mobilization,
    reviews,
)
from sync_server.services import seed_data as D
from sync_server.services.changes import group_scope, ward_scope
from sync_server.services.context import WriteContext

Group = tuple[str, str, int]  # id, name, number


def _groups(session: Session, ward_id: str) -> list[Group]:
    rows = session.execute(select(group_t.c.id, group_t.c.name, group_t.c.number).where(
        group_t.c.ward_id == ward_id).order_by(group_t.c.number)).all()
    return [(r.id, r.name, r.number) for r in rows]


def _group_ctx(session: Session, ward_id: str, group: Group,
               now: datetime | None = None) -> WriteContext:
    gid, name, _n = group
    ctx = WriteContext(session=session, ward_id=ward_id, actor=f"{name} (tổ trưởng)",
                       group_id=gid, now=now or utcnow())
    ctx.clock.lock(group_scope(gid))
    return ctx


def _staff_ctx(session: Session, ward_id: str) -> WriteContext:
    ctx = WriteContext(session=session, ward_id=ward_id, actor=D.STAFF_FULL_NAME)
    ctx.clock.lock(ward_scope(ward_id))
    return ctx


def _count(session: Session, table: Any, *where: Any) -> int:
    return int(session.execute(select(func.count()).select_from(table).where(*where))
               .scalar_one())


def demo_campaign(session: Session, ward_id: str) -> Any:
    return session.execute(select(campaign_t).join(
        group_t, group_t.c.id == campaign_t.c.group_id).where(
        group_t.c.ward_id == ward_id, campaign_t.c.title == D.CAMPAIGN_TITLE)).first()


def add(session: Session, ward_id: str) -> None:
    """Every part the demo ward lacks (all of them on the first run)."""
    groups = _groups(session, ward_id)
    tracking_codes(session, ward_id)
    campaign = demo_campaign(session, ward_id)
    if campaign is not None:
        _sheet(session, ward_id, campaign)
    _models(session, ward_id, groups, campaign.id if campaign is not None else None)
    _reports(session, ward_id, groups)
    _commendations(session, ward_id)


# -- tracking codes ---------------------------------------------------------------------
def tracking_codes(session: Session, ward_id: str) -> None:
    """A code on every petition of the ward without one (petitions seeded before the
    phone made codes), recorded as a change of the petition's group."""
    rows = session.execute(select(petition_t.c.id, petition_t.c.group_id).where(
        petition_t.c.ward_id == ward_id, petition_t.c.tracking_code.is_(None))).all()
    for r in rows:
        ctx = WriteContext(session=session, ward_id=ward_id, actor=D.STAFF_FULL_NAME)
        scope = group_scope(r.group_id) if r.group_id else ward_scope(ward_id)
        ctx.clock.lock(scope)
        version = ctx.change(entity="petition", entity_id=r.id, scope=scope)
        session.execute(update(petition_t).where(petition_t.c.id == r.id).values(
            tracking_code=new_tracking_code(), version=version))
        ctx.commit()


def answered_code(session: Session, ward_id: str) -> str | None:
    """The tracking code of one answered petition, for the demo's printed address."""
    return session.execute(select(petition_t.c.tracking_code).where(
        petition_t.c.ward_id == ward_id, petition_t.c.status == "answered",
        petition_t.c.tracking_code.is_not(None)).order_by(petition_t.c.received_at)
    ).scalars().first()


# -- the campaign's public sheet ----------------------------------------------------------
def _sheet(session: Session, ward_id: str, campaign: Any) -> None:
    campaigns.ensure_public_id(session, campaign.id)
    group = next(g for g in _groups(session, ward_id) if g[0] == campaign.group_id)
    if _count(session, expense_t, expense_t.c.campaign_id == campaign.id) == 0:
        ctx = _group_ctx(session, ward_id, group)
        for days, amount, purpose, payee, receipt in D.EXPENSES:
            expenses.record(ctx, ExpenseRecord.model_validate(dict(
                id=uuid.uuid4(), campaign_id=campaign.id,
                spent_on=min(campaign.starts_on + timedelta(days=days), today_vn()),
                amount_vnd=amount, purpose=purpose, payee=payee, receipt_no=receipt)))
        ctx.commit()
    if _count(session, household_t, household_t.c.group_id == campaign.group_id,
              household_t.c.publish_name.is_(True)) == 0:
        ctx = _group_ctx(session, ward_id, group)
        rows = session.execute(select(household_t).where(
            household_t.c.group_id == campaign.group_id, household_t.c.deleted.is_(False))
            .order_by(household_t.c.address).limit(D.PUBLISHED_HOUSEHOLDS)).all()
        for h in rows:  # the household agreed at the doorstep to be named on the sheet
            households.upsert(ctx, HouseholdUpsert.model_validate(dict(
                id=h.id, head_name=h.head_name, address=h.address, phone=h.phone,
                publish_name=True)))
        ctx.commit()


# -- "Dân vận khéo" models ----------------------------------------------------------------
def _models(session: Session, ward_id: str, groups: list[Group],
            campaign_id: str | None) -> None:
    if _count(session, model_t, model_t.c.ward_id == ward_id) > 0:
        return
    today = today_vn()
    by_number = {g[2]: g for g in groups}
    decision = 0
    for name, field, number, unit_kind, unit_name, status, goals, evidence in D.MODELS:
        group = by_number.get(number) if number is not None else None
        if number is not None and group is None:
            continue
        mid = uuid.uuid4()
        owner = _group_ctx(session, ward_id, group) if group else _staff_ctx(session, ward_id)
        mobilization.create(owner, ModelCreate.model_validate(dict(
            id=mid, name=name, field=field, year=today.year, unit_kind=unit_kind,
            unit_name=unit_name or None, goals=goals,
            followers=D.MODEL_FOLLOWERS if status != "registered" else [])),
            ward_level=group is None)
        metrics = [dict(label=label, quantity=Decimal(q), unit=unit)
                   for label, q, unit in evidence if label != "campaign"]
        linked = [campaign_id] if campaign_id and any(e[0] == "campaign" for e in evidence) \
            else []
        if metrics or linked:
            mobilization.add_evidence(owner, ModelEvidence.model_validate(dict(
                id=mid, metrics=metrics, campaign_ids=linked,
                note="Số liệu tổng hợp đến cuối tháng trước.")))
        owner.commit()
        decision += _move(session, ward_id, group, mid, status, today, decision)


def _move(session: Session, ward_id: str, group: Group | None, mid: uuid.UUID, status: str,
          today: date, decision: int) -> int:
    """Take the model along its life to `status`: the group (or the ward for its own
    units) starts and proposes it, the ward decides. Returns the decisions made."""
    steps = {"registered": [], "in_progress": ["in_progress"],
             "proposed": ["in_progress", "proposed"],
             "not_recognized": ["in_progress", "proposed", "not_recognized"],
             "recognized": ["in_progress", "proposed", "recognized"],
             "replicated": ["in_progress", "proposed", "recognized", "replicated"]}[status]
    notes = {"in_progress": "Bắt đầu triển khai tại cơ sở.",
             "proposed": "Đề nghị phường xem xét công nhận.",
             "not_recognized": "Chưa đủ minh chứng hiệu quả; tiếp tục thực hiện và đề nghị lại.",
             "recognized": "Công nhận mô hình \"Dân vận khéo\" cấp phường.",
             "replicated": "Nhân rộng ra các tổ dân phố khác trong phường."}
    made = 0
    for step in steps:
        by_group = group is not None and step in {"in_progress", "proposed"}
        ctx = _group_ctx(session, ward_id, group) if by_group and group else \
            _staff_ctx(session, ward_id)
        values: dict[str, Any] = {"id": mid, "status": step, "note": notes[step]}
        if step == "recognized":
            made = 1
            values["recognition"] = {
                "level": "ward", "decision_no": f"{128 + decision}/QĐ-UBND",
                "decided_on": max(today - timedelta(days=20 - 3 * decision),
                                  today.replace(day=1) - timedelta(days=90))}
        mobilization.update_fields(ctx, ModelUpdate.model_validate(values), None)
        ctx.commit()
    return made


# -- the groups' monthly reports and giao ban ---------------------------------------------
def _reports(session: Session, ward_id: str, groups: list[Group]) -> None:
    """Last month's reports of most groups (two late, a few missing) and its giao ban."""
    if _count(session, group_report_t, group_report_t.c.ward_id == ward_id) > 0:
        return
    now = utcnow()
    month = previous_month(month_of(today_vn()))
    due = group_reports.deadline(month, group_reports.policy(session, ward_id).deadline_day)
    for k, group in enumerate(groups):
        number = group[2]
        if number in D.MISSING_GROUPS:
            continue
        late = number in D.LATE_GROUPS
        last_day = (due - timedelta(seconds=1)).astimezone(VN_TZ).date()
        day = last_day + timedelta(days=1 + k % 2) if late else \
            last_day - timedelta(days=k % 5)
        received = datetime.combine(day, time(7 + k % 13, (17 * k) % 60), tzinfo=VN_TZ)
        if received > now:  # early in the month: sent a few hours ago, or not yet if late
            if late:
                continue
            received = now - timedelta(hours=1 + k)
        mood, opinions, hot, proposals = D.GROUP_REPORT_TEXTS[k % len(D.GROUP_REPORT_TEXTS)]
        ctx = _group_ctx(session, ward_id, group, now=received)
        group_reports.submit(ctx, GroupReportSubmit.model_validate(dict(
            id=uuid.uuid4(), month=month, figures=_figures(number), mood=mood,
            opinions=opinions, hot_issues=hot, proposals=proposals,
            submitted_at=received - timedelta(minutes=5))))
        ctx.commit()
    _briefings(session, ward_id, groups, month)


def _figures(number: int) -> dict[str, int]:
    return {"petitions_received": 1 + number % 4, "petitions_answered": number % 3,
            "petitions_reported_back": number % 2, "meetings": 1 + number % 2,
            "attendance": 28 + number, "contributions_count": 5 * (number == D.CAMPAIGN_GROUP),
            "contributions_vnd": 15_000_000 * (number == D.CAMPAIGN_GROUP),
            "models_total": 1 if number in {1, 2, 3, 5, 7, 9, 11} else 0}


def _briefings(session: Session, ward_id: str, groups: list[Group], month: str) -> None:
    if _count(session, dialogue_t, dialogue_t.c.ward_id == ward_id,
              dialogue_t.c.kind == "briefing") > 0:
        return
    year, mon = (int(p) for p in month.split("-"))
    for group in groups:
        number = group[2]
        if number not in D.BRIEFING_GROUPS:
            continue
        day = date(year, mon, 20 + number % 7)
        ctx = _group_ctx(session, ward_id, group)
        dialogues.create(ctx, DialogueCreate.model_validate(dict(
            id=uuid.uuid4(), kind="briefing", title=f"Giao ban tổ dân phố {number} "
            f"tháng {mon:02d}/{year}", scheduled_on=day,
            held_at=datetime.combine(day, time(19, 30), tzinfo=VN_TZ),
            place=f"Nhà văn hóa TDP {number}", chair="Tổ trưởng tổ dân phố",
            attendance_count=8 + number % 5,
            agenda=["Nắm tình hình nhân dân trong tháng", "Kiến nghị cần báo lên phường"],
            minutes="Thống nhất nội dung báo cáo tháng gửi phường.")))
        ctx.commit()


# -- the review's commendations -----------------------------------------------------------
def review_key(today: date) -> str:
    return f"{today.year}-{'h1' if today.month <= 6 else 'h2'}"


def _commendations(session: Session, ward_id: str) -> None:
    today = today_vn()
    key = review_key(today)
    if _count(session, commendation_t, commendation_t.c.ward_id == ward_id,
              commendation_t.c.period == key) > 0:
        return
    ctx = _staff_ctx(session, ward_id)
    for kind, recipient, form, decision_no in D.COMMENDATIONS:
        reviews.add_commendation(ctx, key, recipient_kind=kind, recipient=recipient,
                                 form=form, decision_no=decision_no, decided_on=today)
    ctx.commit()
