"""The ward's deadlines in the console, in headless Chromium: the policy page, the days the
ward adds, the inbox's "due soon" and "overdue" lists, both deadlines on a petition."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from console.pages import Officer
from field_app.wire.formats import today_vn
from sync_server.models.tables import petition_t
from sync_server.services.deadlines import load_policy

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def test_an_officer_sets_the_wards_deadlines_and_adds_a_day_off(
        officer: Officer, ward: Any, live_server: Any) -> None:
    page = officer.open("/console/petitions")
    page.get_by_role("link", name="Thời hạn").click()
    page.wait_for_url("**/console/deadlines")
    expect(page.get_by_label("Số ngày làm việc để tiếp nhận")).to_have_value("10")
    year = today_vn().year
    expect(page.get_by_role("table", name=f"Năm {year + 1}")
           .get_by_text("Tết Nguyên Đán", exact=True)).to_be_visible()

    page.get_by_label("Số ngày làm việc để giải quyết (mặc định)").fill("12")
    page.get_by_label("Đất đai").fill("30")
    page.get_by_role("button", name="Lưu quy định").click()
    expect(page.get_by_text("Đã lưu quy định về thời hạn.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Đất đai")).to_have_value("30")

    # a wrong number is refused with a sentence, and what was typed stays
    page.get_by_label("Số ngày làm việc để tiếp nhận").fill("0")
    page.get_by_role("button", name="Lưu quy định").click()
    expect(page.get_by_role("alert")).to_have_text("Số ngày làm việc phải là số từ 1 đến 250.")
    expect(page.get_by_label("Số ngày làm việc để tiếp nhận")).to_have_value("0")

    page.goto(live_server.url + "/console/deadlines")
    page.get_by_label("Ngày", exact=True).fill("31/12/2027")
    page.get_by_label("Ghi chú").fill("Nghỉ bù theo quyết định của UBND tỉnh")
    page.get_by_role("button", name="Thêm ngày").click()
    expect(page.get_by_text("Đã thêm ngày.")).to_be_visible()
    expect(page.get_by_role("cell", name="31/12/2027", exact=True)).to_be_visible()
    assert officer.serious_accessibility_findings() == []
    officer.screenshot("console-deadlines")

    with live_server.session() as s:
        policy = load_policy(s, ward.id)
    assert (policy.ack_working_days, policy.answer_working_days) == (10, 12)
    assert policy.answer_by_category == {"land": 30}
    assert [(d.day.isoformat(), d.kind) for d in policy.days] == [("2027-12-31", "off")]

    page.get_by_role("button", name="Bỏ ngày 31/12/2027").click()
    expect(page.get_by_text("Phường chưa thêm ngày nào.")).to_be_visible()


def test_the_inbox_lists_petitions_due_soon_and_overdue_by_the_deadline_that_runs(
        officer: Officer, ward: Any, a_device_of: Any, live_server: Any) -> None:
    phone = a_device_of(ward.group_a)
    soon = phone.create_petition(title="Cống thoát nước tắc")
    later = phone.create_petition(title="Xin lắp thêm ghế đá")
    late = phone.create_petition(title="Chó thả rông")
    taken_up = phone.create_petition(title="Đèn đường hỏng")
    today = today_vn()
    with live_server.session() as s:
        past = today - timedelta(days=10)
        for pid, ack in ((soon, today), (later, today + timedelta(days=30)), (late, past),
                         (taken_up, past)):
            s.execute(update(petition_t).where(petition_t.c.id == pid).values(ack_due=ack))
        # taken up: its ack_due no longer runs; its due date is far off
        s.execute(update(petition_t).where(petition_t.c.id == taken_up).values(
            status="accepted", due_date=today + timedelta(days=40)))

    page = officer.open("/console/petitions")
    page.get_by_label("Sắp đến hạn (2 ngày làm việc)").check()
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**due_soon=1**")
    rows = page.locator("#inbox-rows tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Cống thoát nước tắc")
    expect(rows.first).to_contain_text("Sắp đến hạn")
    assert officer.serious_accessibility_findings() == []

    page.goto(live_server.url + "/console/petitions?overdue=1")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Chó thả rông")

    page.goto(live_server.url + f"/console/petitions/{soon}")
    expect(page.locator("[data-deadline=ack]")).to_contain_text("đến hạn hôm nay")
    page.goto(live_server.url + f"/console/petitions/{late}")
    expect(page.locator("[data-deadline=ack]")).to_contain_text("quá hạn")
