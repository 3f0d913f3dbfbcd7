"""A campaign's public sheet from its QR code, as a resident reads it at 360 px: the officer
records an expense in the console and reads the sheet's address there; the sheet shows the
totals, the expense and the balance, names the household that agreed and only the code of
the one that did not, and never a phone or an address (HTML, JSON, PDF and XLSX alike)."""

from __future__ import annotations

import io
import uuid
from typing import Any

import httpx
import openpyxl
import pypdf
import pytest
from playwright.sync_api import Browser, expect

from console.pages import AXE, SCREENSHOTS, Officer
from field_app.wire.household_code import household_code

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]
PHONE = {"width": 360, "height": 740}
PERSONAL = ["0912345678", "0987654321", "Số 12 ngõ 5 Lê Lợi", "Số 7 ngõ 9 Trần Phú"]


def _seed(phone: Any, *, named: bool) -> tuple[str, str, str]:
    campaign, agreed, private = (str(uuid.uuid4()) for _ in range(3))
    phone.send("household.upsert", {"id": agreed, "head_name": "Lê Văn Nam",
                                    "address": PERSONAL[2], "phone": PERSONAL[0],
                                    "publish_name": named})
    phone.send("household.upsert", {"id": private, "head_name": "Đỗ Thị Lan",
                                    "address": PERSONAL[3], "phone": PERSONAL[1]})
    assert phone.send("campaign.create", {
        "id": campaign, "title": "Bê tông hóa đường nội khối TDP 5",
        "target": {"money_vnd": "90000000"}})["status"] == "applied"
    for home, kind, amount in ((agreed, "pledge", "3000000"), (agreed, "receipt", "2000000"),
                               (private, "receipt", "5000000")):
        assert phone.send("contribution.record", {
            "id": str(uuid.uuid4()), "campaign_id": campaign, "household_id": home,
            "entry_type": kind, "kind": "money_vnd", "quantity": amount,
            "recorded_on": "2026-11-20"})["status"] == "applied"
    spent = str(uuid.uuid4())
    phone.send("expense.record", {"id": spent, "campaign_id": campaign,
                                  "spent_on": "2026-11-21", "amount_vnd": 9_000_000,
                                  "purpose": "Ghi nhầm"})
    phone.send("expense.reverse", {"id": str(uuid.uuid4()), "reverses_id": spent,
                                   "spent_on": "2026-11-21", "note": "Ghi nhầm số tiền"})
    return campaign, agreed, private


def _no_personal(text: str) -> None:
    for value in PERSONAL:
        assert value not in text, value


