"""A ward officer's month in the staff console, in headless Chromium against the real server.

The phone side is a real enrolled device talking HTTP to the same live server; the
officer only uses the browser.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import openpyxl
import pypdf
import pytest
from console.browser import ConsoleTab, chromium
from playwright.sync_api import Browser, expect

# Typing into the Flutter web page races it: text typed before Flutter takes the keys, or a
# click in the frame right after the typing, can miss the app. `ConsoleTab.fill` waits for
# both; typing at once, two runs of this file in three lost a value. About one run in
# fourteen still failed after that (cause not found), so a failed run is retried up to twice.
# Every assertion still has to hold in the run that passes.
pytestmark = [pytest.mark.browser, pytest.mark.flaky(reruns=2), pytest.mark.timeout(120)]


@pytest.fixture
def live_server(live_server_factory: Callable[..., Any]) -> Any:
    """The live server with the staff console mounted at /console."""
    return live_server_factory(mount_console=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


@pytest.fixture
def open_console(
    browser: Browser, live_server: Any, ward: Any
) -> Iterator[Callable[[], ConsoleTab]]:
    """`open_console()`: a new tab on the console with the ward's officer signed in."""
    tabs: list[ConsoleTab] = []

    def open_tab() -> ConsoleTab:
        tab = ConsoleTab(browser, live_server.url)
        if not tabs:
            tab.screenshot("console_login")
        tab.sign_in(ward.staff_username, ward.staff_password)
        tabs.append(tab)
        return tab

    yield open_tab
    for tab in tabs:
        tab.close()


def download(tab: ConsoleTab, button_id: str) -> bytes:
    with tab.page.expect_download() as info:
        tab.click(button_id)
    path = info.value.path()
    with open(path, "rb") as f:
        return f.read()


def test_officer_triages_answers_and_the_phone_pulls_the_answer(open_console, ward, a_device_of):
    phone = a_device_of(ward.group_a)
    pid = phone.create_petition(title="Đường nội khối TDP 5 xuống cấp", category="infrastructure")
    phone.create_petition(title="Thiếu đèn chiếu sáng ngõ 12")
    phone.pull_all()

    # the inbox finds it without diacritics
    officer = open_console()
    officer.see("Mới nhận: 2")
    officer.fill("inbox-search", "duong noi khoi")
    officer.field("inbox-search").press("Enter")
    expect(officer.by_id(f"petition-row-{pid}")).to_be_visible()
    expect(officer.page.get_by_text("Thiếu đèn chiếu sáng ngõ 12")).to_have_count(0)
    officer.screenshot("console_inbox")

    # accept with a unit, an officer and a due date
    officer.click(f"petition-row-{pid}")
    officer.by_id("action-accept").wait_for()
    officer.fill("field-unit", "Phòng Kinh tế - Hạ tầng")
    officer.fill("field-officer", "Ông Trần Văn Bình")
    officer.fill("field-due", "20/12/2026")
    officer.click("action-accept")
    officer.by_id("action-answer").wait_for()
    officer.see("Đã tiếp nhận")
    officer.see("20/12/2026")

    # answer it
    officer.fill("field-answer", "Phường đưa tuyến đường vào kế hoạch bê tông hóa quý I/2027.")
    officer.click("action-answer")
    officer.by_id("action-close").wait_for()
    officer.see("Đã trả lời")
    officer.screenshot("console_petition")

    # the group's phone pulls the answer
    phone.pull_all()
    pulled = phone.latest("petition", pid)
    assert pulled is not None
    assert pulled["status"] == "answered"
    assert pulled["answer"] == "Phường đưa tuyến đường vào kế hoạch bê tông hóa quý I/2027."
    assert pulled["assigned_unit"] == "Phòng Kinh tế - Hạ tầng"
    assert pulled["due_date"] == "2026-12-20"
    assert [e["kind"] for e in pulled["timeline"]][-2:] == ["accepted", "answered"]


