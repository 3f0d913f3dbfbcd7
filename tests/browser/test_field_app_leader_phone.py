"""The group leader's phone keeps what is typed and reads money right (issue #23), at phone
size: an amount typed as people write it is read back under the field, an unclear one is
refused with what to type, the campaign's Mức vận động is one tap away, and a household is
found without typing its diacritics."""

from __future__ import annotations

from playwright.sync_api import expect
from test_field_app_round_trip import FIELD_APP_MARKS, enroll_phone

pytestmark = FIELD_APP_MARKS  # see test_field_app_round_trip


def _household_and_campaign(phone) -> None:
    phone.tab("Thêm")
    phone.tap("more-households")
    phone.press("Thêm hộ")
    phone.fill("hh-head-name", "Hoàng Văn Đức")
    phone.fill("hh-address", "Số 3, ngõ 7")
    phone.tap("hh-save")
    phone.says("household-row-0", "Hoàng Văn Đức")
    phone.tab("Đóng góp")
    phone.press("Tạo cuộc vận động")
    phone.fill("cf-title", "Bê tông hóa đường nội khối")
    phone.fill("cf-suggested", "3tr")
    phone.says("cf-suggested-reads", "= 3.000.000 ₫")
    phone.tap("cf-save")
    phone.by_id("campaign-record").wait_for()


def test_money_is_read_as_typed_and_the_suggested_amount_is_one_tap(ward_server, phone):
    enroll_phone(phone, ward_server)
    _household_and_campaign(phone)
    phone.tap("campaign-record")

    phone.fill("rf-quantity", "1,5")
    phone.says("rf-quantity-reads", "Số tiền chưa rõ: gõ 1.500.000 hoặc 1,5 triệu.")
    phone.tap("rf-save")
    phone.says("rf-quantity", "Số tiền chưa rõ")  # red under the field; nothing saved
    phone.fill("rf-quantity", "3tr5")
    phone.says("rf-quantity-reads", "= 3.500.000 ₫")
    phone.shot("20_contribution_amount_read")

    phone.tap("rf-use-suggested")  # fills in "3.000.000"
    phone.says("rf-quantity-reads", "= 3.000.000 ₫")

    # no diacritics typed: the picker still finds Hoàng
    phone.fill("rf-household", "hoang")  # the menu opens with what matches
    found = phone.page.get_by_role("button", name="Hoàng Văn Đức – Số 3, ngõ 7", exact=True)
    expect(found).to_have_count(1)
    phone.shot("21_household_picker_without_diacritics")
    found.click()
    phone.tap("rf-save")
    phone.by_id("campaign-record").wait_for()
    expect(phone.by_id("campaign-received-money_vnd")).to_have_text("3.000.000 ₫")
