"""A "Dân vận khéo" model from the phone to the ward and back (issue #27), in real browsers
against a real server: the group leader registers the group's model on the phone (at phone
size), adds a figure of evidence and proposes it; the phone sends it over the socket; a
ward officer finds it in the console, sees the figure and recognizes it; the phone's next
pull brings the recognition (level, decision number, date) onto the model's screen."""

from __future__ import annotations

from console.pages import Officer
from playwright.sync_api import expect
from test_field_app_round_trip import FIELD_APP_MARKS, enroll_phone

pytestmark = FIELD_APP_MARKS  # see test_field_app_round_trip

NAME = "Tuyến đường hoa, cây xanh ngõ 7"


def test_a_model_registered_on_the_phone_is_recognized_in_the_console(
        ward_server_with_console, field_app_process, open_tab, browser):
    server = ward_server_with_console
    field_app_process.extra_env["FIELD_APP_PULL_SECONDS"] = "2"  # the phone's minute, shorter
    phone = open_tab(field_app_process.start())
    enroll_phone(phone, server)

    phone.tab("Thêm")
    phone.tap("more-models")
    phone.says("models-empty", "Tổ chưa đăng ký mô hình nào.")
    phone.press("Đăng ký mô hình")
    phone.tap("model-save")  # nothing typed: each missing answer is named at its box
    phone.see("Hãy ghi tên mô hình.")  # (the field's line is drawn too, see the picture;
    phone.shot("50a_model_form_errors")  # Flutter's dropdown gives it no semantics text)
    phone.fill("model-name", NAME)
    phone.choose("model-field", "Văn hóa - xã hội")
    phone.fill("model-goals", "Trồng 300 m hoa, mỗi hộ chăm một đoạn")
    phone.fill("model-followers", "Đ/c Lê Thị Mai, Đ/c Trần Văn Bình")
    phone.shot("50_model_form")
    phone.tap("model-save")
    phone.says("model-status", "Đã đăng ký")
    phone.says("model-followers", "Đ/c Lê Thị Mai, Đ/c Trần Văn Bình")

    phone.says("models-no-figures", "Chưa có kết quả nào.")
    phone.tap("model-add-figure")  # a screen of its own: a pull does not wipe what is typed
    phone.fill("model-metric-label", "Hộ tham gia")
    phone.fill("model-metric-quantity", "khoảng 120")
    phone.tap("model-figure-save")
    phone.see("Hãy ghi một số, ví dụ 45.000.000.")  # the form stays, with what was typed
    phone.fill("model-metric-quantity", "126")
    phone.fill("model-metric-unit", "hộ")
    phone.tap("model-figure-save")
    phone.scroll(-3000)
    phone.says("model-metric-0", "Hộ tham gia: 126 hộ")
    phone.tap("model-propose")
    phone.scroll(-3000)
    phone.says("model-status", "Đề nghị công nhận")
    phone.settle()  # sent: the ward has it
    phone.says("model-chips", "Đã gửi")
    phone.shot("51_model_proposed")

    ward = server.seed_ward()
    officer = Officer(browser, server.url)
    try:
        officer.sign_in(ward.staff_username, ward.staff_password, path="/console/models")
        page = officer.open("/console/models?q=cay xanh ngo 7&status=proposed")  # no accents
        page.get_by_role("link", name=NAME).click()
        expect(page.get_by_role("heading", name=NAME, level=1)).to_be_visible()
        expect(page.locator("#model-status")).to_have_text("Đề nghị công nhận")
        expect(page.locator("#metrics tbody tr")).to_have_text(["Hộ tham gia126 hộ"])
        expect(page.get_by_text("Đ/c Lê Thị Mai, Đ/c Trần Văn Bình")).to_be_visible()
        decide = page.get_by_role("region", name="Công nhận mô hình")
        decide.get_by_label("Cấp công nhận").select_option(label="Cấp phường")
        decide.get_by_label("Số quyết định").fill("125/QĐ-UBND")
        decide.get_by_label("Ngày quyết định").fill("15/12/2026")
        decide.get_by_role("button", name="Công nhận", exact=True).click()
        page.wait_for_url("**?done=recognize")
        expect(page.locator("#model-status")).to_have_text("Đã công nhận")
        officer.screenshot("console-model-from-phone")
    finally:
        officer.close()

    # nobody taps on the phone: its pull brings the ward's decision to the open screen
    phone.scroll(-3000)
    phone.says("model-status", "Đã công nhận", timeout=60_000)
    phone.says("model-recognition", "Cấp phường · Quyết định số 125/QĐ-UBND ngày 15/12/2026")
    phone.reveal(phone.by_id("model-timeline-0"))
    phone.says("model-timeline-0", "Công nhận")
    phone.says("model-timeline-1", "Đề nghị công nhận")  # sent with the figure, after it
    expect(phone.by_id("model-propose")).to_have_count(0)  # nothing left to propose
    phone.shot("52_model_recognized")
    phone.tap("back")
    phone.says("model-row-0", "Đã công nhận")
