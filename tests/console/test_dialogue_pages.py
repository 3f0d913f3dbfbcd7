"""A ward officer prepares the dialogue day in the console's pages, in headless Chromium,
against a real server that real phones (HTTP clients of an enrolled device) sync with."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest
from playwright.sync_api import Page, expect

from console.pages import Officer

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

SAVE = "Lưu buổi đối thoại"


def open_next_dialogue_day(officer: Officer) -> tuple[Page, str]:
    """From the list of dialogue days, open the next one; returns its page and id."""
    page = officer.open("/console/dialogue")
    expect(page.get_by_role("heading", name=re.compile("Buổi đối thoại tiếp theo"))).to_be_visible()
    page.get_by_role("button", name=re.compile("Mở buổi đối thoại ngày")).click()
    page.wait_for_url(re.compile(r"/console/dialogue/[0-9a-f-]{36}$"))
    return page, page.url.rsplit("/", 1)[-1]


NAME = "Hoàng Thị Lụa"


def download(page: Page, link: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("button", name=link).click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def test_officer_builds_the_dialogue_day_downloads_the_briefing_and_phones_pull_it(
        officer: Officer, ward: Any, a_device_of: Any, live_server: Any) -> None:
    phone = a_device_of(ward.group_a)
    sewage = phone.create_petition(title="Nước thải tràn ra đường Lê Lợi",
                                   field="culture_society", category="environment",
                                   citizen_name=NAME)
    other = a_device_of(ward.group_b)
    other.create_petition(title="Xin hỗ trợ hộ nghèo", field="culture_society",
                          category="social_policy")
    other.create_petition(title="Thiếu đèn chiếu sáng ngõ 12")

    page, sid = open_next_dialogue_day(officer)
    assert officer.serious_accessibility_findings() == []

    # the agenda is ticked from the ward's open petitions; place, chair, a commitment typed
    page.get_by_label("Nước thải tràn ra đường Lê Lợi").check()
    page.get_by_label("Xin hỗ trợ hộ nghèo").check()
    page.get_by_label("Địa điểm").fill("Hội trường UBND phường")
    page.get_by_label("Chủ trì").fill("Bí thư Đảng ủy phường")
    new = page.get_by_role("group", name="Cam kết mới")
    new.get_by_label("Nội dung cam kết").fill("Nạo vét cống đường Lê Lợi")
    new.get_by_label("Người chịu trách nhiệm").fill("Phòng Kinh tế - Hạ tầng")
    new.get_by_label("Hạn hoàn thành").fill("31/12/2026")
    expect(page.get_by_text("ví dụ 15/12/2026").first).to_be_visible()

    # a reload before saving asks first, and finds everything typed still there
    asked: list[str] = []

    def leave(dialog: Any) -> None:
        asked.append(dialog.type)
        dialog.accept()

    page.on("dialog", leave)
    page.reload()
    page.remove_listener("dialog", leave)
    assert asked == ["beforeunload"]
    expect(page.get_by_label("Địa điểm")).to_have_value("Hội trường UBND phường")
    expect(page.get_by_label("Chủ trì")).to_have_value("Bí thư Đảng ủy phường")
    expect(page.get_by_label("Nước thải tràn ra đường Lê Lợi")).to_be_checked()
    expect(page.get_by_label("Xin hỗ trợ hộ nghèo")).to_be_checked()
    expect(page.get_by_label("Thiếu đèn chiếu sáng ngõ 12")).not_to_be_checked()
    new = page.get_by_role("group", name="Cam kết mới")
    expect(new.get_by_label("Nội dung cam kết")).to_have_value("Nạo vét cống đường Lê Lợi")
    expect(new.get_by_label("Hạn hoàn thành")).to_have_value("31/12/2026")
    expect(page.get_by_text("Nội dung anh/chị đang soạn dở đã được khôi phục.")).to_be_visible()

    page.get_by_role("button", name=SAVE).first.click()
    expect(page.get_by_text("Đã lưu buổi đối thoại; các tổ sẽ nhận khi đồng bộ.")).to_be_visible()
    saved = page.get_by_role("group", name="Cam kết 1")
    expect(saved.get_by_label("Nội dung cam kết")).to_have_value("Nạo vét cống đường Lê Lợi")
    expect(saved.get_by_label("Hạn hoàn thành")).to_have_value("31/12/2026")
    expect(page.get_by_role("group", name="Cam kết mới").get_by_label("Nội dung cam kết")
           ).to_have_value("")

    # the second agenda item goes first
    page.get_by_role("button", name="Lên: Xin hỗ trợ hộ nghèo").click()
    expect(page.get_by_label("1. Xin hỗ trợ hộ nghèo")).to_be_checked()
    expect(page.get_by_label("2. Nước thải tràn ra đường Lê Lợi")).to_be_checked()
    assert officer.serious_accessibility_findings() == []
    officer.screenshot("console-dialogue")

    # the briefing, as saved
    name, pdf = download(page, "Tải tài liệu chuẩn bị (PDF)")
    assert name == "Tài liệu ngày đối thoại " + name.rsplit(" ", 1)[-1]
    assert name.endswith(".pdf")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    for words in ("Hội trường UBND phường", "Bí thư Đảng ủy phường",
                  "Nước thải tràn ra đường Lê Lợi", "Xin hỗ trợ hộ nghèo"):
        assert words in flat
    assert "Thiếu đèn chiếu sáng ngõ 12" not in flat
    assert flat.index("Xin hỗ trợ hộ nghèo") < flat.index("Nước thải tràn ra đường Lê Lợi")
    # by default no citizen's name is in the file; with names it needs a reason
    page.get_by_label("Kèm tên người kiến nghị").check()
    page.get_by_label("Lý do xuất tệp có dữ liệu cá nhân").select_option("verify")
    name, xlsx = download(page, "Tải tài liệu chuẩn bị (Excel)")
    assert name.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None}
    assert "Xin hỗ trợ hộ nghèo" in cells
    assert "Nước thải tràn ra đường Lê Lợi" in cells

    assert NAME in cells and NAME not in flat
    # only the download with names is in the audit, with its reason
    from sqlalchemy import select

    from sync_server.models.tables import audit_t

    with live_server.session() as db:
        exports = db.execute(select(audit_t.c.action, audit_t.c.entity_id, audit_t.c.detail)
                             .where(audit_t.c.action == "dialogue_session.export")).all()
    assert [(r.action, r.entity_id) for r in exports] == [("dialogue_session.export", sid)]
    assert exports[0].detail["reason"] == "verify"
    assert exports[0].detail["file"] == "briefing.xlsx"

    # the list of dialogue days links to it
    page.get_by_role("link", name="Các buổi đối thoại").click()
    expect(page.get_by_role("cell", name="Hội trường UBND phường")).to_be_visible()
    assert officer.serious_accessibility_findings() == []
    page.get_by_role("link", name=re.compile("Buổi đối thoại ngày")).click()
    page.wait_for_url(f"**/console/dialogue/{sid}")

    # every phone of the ward pulls the session
    changes = phone.pull_all()
    pulled = [c["data"] for c in changes
              if c.get("entity") == "dialogue_session" and c.get("id") == sid][-1]
    assert pulled["place"] == "Hội trường UBND phường"
    assert pulled["chair"] == "Bí thư Đảng ủy phường"
    assert pulled["petition_ids"][1] == sewage
    assert pulled["agenda"] == ["Xin hỗ trợ hộ nghèo", "Nước thải tràn ra đường Lê Lợi"]
    assert [(c["text"], c["owner"], c["due_date"], c["status"])
            for c in pulled["commitments"]] == [
        ("Nạo vét cống đường Lê Lợi", "Phòng Kinh tế - Hạ tầng", "2026-12-31", "open")]


def test_a_save_made_meanwhile_is_shown_and_nothing_typed_is_lost(
        officer: Officer, new_officer: Callable[[], Officer], ward: Any,
        a_device_of: Any) -> None:
    a_device_of(ward.group_a).create_petition(title="Nước thải tràn ra đường Lê Lợi")
    page, sid = open_next_dialogue_day(officer)

    # the first officer types, with a new commitment not yet saved
    page.get_by_label("Địa điểm").fill("Hội trường UBND phường")
    page.get_by_label("Chủ trì").fill("Chủ tịch UBND phường")
    new = page.get_by_role("group", name="Cam kết mới")
    new.get_by_label("Nội dung cam kết").fill("Lắp đèn ngõ 12 trước Tết")
    new.get_by_label("Hạn hoàn thành").fill("15/01/2027")

    # meanwhile a second officer saves the same day
    second = new_officer()
    second.sign_in(ward.staff_username, ward.staff_password, path=f"/console/dialogue/{sid}")
    other = second.page
    other.get_by_label("Chủ trì").fill("Bí thư Đảng ủy phường")
    other.get_by_role("button", name=SAVE).first.click()
    expect(other.get_by_text("Đã lưu buổi đối thoại; các tổ sẽ nhận khi đồng bộ.")).to_be_visible()

    page.get_by_role("button", name=SAVE).first.click()
    expect(page.get_by_role("heading", name="Cán bộ khác vừa lưu buổi đối thoại này")
           ).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Bí thư Đảng ủy phường")
    expect(page.get_by_label("Địa điểm")).to_have_value("Hội trường UBND phường")
    expect(page.get_by_label("Chủ trì")).to_have_value("Chủ tịch UBND phường")
    new = page.get_by_role("group", name="Cam kết mới")
    expect(new.get_by_label("Nội dung cam kết")).to_have_value("Lắp đèn ngõ 12 trước Tết")
    expect(new.get_by_label("Hạn hoàn thành")).to_have_value("15/01/2027")
    assert officer.serious_accessibility_findings() == []
    officer.screenshot("console-dialogue-conflict")

    # the typing survives a reload of the conflict page too, and saving again keeps it
    page.goto(f"/console/dialogue/{sid}")
    expect(page.get_by_label("Chủ trì")).to_have_value("Chủ tịch UBND phường")
    page.get_by_role("button", name=SAVE).first.click()
    expect(page.get_by_text("Đã lưu buổi đối thoại; các tổ sẽ nhận khi đồng bộ.")).to_be_visible()
    expect(page.get_by_label("Chủ trì")).to_have_value("Chủ tịch UBND phường")
    expect(page.get_by_role("group", name="Cam kết 1").get_by_label("Nội dung cam kết")
           ).to_have_value("Lắp đèn ngõ 12 trước Tết")


def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(
        officer: Officer, ward: Any) -> None:
    refused = officer.page.request.post("/console/dialogue", form={"x": "1"},
                                        max_redirects=0)
    assert refused.status == 403
    page = officer.open("/console/dialogue")
    expect(page.get_by_text("Phường chưa có buổi đối thoại nào.")).to_be_visible()

    page, sid = open_next_dialogue_day(officer)
    version = page.locator("input[name=base_version]").input_value()
    refused = officer.page.request.post(
        f"/console/dialogue/{sid}",
        form={"base_version": version, "place": "Nhà văn hóa TDP 5", "chair": "Ai đó"},
        max_redirects=0)
    assert refused.status == 403
    assert "Biểu mẫu đã quá hạn" in refused.text()
    page.reload()
    expect(page.get_by_label("Địa điểm")).to_have_value("")
    assert page.locator("input[name=base_version]").input_value() == version


def test_the_dialogue_day_works_without_javascript(
        browser: Any, live_server: Any, ward: Any, a_device_of: Any) -> None:
    a_device_of(ward.group_a).create_petition(title="Nước thải tràn ra đường Lê Lợi")
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url,
                                  locale="vi-VN")
    try:
        page = context.new_page()
        page.goto("/console/dialogue")
        page.get_by_label("Tên đăng nhập").fill(ward.staff_username)
        page.get_by_label("Mật khẩu").fill(ward.staff_password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_role("button", name=re.compile("Mở buổi đối thoại ngày")).click()
        page.wait_for_url(re.compile(r"/console/dialogue/[0-9a-f-]{36}$"))
        page.get_by_label("Nước thải tràn ra đường Lê Lợi").check()
        page.get_by_label("Địa điểm").fill("Nhà văn hóa TDP 5")
        page.get_by_label("Địa điểm").press("Enter")  # Enter submits the form: Save
        expect(page.get_by_text("Đã lưu buổi đối thoại; các tổ sẽ nhận khi đồng bộ.")
               ).to_be_visible()
        expect(page.get_by_label("Địa điểm")).to_have_value("Nhà văn hóa TDP 5")
        expect(page.get_by_label("1. Nước thải tràn ra đường Lê Lợi")).to_be_checked()
    finally:
        context.close()