def test_a_resident_reads_the_sheet_at_360px_named_only_with_consent(
        browser: Browser, live_server: Any, ward: Any, a_device_of: Any,
        officer: Officer) -> None:
    campaign, _agreed, private = _seed(a_device_of(ward.group_a), named=True)
    page = officer.open(f"/console/campaigns/{campaign}")
    page.get_by_label("Ngày chi (ví dụ 15/12/2026)").fill("22/11/2026")
    page.get_by_label("Số tiền (ví dụ 3.500.000 hoặc 3tr5)").fill("1tr5")
    page.get_by_label("Nội dung chi").fill("Mua xi măng PCB40")
    page.get_by_label("Số chứng từ (không bắt buộc)").fill("HĐ-0012")
    page.get_by_role("button", name="Ghi khoản chi").click()
    expect(page.get_by_text("Đã ghi khoản chi.")).to_be_visible()
    expect(page.get_by_role("cell", name="1.500.000 ₫")).to_be_visible()
    assert officer.serious_accessibility_findings() == []
    url = page.locator("a[data-public-sheet]").get_attribute("href")
    assert url is not None and "/cong-khai/" in url
    public_id = url.rsplit("/", 1)[-1]
    officer.screenshot("console_campaign_expenses")

    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_server.url,
                                  is_mobile=True)
    resident = context.new_page()
    weights: list[int] = []
    resident.on("response", lambda r: weights.append(len(r.body())) if r.ok else None)
    try:
        resident.goto(url)
        expect(resident.get_by_role("heading", name="Bê tông hóa đường nội khối TDP 5")
               ).to_be_visible()
        expect(resident.get_by_text("Dự kiến huy động").first).to_be_visible()
        expect(resident.get_by_text("Mua xi măng PCB40")).to_be_visible()
        expect(resident.get_by_text("Ghi nhầm", exact=True)).to_have_count(0)  # reversed
        # paid 7.000.000, spent 1.500.000
        expect(resident.locator("#balance")).to_contain_text("5.500.000 ₫")
        expect(resident.get_by_role("rowheader", name="Lê Văn Nam")).to_be_visible()
        expect(resident.get_by_role("rowheader", name=household_code(private))).to_be_visible()
        html = resident.content()
        assert "Đỗ Thị Lan" not in html
        _no_personal(html)
        assert sum(weights[-1:]) < 40_000  # one request, its style inline
        assert resident.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        resident.add_script_tag(path=str(AXE))
        found = resident.evaluate("async () => (await axe.run(document)).violations"
                                  ".filter(v => ['serious', 'critical'].includes(v.impact))"
                                  ".map(v => v.id)")
        assert found == []
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        resident.screenshot(path=str(SCREENSHOTS / "public_sheet_360.png"), full_page=True)
    finally:
        context.close()

    with httpx.Client(base_url=live_server.url) as client:
        body = client.get(f"/api/v1/public/campaigns/{public_id}")
        assert body.status_code == 200
        data = body.json()
        assert data["balance_vnd"] == 5_500_000 and data["spent_vnd"] == 1_500_000
        labels = {h["label"]: h["named"] for h in data["households"]}
        assert labels == {"Lê Văn Nam": True, household_code(private): False}
        _no_personal(body.text)
        assert "Đỗ Thị Lan" not in body.text

        pdf = client.get(f"/cong-khai/{public_id}.pdf")
        assert pdf.headers["content-type"] == "application/pdf"
        text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
        assert "Lê Văn Nam" in text and household_code(private) in text
        assert "Mua xi măng PCB40" in text and "5.500.000" in text
        _no_personal(text)
        assert "Đỗ Thị Lan" not in text

        xlsx = client.get(f"/cong-khai/{public_id}.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
        cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row
                 if c is not None]
        assert "Lê Văn Nam" in cells and household_code(private) in cells
        assert "Mua xi măng PCB40" in cells and "5500000" in cells
        _no_personal(" ".join(cells))
        assert "Đỗ Thị Lan" not in cells

        unknown = [client.get(path) for path in (
            "/cong-khai/khong-co-ma-nay", f"/cong-khai/{campaign}", "/cong-khai/x.pdf")]
        assert {r.status_code for r in unknown} == {404}
        assert len({r.text for r in unknown}) == 1
        missing = client.get("/api/v1/public/campaigns/khong-co-ma-nay")
        assert missing.status_code == 404

        printed = officer.page.request.get(f"/console/campaigns/{campaign}/transparency.pdf")
        notice = "".join(p.extract_text() for p in
                         pypdf.PdfReader(io.BytesIO(printed.body())).pages)
        assert url in notice.replace("\n", "")  # under the QR code


def test_without_consent_every_household_shows_only_its_code(
        browser: Browser, live_server: Any, ward: Any, a_device_of: Any,
        officer: Officer) -> None:
    campaign, agreed, private = _seed(a_device_of(ward.group_a), named=False)
    page = officer.open(f"/console/campaigns/{campaign}")
    url = page.locator("a[data-public-sheet]").get_attribute("href")
    assert url is not None
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True)
    resident = context.new_page()
    try:
        resident.goto(url)
        expect(resident.get_by_role("rowheader", name=household_code(agreed))).to_be_visible()
        expect(resident.get_by_role("rowheader", name=household_code(private))).to_be_visible()
        html = resident.content()
        assert "Lê Văn Nam" not in html and "Đỗ Thị Lan" not in html
        _no_personal(html)
        expect(resident.get_by_text("Chưa có khoản chi nào.")).to_be_visible()
    finally:
        context.close()