def test_officer_builds_the_dialogue_day_and_downloads_the_briefing(
    open_console, ward, a_device_of
):
    phone = a_device_of(ward.group_a)
    phone.create_petition(
        title="Nước thải tràn ra đường Lê Lợi", field="culture_society", category="environment"
    )
    other = a_device_of(ward.group_b)
    other.create_petition(
        title="Xin hỗ trợ hộ nghèo",
        field="culture_society",
        category="social_policy",
        citizen_phone="0987654321",
    )
    officer = open_console()

    officer.click("nav-dialogue")
    officer.by_id("candidate-add-0").wait_for()
    officer.click("candidate-add-0")
    officer.by_id("candidate-add-1").click()
    # both items are on the agenda (the titles alone are already visible as candidates)
    officer.by_id("agenda-up-2").wait_for()
    officer.see("Nước thải tràn ra đường Lê Lợi")
    officer.fill("dialogue-place", "Hội trường UBND phường")
    officer.fill("dialogue-chair", "Bí thư Đảng ủy phường")
    officer.fill("commitment-text", "Nạo vét cống đường Lê Lợi")
    officer.fill("commitment-owner", "Phòng Kinh tế")
    officer.fill("commitment-due", "31/12/2026")
    officer.click("commitment-add")
    officer.see("Nạo vét cống đường Lê Lợi")
    officer.click("dialogue-save")
    officer.see("Đã lưu buổi đối thoại")
    officer.screenshot("console_dialogue")

    pdf = download(officer, "briefing-pdf")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "TÀI LIỆU CHUẨN BỊ NGÀY ĐỐI THOẠI" in text
    assert "Nước thải tràn ra đường Lê Lợi" in text
    assert "Xin hỗ trợ hộ nghèo" in text
    assert "Hội trường UBND phường" in text
    assert "Dữ liệu cá nhân trong tệp: họ tên." in text
    assert "0987654321" not in text

    xlsx = download(officer, "briefing-xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(rows) if r[0] == "STT")
    titles = [r[4] for r in rows[header_at + 1 :] if isinstance(r[0], int)]
    assert titles == ["Nước thải tràn ra đường Lê Lợi", "Xin hỗ trợ hộ nghèo"]

    # the session and its commitment reach the phones of every group
    changes = other.pull_all()
    sessions = [c["data"] for c in changes if c["entity"] == "dialogue_session"]
    assert len(sessions) == 1
    assert sessions[0]["kind"] == "ward_dialogue_day"
    assert sessions[0]["place"] == "Hội trường UBND phường"
    assert [c["text"] for c in sessions[0]["commitments"]] == ["Nạo vét cống đường Lê Lợi"]
    assert len(sessions[0]["petition_ids"]) == 2


def test_officer_issues_a_code_and_revokes_a_lost_phone(
    open_console, ward, a_device_of, live_server
):
    phone = a_device_of(ward.group_a, "Máy bị mất")
    assert phone.pull().status_code == 200
    officer = open_console()

    officer.click("nav-devices")
    officer.by_id(f"issue-code-{ward.group_b.name}").click()
    expect(officer.by_id("enrollment-code")).to_contain_text(
        f"Mã kích hoạt cho {ward.group_b.name}"
    )
    code_text = officer.by_id("enrollment-code").inner_text()
    code = code_text.split(": ", 1)[1].split(" ", 1)[0]
    officer.screenshot("console_devices")

    response = httpx.post(
        live_server.url + "/api/v1/devices/enroll",
        json={"code": code, "device_name": "Máy mới tổ 2", "app_version": "0.1.0"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["group"]["id"] == ward.group_b.id

    officer.click("revoke-Máy bị mất")
    officer.click("confirm-revoke")
    officer.see("Đã thu hồi máy Máy bị mất")
    refused = phone.pull()
    assert refused.status_code == 401
    assert refused.json()["code"] == "auth.token_revoked"


def test_contributions_and_monthly_report_screens(open_console, ward, a_device_of):
    phone = a_device_of(ward.group_a)
    household = str(uuid.uuid4())
    campaign = str(uuid.uuid4())
    assert (
        phone.send(
            "household.upsert",
            {"id": household, "head_name": "Trần Thị Hương", "address": "Số 3 ngõ 12"},
        )["status"]
        == "applied"
    )
    assert (
        phone.send(
            "campaign.create",
            {
                "id": campaign,
                "title": "Bê tông hóa đường nội khối TDP 1",
                "unit_kinds": ["money_vnd"],
                "target": {"money_vnd": "300000000"},
                "suggested_per_household": 3000000,
            },
        )["status"]
        == "applied"
    )
    assert (
        phone.send(
            "contribution.record",
            {
                "id": str(uuid.uuid4()),
                "campaign_id": campaign,
                "household_id": household,
                "entry_type": "receipt",
                "kind": "money_vnd",
                "quantity": "3500000",
                "recorded_on": "2026-11-20",
            },
        )["status"]
        == "applied"
    )
    phone.create_petition(title="Đường nội khối TDP 5 xuống cấp")
    officer = open_console()

    officer.click("nav-contributions")
    officer.see("Bê tông hóa đường nội khối TDP 1")
    officer.see("3.500.000 ₫")
    officer.click("campaign-households-0")
    officer.see("Trần Thị Hương")
    officer.screenshot("console_contributions")
    pdf = download(officer, "transparency-pdf-0")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Trần Thị Hương" in text and "3.500.000 ₫" in text

    officer.click("nav-reports")
    officer.by_id("report-xlsx").wait_for()
    officer.screenshot("console_reports")
    book = openpyxl.load_workbook(io.BytesIO(download(officer, "report-xlsx")))
    assert book.sheetnames[0] == "Tổng hợp"
