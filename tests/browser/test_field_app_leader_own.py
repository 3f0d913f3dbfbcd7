"""The group leader's own phone (issue #23), at phone size: the leader's name typed at
enrollment is the author on the petition's timeline, and the ward's answer arrives while
the app is open, without a tap: a badge on Home until the leader opens the petition."""

from __future__ import annotations

from playwright.sync_api import expect
from test_field_app_leader_phone import _typed_in
from test_field_app_round_trip import FIELD_APP_MARKS, LEADER, enroll_phone, staff_answers

pytestmark = FIELD_APP_MARKS  # see test_field_app_round_trip

TITLE = "Đèn đường hỏng ở ngõ 9"
ANSWER = "Đã thay bóng đèn, tổ báo lại cho bà con."


def test_the_leaders_name_and_an_answer_that_arrives_on_its_own(ward_server,
                                                                field_app_process, open_tab):
    field_app_process.extra_env["FIELD_APP_PULL_SECONDS"] = "2"  # the phone's minute, shorter
    phone = open_tab(field_app_process.start())
    enroll_phone(phone, ward_server)  # types the name; the enrolled screen shows it back

    phone.tap("home-new-petition")
    phone.fill("pf-title", TITLE)
    phone.choose("pf-field", "Kinh tế")
    phone.choose("pf-category", "Điện chiếu sáng")
    phone.tap("pf-save")
    phone.says("petition-chips", "Chờ gửi")
    phone.says("timeline-0", LEADER)  # the author is the leader, not "device"
    phone.shot("30_timeline_leader_name")
    phone.tap("back")
    phone.by_id("home-group").wait_for()
    phone.settle()
    expect(phone.by_id("home-new-answers")).to_have_count(0)

    staff_answers(ward_server, TITLE, ANSWER)  # the ward answers; nobody taps on the phone
    phone.says("home-new-answers", "1 câu trả lời mới của phường")
    phone.says("home-answer-0", TITLE)
    phone.shot("31_home_new_answer")

    phone.tap("home-answer-0")
    expect(phone.by_id("petition-answer")).to_have_text(ANSWER)
    phone.tap("back")
    phone.by_id("home-group").wait_for()
    expect(phone.by_id("home-new-answers")).to_have_count(0)  # seen: the badge is gone


def _top_of(phone, identifier: str) -> float:
    box = phone.by_id(identifier).bounding_box()
    assert box is not None, identifier
    return float(box["y"])


def test_a_background_refresh_keeps_the_screen_where_it_was(ward_server, field_app_process,
                                                            open_tab):
    field_app_process.extra_env["FIELD_APP_PULL_SECONDS"] = "2"
    phone = open_tab(field_app_process.start())
    enroll_phone(phone, ward_server)
    phone.tap("home-new-petition")
    phone.fill("pf-title", "Đèn đường ngõ 4 chập chờn cả tuần nay, tối không dám đi")
    phone.fill("pf-description", "Cột đèn đầu ngõ 4 lúc sáng lúc tắt. " * 14)
    phone.choose("pf-field", "Kinh tế")
    phone.choose("pf-category", "Điện chiếu sáng")
    phone.fill("pf-citizen-name", "Nguyễn Văn An")
    phone.fill("pf-place", "Ngõ 4, đường Lê Lợi")
    phone.tap("pf-save")
    phone.says("petition-chips", "Chờ gửi")
    phone.settle()
    phone.scroll(-3000)
    at_top = _top_of(phone, "timeline-0")
    phone.scroll(3000)  # the leader reads the bottom of the petition
    scrolled = _top_of(phone, "timeline-0")
    assert scrolled < at_top - 200, (at_top, scrolled)

    headers = {"Authorization": f"Bearer {ward_server.staff_token()}"}
    import httpx

    listing = httpx.get(f"{ward_server.url}/api/v1/petitions", params={"q": "den duong ngo 4"},
                        headers=headers, timeout=30).json()
    petition = listing["items"][0]
    moved = httpx.post(f"{ward_server.url}/api/v1/petitions/{petition['id']}/transition",
                       json={"action": "accept", "assigned_unit": "Ban quản lý đô thị"},
                       headers=headers, timeout=30)
    assert moved.status_code == 200, moved.text
    # the pull brings the ward's step and its unit (one more line above the timeline); the
    # screen is rebuilt in place: still scrolled down, not back at its top
    phone.says("timeline-0", "Phường tiếp nhận")
    phone.shot("32_refreshed_in_place")
    after = _top_of(phone, "timeline-0")
    assert after < at_top - 150, (at_top, scrolled, after)


def test_a_half_typed_household_is_back_after_the_app_is_killed(ward_server, field_app_process,
                                                                open_tab):
    phone = open_tab(field_app_process.start())
    enroll_phone(phone, ward_server)
    phone.tab("Thêm")
    phone.tap("more-households")
    phone.press("Thêm hộ")
    phone.fill("hh-head-name", "Lê Thị Hoa")
    phone.fill("hh-address", "Số 8, ngõ 3")
    phone.page.wait_for_timeout(1000)  # the draft is written within a second of typing
    field_app_process.kill()

    phone = open_tab(field_app_process.start())  # the same phone, reopened
    phone.says("home-draft-household", "Lê Thị Hoa")
    phone.shot("33_home_household_draft")
    phone.tap("home-draft-household")
    phone.by_id("draft-banner").wait_for()
    assert _typed_in(phone, "hh-head-name") == "Lê Thị Hoa"
    assert _typed_in(phone, "hh-address") == "Số 8, ngõ 3"
    phone.shot("34_household_draft_back")
    phone.tap("hh-save")  # saved: the draft has done its work
    phone.tab("Thêm")
    phone.tap("more-households")
    phone.says("household-row-0", "Lê Thị Hoa")
    phone.tab("Trang chủ")
    phone.by_id("home-group").wait_for()
    expect(phone.by_id("home-draft-household")).to_have_count(0)
