"""Service layer: `sync-server seed-demo`, the demo ward Quỳnh Xuân (created once, idempotent).

Everything goes through the same services as real traffic, so versions, change rows and
timelines are exactly what phones and the console will see.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlmodel import Session

from field_app.wire.formats import VN_TZ, today_vn, utcnow
from field_app.wire.mutations import (
    CampaignCreate,
    ContributionRecord,
    ContributionReverse,
    DialogueCreate,
    HouseholdUpsert,
    PetitionCreate,
    PetitionReportBack,
    PetitionWithdraw,
)
from field_app.wire.protocol import TransitionRequest
from field_app.wire.tracking import new_tracking_code
from sync_server.models.tables import household_t, petition_t, staff_t
from sync_server.services import (
    campaigns,
    dialogues,
    households,
    petitions,
    references,
    seed_records,
    transitions,
)
from sync_server.services import seed_data as D
from sync_server.services.changes import group_scope, ward_scope
from sync_server.services.context import WriteContext
from sync_server.services.provinces import create_province, set_ward_province
from sync_server.services.staff import PROVINCE, WARD_HEAD, StaffUser, create_staff
from sync_server.services.wards import create_group, create_ward, find_ward_by_name

M = TypeVar("M", bound=BaseModel)


def _m(model: type[M], **values: Any) -> M:
    """Build a wire model from plain values (as a phone's JSON would arrive)."""
    return model.model_validate(values)


# the life each demo petition goes through, cycling: every status appears
PLANS = ["received", "accepted", "in_progress", "answered", "reported_back", "closed",
         "rejected", "withdrawn", "overdue", "received", "answered", "in_progress"]


def next_dialogue_day(today: date, day: int = 15) -> date:
    if today.day <= day:
        return today.replace(day=day)
    first_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first_next.replace(day=day)


def _person(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"{rng.choice(D.FAMILY)} {rng.choice(D.MIDDLE_MALE)} {rng.choice(D.GIVEN_MALE)}"
    return f"{rng.choice(D.FAMILY)} {rng.choice(D.MIDDLE_FEMALE)} {rng.choice(D.GIVEN_FEMALE)}"


def _phone(rng: random.Random) -> str | None:
    return None if rng.random() < 0.3 else "09" + "".join(str(rng.randint(0, 9)) for _ in range(8))


def _group_ctx(session: Session, ward_id: str, gid: str, name: str) -> WriteContext:
    ctx = WriteContext(session=session, ward_id=ward_id, actor=f"{name} (tổ trưởng)", group_id=gid)
    ctx.clock.lock(group_scope(gid))
    return ctx


def _households(session: Session, ward_id: str, groups: list[tuple[str, str, int]],
                rng: random.Random) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for gid, name, number in groups:
        ctx = _group_ctx(session, ward_id, gid, name)
        street = D.STREETS[number % len(D.STREETS)]
        ids = []
        for i in range(rng.randint(20, 60)):
            hid = uuid.uuid4()
            households.upsert(ctx, _m(HouseholdUpsert,
                id=hid, head_name=_person(rng), phone=_phone(rng),
                address=f"Số {2 * i + 1}, ngõ {rng.randint(1, 15)}, đường {street}, TDP {number}"))
            ids.append(str(hid))
        ctx.commit()
        out[gid] = ids
    return out


def _petitions(session: Session, ward_id: str, staff: StaffUser,
               groups: list[tuple[str, str, int]], homes: dict[str, list[str]],
               rng: random.Random, *, place: str = "phường Quỳnh Xuân",
               limit: int | None = None) -> int:
    today = today_vn()
    count = 0
    for i, (title, description, field, category, source) in enumerate(
            (D.PETITIONS * 2)[:limit]):
        gid, name, number = groups[(i * 5) % len(groups)] if i >= len(D.PETITIONS) else \
            groups[i % len(groups)]
        plan = PLANS[i % len(PLANS)]
        days_ago = rng.randint(2, 50)
        received = datetime.combine(today - timedelta(days=days_ago), time(8 + i % 9, 15),
                                    tzinfo=VN_TZ)
        household = rng.choice(homes[gid])
        citizen = session.execute(select(household_t.c.head_name).where(
            household_t.c.id == household)).scalar_one()
        ctx = _group_ctx(session, ward_id, gid, name)
        pid = uuid.uuid4()
        petitions.create(ctx, _m(PetitionCreate,
            id=pid, title=title, description=description, field=field, category=category,
            source=source, citizen_name=citizen, household_id=uuid.UUID(household),
            location_text=f"TDP {number}, {place}", received_at=received,
            anonymous=(i % 11 == 10), tracking_code=new_tracking_code()))
        ctx.commit()
        count += 1
        _live(session, ward_id, staff, str(pid), plan, gid, name, today, i, category)
    return count


def _staff_do(session: Session, staff: StaffUser, pid: str, action: str, **kw: Any) -> None:
    transitions.transition(session, staff, pid, _m(TransitionRequest, action=action, **kw))


def _live(session: Session, ward_id: str, staff: StaffUser, pid: str, plan: str, gid: str,
          name: str, today: date, i: int, category: str) -> None:
    if plan == "received":
        return
    if plan == "withdrawn":
        ctx = _group_ctx(session, ward_id, gid, name)
        petitions.withdraw(ctx, _m(PetitionWithdraw, id=uuid.UUID(pid),
                                                 note="Gia đình đã tự hòa giải với hàng xóm."))
        ctx.commit()
        return
    if plan == "rejected":
        _staff_do(session, staff, pid, "reject",
                  note="Nội dung thuộc thẩm quyền giải quyết của Tòa án nhân dân khu vực; "
                       "phường đã hướng dẫn dân nộp đơn tại Tòa án.")
        return
    due = today - timedelta(days=5) if plan == "overdue" else today + timedelta(days=10 + i)
    _staff_do(session, staff, pid, "accept", assigned_unit=D.UNITS[i % len(D.UNITS)],
              assigned_officer=D.OFFICERS[i % len(D.OFFICERS)], due_date=due,
              note="Chuyển đơn vị chuyên môn xử lý.")
    if plan in {"accepted", "overdue"}:
        return
    _staff_do(session, staff, pid, "start")
    if plan == "in_progress":
        return
    answer = D.ANSWERS.get(category, D.ANSWER_OTHER).format(
        d=f"{today - timedelta(days=1):%d/%m/%Y}")
    _staff_do(session, staff, pid, "answer", answer=answer)
    if plan == "answered":
        return
    ctx = _group_ctx(session, ward_id, gid, name)
    petitions.report_back(ctx, _m(PetitionReportBack, id=uuid.UUID(pid), citizen_satisfied=True,
                                                  note="Đã báo lại tại buổi họp tổ."))
    ctx.commit()
    if plan == "closed":
        _staff_do(session, staff, pid, "close", note="Dân hài lòng, kết thúc hồ sơ.")


def _campaign(session: Session, ward_id: str, gid: str, name: str, homes: list[str],
              rng: random.Random) -> None:
    ctx = _group_ctx(session, ward_id, gid, name)
    today = today_vn()
    cid = uuid.uuid4()
    campaigns.create(ctx, _m(CampaignCreate,
        id=cid, title=D.CAMPAIGN_TITLE,
        purpose="Bê tông hóa 420 m đường nội khối rộng 3,5 m theo phương châm "
                "\"Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng\".",
        unit_kinds=["money_vnd", "land_m2", "wall_m2", "workdays"],
        target={"money_vnd": Decimal(3_000_000 * len(homes)), "land_m2": Decimal("350"),
                "wall_m2": Decimal("120"), "workdays": Decimal(400)},
        suggested_per_household=3_000_000, instalments=5,
        starts_on=today - timedelta(days=60), ends_on=today + timedelta(days=120)))
    first_receipt: uuid.UUID | None = None
    for n, hid in enumerate(homes):
        pledge = rng.choice([3_000_000, 3_000_000, 3_500_000, 5_000_000])
        day = today - timedelta(days=55 - n % 30)
        campaigns.record_entry(ctx, _m(ContributionRecord,
            id=uuid.uuid4(), campaign_id=cid, household_id=uuid.UUID(hid), entry_type="pledge",
            kind="money_vnd", quantity=Decimal(pledge), recorded_on=day, collector="Tổ trưởng"))
        for k in range(rng.randint(0, 5)):
            eid = uuid.uuid4()
            first_receipt = first_receipt or eid
            campaigns.record_entry(ctx, _m(ContributionRecord,
                id=eid, campaign_id=cid, household_id=uuid.UUID(hid), entry_type="receipt",
                kind="money_vnd", quantity=Decimal(pledge // 5), collector="Thủ quỹ tổ",
                recorded_on=day + timedelta(days=7 * (k + 1)), receipt_no=f"PT-{n:03d}-{k + 1}"))
        if n % 6 == 0:
            campaigns.record_entry(ctx, _m(ContributionRecord,
                id=uuid.uuid4(), campaign_id=cid, household_id=uuid.UUID(hid),
                entry_type="pledge", kind="land_m2",
                quantity=Decimal(rng.choice(["12.5", "8", "20.3"])),
                recorded_on=day, note="Hiến đất mở rộng đường"))
        if n % 5 == 0:
            campaigns.record_entry(ctx, _m(ContributionRecord,
                id=uuid.uuid4(), campaign_id=cid, household_id=uuid.UUID(hid),
                entry_type="receipt", kind="wall_m2", quantity=Decimal(rng.choice(["6", "9.5"])),
                recorded_on=day, note="Tự tháo dỡ tường rào"))
        campaigns.record_entry(ctx, _m(ContributionRecord,
            id=uuid.uuid4(), campaign_id=cid, household_id=uuid.UUID(hid), entry_type="pledge",
            kind="workdays", quantity=Decimal(rng.randint(2, 6)), recorded_on=day))
    if first_receipt is not None:
        campaigns.reverse_entry(ctx, _m(ContributionReverse,
            id=uuid.uuid4(), reverses_id=first_receipt, recorded_on=today,
            note="Ghi nhầm hộ, hủy để ghi lại"))
    ctx.commit()


def _dialogues(session: Session, ward_id: str, staff: StaffUser,
               groups: list[tuple[str, str, int]]) -> date:
    today = today_vn()
    upcoming = next_dialogue_day(today)
    previous = (upcoming.replace(day=1) - timedelta(days=1)).replace(day=15)
    ctx = WriteContext(session=session, ward_id=ward_id, actor=staff.actor)
    ctx.clock.lock(ward_scope(ward_id))
    raised = session.execute(select(petition_t.c.id).where(petition_t.c.ward_id == ward_id)
                             .limit(3)).scalars().all()
    dialogues.create(ctx, _m(DialogueCreate,
        id=uuid.uuid4(), kind="ward_dialogue_day", title=f"Ngày đối thoại tháng {previous:%m/%Y}",
        scheduled_on=previous, held_at=datetime.combine(previous, time(8, 0), tzinfo=VN_TZ),
        place="Hội trường UBND phường Quỳnh Xuân", chair="Bí thư Đảng ủy phường",
        attendance_count=96, agenda=["Trả lời kiến nghị tồn đọng", "Vệ sinh môi trường"],
        minutes="Bí thư Đảng ủy và Chủ tịch UBND phường trực tiếp trả lời 9 ý kiến của nhân dân.",
        petition_ids=[uuid.UUID(p) for p in raised],
        commitments=[{"id": str(uuid.uuid4()), "text": "Nạo vét mương thoát nước đường Lê Lợi",
                      "owner": "Phòng Kinh tế, Hạ tầng và Đô thị phường",
                      "due_date": upcoming.isoformat(),
                      "status": "open"}]), ward_day=True)
    dialogues.create(ctx, _m(DialogueCreate,
        id=uuid.uuid4(), kind="ward_dialogue_day", title=f"Ngày đối thoại {upcoming:%d/%m/%Y}",
        scheduled_on=upcoming, place="Hội trường UBND phường Quỳnh Xuân",
        chair="Chủ tịch UBND phường",
        agenda=["Báo cáo kết quả giải quyết kiến nghị tháng trước",
                "Đối thoại trực tiếp với nhân dân", "Cam kết và phân công xử lý"]), ward_day=True)
    for name in D.UNITS:
        references.add(ctx, list_name="unit", value=name)
    for name in D.OFFICERS:
        references.add(ctx, list_name="officer", value=name)
    ctx.commit()
    for gid, name, number in groups[:4]:
        gctx = _group_ctx(session, ward_id, gid, name)
        dialogues.create(gctx, _m(DialogueCreate,
            id=uuid.uuid4(), kind="group_meeting", title=f"Họp tổ dân phố {number} tháng này",
            scheduled_on=today - timedelta(days=number), place=f"Nhà văn hóa TDP {number}",
            chair="Tổ trưởng tổ dân phố", attendance_count=30 + number,
            agenda=["Vệ sinh môi trường", "Đóng góp làm đường"]))
        gctx.commit()
    return upcoming


def seed(session: Session) -> dict[str, Any]:
    """Create the demo ward once; report what exists."""
    existing = find_ward_by_name(session, D.WARD_NAME)
    if existing:
        _province(session, existing)
        _records(session, existing)
        return _report(session, existing, created=False)
    rng = random.Random(2026)
    ward_id = create_ward(session, name=D.WARD_NAME)
    groups = []
    for n in range(1, D.GROUP_COUNT + 1):
        groups.append((create_group(session, ward_id=ward_id, name=f"Tổ dân phố {n}", number=n),
                       f"Tổ dân phố {n}", n))
    staff_id = create_staff(session, ward_id=ward_id, username=D.STAFF_USERNAME,
                            password=D.STAFF_PASSWORD, full_name=D.STAFF_FULL_NAME)
    create_staff(session, ward_id=ward_id, username=D.WARD_HEAD_USERNAME,
                 password=D.WARD_HEAD_PASSWORD, full_name=D.WARD_HEAD_FULL_NAME, role=WARD_HEAD)
    session.commit()
    staff = StaffUser(id=staff_id, ward_id=ward_id, username=D.STAFF_USERNAME,
                      full_name=D.STAFF_FULL_NAME)
    homes = _households(session, ward_id, groups, rng)
    _petitions(session, ward_id, staff, groups, homes, rng)
    gid, name, _n = groups[D.CAMPAIGN_GROUP - 1]
    _campaign(session, ward_id, gid, name, homes[gid], rng)
    _dialogues(session, ward_id, staff, groups)
    _province(session, ward_id)
    _records(session, ward_id)
    return _report(session, ward_id, created=True)


def _records(session: Session, ward_id: str) -> None:
    """The newer records (models, codes, reports, the sheet, commendations) the demo ward
    lacks; tracking codes on the second ward's petitions too."""
    seed_records.add(session, ward_id)
    second = find_ward_by_name(session, D.SECOND_WARD_NAME)
    if second:
        seed_records.tracking_codes(session, second)


def _province(session: Session, ward_id: str) -> None:
    """The province above the demo ward, a second smaller ward with its own groups,
    households, petitions and staff, and the province department's account; once (a
    database seeded before provinces existed gets them on the next seed-demo)."""
    if session.execute(select(staff_t.c.id).where(
            staff_t.c.username == D.PROVINCE_USERNAME)).scalar() is not None:
        return
    province_id = create_province(session, name=D.PROVINCE_NAME)
    set_ward_province(session, ward_id=ward_id, province_id=province_id)
    create_staff(session, ward_id=None, province_id=province_id, role=PROVINCE,
                 username=D.PROVINCE_USERNAME, password=D.PROVINCE_PASSWORD,
                 full_name=D.PROVINCE_FULL_NAME)
    rng = random.Random(2025)
    second = create_ward(session, name=D.SECOND_WARD_NAME)
    set_ward_province(session, ward_id=second, province_id=province_id)
    groups = [(create_group(session, ward_id=second, name=f"Tổ dân phố {n}", number=n),
               f"Tổ dân phố {n}", n) for n in range(1, D.SECOND_WARD_GROUPS + 1)]
    staff_id = create_staff(session, ward_id=second, username=D.SECOND_STAFF_USERNAME,
                            password=D.STAFF_PASSWORD, full_name=D.SECOND_STAFF_FULL_NAME,
                            role=WARD_HEAD)
    session.commit()
    staff = StaffUser(id=staff_id, ward_id=second, username=D.SECOND_STAFF_USERNAME,
                      full_name=D.SECOND_STAFF_FULL_NAME, role=WARD_HEAD)
    homes = _households(session, second, groups, rng)
    _petitions(session, second, staff, groups, homes, rng, place="phường Tân Mai",
               limit=D.SECOND_WARD_PETITIONS)
    gid, name, _n = groups[0]
    _campaign(session, second, gid, name, homes[gid][:12], rng)
    session.commit()


def _report(session: Session, ward_id: str, *, created: bool) -> dict[str, Any]:
    n_households = session.execute(select(func.count()).select_from(household_t)).scalar_one()
    n_petitions = session.execute(select(func.count()).select_from(petition_t).where(
        petition_t.c.ward_id == ward_id)).scalar_one()
    code = seed_records.answered_code(session, ward_id)
    campaign = seed_records.demo_campaign(session, ward_id)
    return {"created": created, "ward": D.WARD_NAME, "ward_id": ward_id,
            "tracking_code": code, "tracking_url": f"/tra-cuu/{code}" if code else None,
            "sheet_url": f"/cong-khai/{campaign.public_id}"
            if campaign is not None and campaign.public_id else None,
            "models_url": "/console/models",
            "group_reports_url": "/console/group-reports",
            "review_url": f"/console/reports/review/{seed_records.review_key(today_vn())}",
            "groups": D.GROUP_COUNT, "households": n_households, "petitions": n_petitions,
            "next_dialogue_day": next_dialogue_day(today_vn()).isoformat(),
            "staff_username": D.STAFF_USERNAME, "staff_password": D.STAFF_PASSWORD,
            "ward_head_username": D.WARD_HEAD_USERNAME,
            "ward_head_password": D.WARD_HEAD_PASSWORD,
            "province": D.PROVINCE_NAME, "second_ward": D.SECOND_WARD_NAME,
            "second_ward_username": D.SECOND_STAFF_USERNAME,
            "province_username": D.PROVINCE_USERNAME,
            "province_password": D.PROVINCE_PASSWORD,
            "console_url": "/console", "api_docs": "/docs", "generated_at": utcnow().isoformat()}
