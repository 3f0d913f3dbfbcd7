"""The ward reads its groups' monthly reports: who reported by the deadline (on time, late,
missing, the reporting rate), what each said, the ward's summary; it closes the month and
a later submit from a phone is refused; the giao ban of the period per group."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import insert, update

from console.pages import Officer
from sync_server.models.tables import dialogue_t, group_report_t, group_t

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def report(**fields: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "id": str(uuid.uuid4()), "month": "2026-11",
        "figures": {"petitions_received": 7, "meetings": 1, "attendance": 40,
                    "contributions_vnd": 3500000},
        "mood": "Nhân dân phấn khởi", "opinions": "", "hot_issues": "Ngập ở ngõ 5",
        "proposals": "Nạo vét cống"}
    args.update(fields)
    return args


def test_the_month_shows_on_time_late_and_missing_groups_and_closes(
        officer: Officer, ward: Any, live_server: Any, a_device_of: Any) -> None:
    phone_a, phone_b = a_device_of(ward.group_a), a_device_of(ward.group_b)
    assert phone_a.send("group_report.submit", report())["status"] == "applied"
    assert phone_b.send("group_report.submit", report(
        mood="Bà con lo lắng", figures={"petitions_received": 3, "contributions_vnd": 1000000},
        hot_issues="Trộm cắp xe máy"))["status"] == "applied"
    with live_server.session() as db:
        now = datetime.now(UTC)
        db.execute(insert(group_t).values(id=str(uuid.uuid4()), ward_id=ward.id,
                                          name="Tổ dân phố 3", number=3, created_at=now))
        # A's first report came on 2 December, B's on 9 December (after the 5th)
        db.execute(update(group_report_t).where(group_report_t.c.group_id == ward.group_a.id)
                   .values(first_received_at=datetime(2026, 12, 2, 3, tzinfo=UTC)))
        db.execute(update(group_report_t).where(group_report_t.c.group_id == ward.group_b.id)
                   .values(first_received_at=datetime(2026, 12, 9, 3, tzinfo=UTC)))
        db.execute(insert(dialogue_t).values(
            id=str(uuid.uuid4()), ward_id=ward.id, scope="group", group_id=ward.group_a.id,
            kind="briefing", title="Giao ban tháng 11", scheduled_on=datetime(2026, 11, 20).date(),
            attendees=[], agenda=[], petition_ids=[], commitments=[], version=1,
            field_versions={}, field_writers={}, created_at=now, updated_at=now))
        db.commit()

    page = officer.open("/console/group-reports/2026-11")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Báo cáo tình hình tháng 11/2026 của các tổ")
    expect(page.locator("[data-count=on_time]")).to_have_text("1")
    expect(page.locator("[data-count=late]")).to_have_text("1")
    expect(page.locator("[data-count=missing]")).to_have_text("1")
    expect(page.locator("[data-rate=reported]")).to_have_text("67%")
    expect(page.locator("[data-rate=on_time]")).to_have_text("33%")
    expect(page.locator("tr[data-group='Tổ dân phố 3']")).to_have_attribute(
        "data-state", "missing")
    expect(page.locator("[data-figure=contributions_vnd]")).to_have_text("4.500.000 ₫")
    expect(page.locator("[data-figure=petitions_received]")).to_have_text("10")
    expect(page.get_by_text("Trộm cắp xe máy")).to_be_visible()
    expect(page.locator("#briefings")).to_have_text(
        "1/3 tổ đã giao ban kỳ này (giao ban hằng tháng).")
    assert officer.serious_accessibility_findings() == []
    officer.screenshot("group-reports")

    page.get_by_label("Nhận định chung tình hình tháng (đưa vào báo cáo tháng của phường)"
                      ).fill("Tình hình ổn định; cần xử lý ngập ngõ 5.")
    page.get_by_role("button", name="Lưu tổng hợp").click()
    page.wait_for_url("**/group-reports/2026-11?done=summary")
    expect(page.get_by_label("Nhận định chung tình hình tháng (đưa vào báo cáo tháng của phường)"
                             )).to_have_value("Tình hình ổn định; cần xử lý ngập ngõ 5.")

    page.get_by_role("button", name="Khóa sổ tháng này").click()
    page.wait_for_url("**/group-reports/2026-11?done=closed")
    expect(page.locator("#closed")).to_be_visible()
    refused = phone_a.send("group_report.submit", report(mood="Gửi lại"))
    assert (refused["status"], refused["code"]) == ("rejected", "group_report.month_closed")
