"""The group's monthly report on the phone (issue #27), at phone size: the leader opens
"Báo cáo tháng" from Home, sees the month's figures counted from the group's records,
writes the people's mood, sends it, and the ward's server has it; Home's giao ban reminder
opens the meeting form as a giao ban, and is gone once it is recorded."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select
from test_field_app_leader_phone import _typed_in
from test_field_app_round_trip import FIELD_APP_MARKS, enroll_phone

from field_app.wire.formats import today_vn
from field_app.wire.periods import month_of
from sync_server.models.tables import dialogue_t, group_report_t

pytestmark = FIELD_APP_MARKS  # see test_field_app_round_trip

MOOD = "Bà con phấn khởi, tin tưởng vào phường"


def test_the_leader_sends_the_monthly_report_and_records_the_giao_ban(
        ward_server, field_app_process, open_tab):
    phone = open_tab(field_app_process.start())
    enroll_phone(phone, ward_server)
    month = month_of(today_vn())

    phone.tap("home-new-petition")  # one petition this month: a figure to count
    phone.fill("pf-title", "Cống ngõ 9 tắc")
    phone.choose("pf-field", "Kinh tế")
    phone.choose("pf-category", "Điện chiếu sáng")
    phone.tap("pf-save")
    phone.says("petition-chips", "Chờ gửi")
    phone.tap("back")
    phone.says("home-group-report", "chưa gửi")
    phone.says("home-briefing-missing", "Tổ chưa ghi buổi giao ban kỳ")

    phone.tap("home-group-report")
    phone.says("greport-status", "chưa gửi")
    phone.says("greport-figure-petitions_received", "Kiến nghị tiếp nhận")
    assert phone.text_of("greport-figure-petitions_received").rstrip().endswith("1")
    phone.fill("greport-mood", MOOD)
    phone.fill("greport-hot-issues", "Ngập ở ngõ 5")
    phone.page.wait_for_timeout(1000)  # the draft is written within a second of typing
    phone.shot("40_group_report_typed")
    phone.tap("greport-send")
    phone.says("greport-status", "đã gửi")  # the outbox went out: the ward has it
    assert _typed_in(phone, "greport-mood") == MOOD
    phone.shot("41_group_report_sent")

    with ward_server.app.state.engine.connect() as conn:
        row = conn.execute(select(group_report_t).where(group_report_t.c.month == month)).one()
    assert row.mood == MOOD
    assert row.hot_issues == "Ngập ở ngõ 5"
    assert row.figures["petitions_received"] == 1

    phone.tap("back")
    phone.says("home-group-report", "đã gửi")
    phone.tap("home-briefing-missing")
    assert _typed_in(phone, "mf-title").startswith("Giao ban")
    phone.fill("mf-count", "12")
    phone.tap("mf-save")
    phone.see("Đã lưu buổi họp.")
    phone.tap("back")
    phone.by_id("home-group").wait_for()
    phone.settle()
    expect(phone.by_id("home-briefing-missing")).to_have_count(0)
    phone.shot("42_home_briefing_recorded")
    with ward_server.app.state.engine.connect() as conn:
        kinds = conn.execute(select(dialogue_t.c.kind)).scalars().all()
    assert "briefing" in kinds
