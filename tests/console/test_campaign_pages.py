"""A ward officer reads a group's contribution campaign in the console's pages and downloads
its public sheet, in headless Chromium, against a real server a real phone pushed it to."""

from __future__ import annotations

import io
import uuid
from typing import Any

import httpx
import openpyxl
import pypdf
import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from console.pages import Officer
from sync_server.models.tables import audit_t

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]
TITLE = "Bê tông hóa đường nội khối TDP 1"


def a_campaign_with_entries(phone: Any) -> str:
    """Two households: one pledged 3.500.000 ₫ and paid it; one pledged land, paid nothing."""
    campaign, paid_home, land_home = (str(uuid.uuid4()) for _ in range(3))
    for home, name, address, number in (
            (paid_home, "Trần Thị Hương", "Số 3 ngõ 12", "0912345678"),
            (land_home, "Đỗ Văn Lâm", "Số 7 ngõ 12", None)):
        result = phone.send("household.upsert", {"id": home, "head_name": name,
                                                 "address": address, "phone": number})
        assert result["status"] == "applied", result
    created = phone.send("campaign.create", {
        "id": campaign, "title": TITLE, "purpose": "Làm lại 300 m đường bê tông ngõ 12",
        "unit_kinds": ["money_vnd", "land_m2"],
        "target": {"money_vnd": "300000000", "land_m2": "40"},
        "suggested_per_household": 3000000,
        "starts_on": "2026-11-01", "ends_on": "2026-12-31"})
    assert created["status"] == "applied", created
    for home, entry_type, kind, quantity in (
            (paid_home, "pledge", "money_vnd", "3500000"),
            (paid_home, "receipt", "money_vnd", "3500000"),
            (land_home, "pledge", "land_m2", "12.5")):
        result = phone.send("contribution.record", {
            "id": str(uuid.uuid4()), "campaign_id": campaign, "household_id": home,
            "entry_type": entry_type, "kind": kind, "quantity": quantity,
            "recorded_on": "2026-11-20"})
        assert result["status"] == "applied", result
    return campaign


def download(page: Page, button: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    path = info.value.path()
    with open(path, "rb") as f:
        return info.value.suggested_filename, f.read()


def test_officer_reads_a_campaign_and_downloads_its_public_sheet(
        officer: Officer, ward: Any, a_device_of: Any, live_server: Any) -> None:
    campaign = a_campaign_with_entries(a_device_of(ward.group_a))
    page = officer.open("/console/campaigns")

    # the list: the campaign with its totals per kind, against the expected total
    totals = page.get_by_role("table", name=f"Tổng hợp: {TITLE}")
    money = totals.get_by_role("row", name="Tiền")
    expect(money).to_contain_text("300.000.000 ₫")
    expect(money.get_by_role("cell")).to_have_text(
        ["300.000.000 ₫", "3.500.000 ₫", "3.500.000 ₫", "3.000.000 ₫", "1%"])
    expect(totals.get_by_role("row", name="Hiến đất (m²)").get_by_role("cell")).to_have_text(
        ["40", "12,5", "0", "12,5", "0%"])
    assert officer.serious_accessibility_findings() == []
    officer.screenshot("console-campaigns")

    # the campaign at its own address, with every household's balance
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/console/campaigns/{campaign}")
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text("Làm lại 300 m đường bê tông ngõ 12")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("01/11/2026 – 31/12/2026")
    expect(page.locator("dl.facts")).to_contain_text("3.000.000 ₫")
    huong = page.get_by_role("row", name="Trần Thị Hương")
    expect(huong.get_by_role("cell")).to_have_text(
        ["1", "Số 3 ngõ 12", "3.500.000 ₫", "3.500.000 ₫", "0 ₫", "0", "0", "0"])
    lam = page.get_by_role("row", name="Đỗ Văn Lâm")
    # no money pledged: still due is the suggested amount per household
    expect(lam.get_by_role("cell")).to_have_text(
        ["2", "Số 7 ngõ 12", "0 ₫", "0 ₫", "3.000.000 ₫", "12,5", "0", "12,5"])
    amount = huong.get_by_role("cell").nth(2)
    assert amount.evaluate("el => getComputedStyle(el).textAlign") == "right"
    # phone numbers are not on the page
    expect(page.get_by_text("0912345678")).to_have_count(0)
    assert officer.serious_accessibility_findings() == []
    officer.screenshot("console-campaign")

    # the public sheet, without phone numbers, under a Vietnamese file name
    name, pdf = download(page, "Tải bảng công khai (PDF)")
    assert name == f"Bảng công khai các khoản đóng góp - {TITLE}.pdf"
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert TITLE in text
    assert "3.500.000" in text and "Trần Thị Hương" in text
    assert "0912345678" not in text

    # with phone numbers but no reason: no file, the console asks why
    page.get_by_label("Kèm số điện thoại").check()
    page.get_by_role("button", name="Tải bảng công khai (PDF)").click()
    expect(page.get_by_text("hãy chọn lý do rồi tải lại")).to_be_visible()
    page.go_back()

    # with phone numbers and a reason, as Excel: the file has them, the audit says so and why
    page.get_by_label("Kèm số điện thoại").check()
    page.get_by_label("Lý do xuất tệp có dữ liệu cá nhân").select_option("report")
    name, xlsx = download(page, "Tải bảng công khai (Excel)")
    assert name.endswith(".xlsx") and TITLE in name
    cells = [v for row in openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets[0]
             .iter_rows(values_only=True) for v in row if v is not None]
    assert "Trần Thị Hương" in cells and "0912345678" in cells and 3500000 in cells
    with live_server.session() as db:
        rows = db.execute(select(audit_t).where(audit_t.c.entity_id == campaign)
                          .order_by(audit_t.c.at)).all()
    assert [r.action for r in rows] == ["campaign.export", "campaign.export"]
    assert "phones" not in rows[0].detail["personal_data"]
    assert rows[1].detail["personal_data"] == ["names", "addresses", "phones"]
    assert rows[1].detail["file"] == "transparency.xlsx"
    assert rows[1].detail["reason"] == "report" and "reason" not in rows[0].detail


def test_a_campaign_of_another_ward_or_none_is_not_found_and_needs_sign_in(
        officer: Officer, live_server: Any, ward: Any) -> None:
    page = officer.open(f"/console/campaigns/{uuid.uuid4()}")
    expect(page.get_by_role("alert")).to_contain_text("Không tìm thấy")
    missing = httpx.get(f"{live_server.url}/console/campaigns/{uuid.uuid4()}/transparency.pdf",
                        follow_redirects=False)
    assert missing.status_code == 303
    assert missing.headers["location"].startswith("/console/login")
