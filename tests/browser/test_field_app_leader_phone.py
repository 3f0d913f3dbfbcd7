"""The group leader's phone keeps what is typed and reads money right (issue #23), at phone
size: an amount typed as people write it is read back under the field, an unclear one is
refused with what to type, the campaign's Mức vận động is one tap away, and a household is
found without typing its diacritics."""

from __future__ import annotations

from playwright.sync_api import expect
from test_field_app_round_trip import FIELD_APP_MARKS, enroll_phone

pytestmark = FIELD_APP_MARKS  # see test_field_app_round_trip


def _typed_in(phone, identifier: str) -> str:
    """The text in a box (Flutter writes it into the page's input once the box has focus)."""
    box = phone.reveal(phone.by_id(identifier).locator("input, textarea").first)
    box.click(position={"x": 40, "y": 18})
    phone.idle()
    return str(box.input_value())


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

    # no diacritics typed: the picker still finds Hoàng, and keeps what was typed
    phone.fill("rf-household", "hoang")  # the matches are listed under the box
    found = phone.page.get_by_role("button", name="Hoàng Văn Đức – Số 3, ngõ 7", exact=True)
    expect(found).to_have_count(1)
    phone.shot("21_household_picker_without_diacritics")
    found.click()
    phone.says("rf-household-chosen", "Hoàng Văn Đức – Số 3, ngõ 7")
    phone.tap("rf-save")
    phone.by_id("campaign-record").wait_for()
    expect(phone.by_id("campaign-received-money_vnd")).to_have_text("3.000.000 ₫")


def test_the_household_picker_never_writes_over_what_is_typed(ward_server, phone):
    """Before: each letter that narrowed the matches made Flutter build a new dropdown, which
    wrote the chosen option ("— Không chọn hộ —") over the letters typed so far."""
    enroll_phone(phone, ward_server)
    phone.tab("Thêm")
    phone.tap("more-households")
    for name in ("Hoàng Văn Đức", "Trần Thị Bình"):
        phone.press("Thêm hộ")
        phone.fill("hh-head-name", name)
        phone.tap("hh-save")
        phone.see(name)
    phone.tab("Trang chủ")
    phone.tap("home-new-petition")
    box = phone.reveal(phone.by_id("pf-household").locator("input").first)
    box.click(position={"x": 40, "y": 18})
    phone.idle()
    box.press_sequentially("hoang", delay=60)  # key by key: the list narrows at each one
    phone.page.wait_for_timeout(400)
    phone.idle()
    box.click(position={"x": 40, "y": 18})  # the box shows Flutter's own value again on focus
    phone.idle()
    assert box.input_value() == "hoang"
    expect(phone.page.get_by_role("button", name="Trần Thị Bình", exact=True)).to_have_count(0)
    phone.page.get_by_role("button", name="Hoàng Văn Đức", exact=True).click()
    phone.says("pf-household-chosen", "Hoàng Văn Đức")
    assert box.input_value() == "hoang"


def test_a_half_typed_petition_is_back_after_the_app_is_killed(ward_server, field_app_process,
                                                               open_tab):
    phone = open_tab(field_app_process.start())
    enroll_phone(phone, ward_server)
    phone.tap("home-new-petition")
    phone.fill("pf-title", "Cống ngõ 9 bị tắc")
    phone.fill("pf-description", "Nước tràn ra đường mỗi khi mưa")
    phone.page.wait_for_timeout(1000)  # the draft is written within a second of typing
    field_app_process.kill()

    phone = open_tab(field_app_process.start())  # the same phone, reopened
    phone.says("home-draft", "Cống ngõ 9 bị tắc")
    phone.shot("22_home_draft")
    phone.tap("home-draft")
    phone.by_id("draft-banner").wait_for()
    assert _typed_in(phone, "pf-title") == "Cống ngõ 9 bị tắc"
    assert _typed_in(phone, "pf-description") == "Nước tràn ra đường mỗi khi mưa"
    phone.shot("23_petition_draft_back")

    phone.tap("draft-discard")  # thrown away on purpose: the form starts empty
    expect(phone.by_id("draft-banner")).to_have_count(0)
    phone.tap("back")
    phone.by_id("home-group").wait_for()
    expect(phone.by_id("home-draft")).to_have_count(0)
