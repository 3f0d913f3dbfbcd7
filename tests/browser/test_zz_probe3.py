from __future__ import annotations

from playwright.sync_api import expect
from test_field_app_round_trip import FIELD_APP_MARKS, enroll_phone

pytestmark = FIELD_APP_MARKS


def test_probe_picker(ward_server, phone):
    enroll_phone(phone, ward_server)
    phone.tab("Thêm")
    phone.tap("more-households")
    phone.press("Thêm hộ")
    phone.fill("hh-head-name", "Hoàng Văn Đức")
    phone.fill("hh-address", "Số 3, ngõ 7")
    phone.tap("hh-save")
    phone.says("household-row-0", "Hoàng Văn Đức")
    phone.press("Thêm hộ")
    phone.fill("hh-head-name", "Trần Thị Bình")
    phone.tap("hh-save")
    phone.see("Trần Thị Bình")
    phone.tab("Trang chủ")
    phone.tap("home-new-petition")
    phone.by_id("pf-title").wait_for()
    box = phone.reveal(phone.by_id("pf-household").locator("input").first)
    box.click(position={"x": 40, "y": 18})
    phone.idle()
    box.press_sequentially("hoang", delay=60)
    phone.page.wait_for_timeout(800)
    phone.idle()
    print("PICKER BOX:", repr(box.input_value()))
    found = phone.page.get_by_role("button", name="Hoàng Văn Đức – Số 3, ngõ 7", exact=True)
    expect(found).to_have_count(1)
    expect(phone.page.get_by_role("button", name="Trần Thị Bình", exact=True)).to_have_count(0)
    found.click()
    phone.says("pf-household-chosen", "Hoàng Văn Đức – Số 3, ngõ 7")
    box.click(position={"x": 40, "y": 18})
    phone.idle()
    print("PICKER BOX after refocus:", repr(box.input_value()))
    phone.shot("probe_picker")
