"""The group leader's own phone (issue #23), at phone size: the leader's name typed at
enrollment is the author on the petition's timeline, and the ward's answer arrives while
the app is open, without a tap: a badge on Home until the leader opens the petition."""

from __future__ import annotations

from playwright.sync_api import expect
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
