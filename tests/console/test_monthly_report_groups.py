"""The ward's monthly report shows what the groups said in their own monthly reports (mood,
hot issues, proposals, by group) and how the models stand (by status; registered and
recognized in the month)."""

from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from playwright.sync_api import expect

from console.pages import Officer
from field_app.wire.formats import today_vn
from field_app.wire.periods import month_of

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def test_the_monthly_page_shows_a_groups_narrative_and_the_models(
        officer: Officer, ward: Any, live_server: Any, a_device_of: Any) -> None:
    month = month_of(today_vn())
    phone = a_device_of(ward.group_a)
    assert phone.send("model.create", {
        "id": str(uuid.uuid4()), "name": "Tuyến đường hoa, cây xanh", "field": "culture_society",
        "year": int(month[:4]), "goals": "Trồng 300 m hoa"})["status"] == "applied"
    assert phone.send("group_report.submit", {
        "id": str(uuid.uuid4()), "month": month, "figures": {"petitions_received": 2},
        "mood": "Bà con phấn khởi với tuyến đường hoa", "opinions": "",
        "hot_issues": "Ngập ở ngõ 5 mỗi khi mưa to", "proposals": "Nạo vét cống ngõ 5",
    })["status"] == "applied"

    page = officer.open(f"/console/reports/monthly/{month}")
    card = page.locator(f"article[data-group='{ward.group_a.name}']")
    expect(card.locator("[data-said=mood]")).to_have_text("Bà con phấn khởi với tuyến đường hoa")
    expect(card.locator("[data-said=hot_issues]")).to_have_text("Ngập ở ngõ 5 mỗi khi mưa to")
    expect(card.locator("[data-said=proposals]")).to_have_text("Nạo vét cống ngõ 5")
    expect(card.locator("[data-said=opinions]")).to_have_count(0)  # nothing said: no line
    expect(page.locator(f"article[data-group='{ward.group_b.name}']")).to_have_count(0)
    expect(page.locator("#models-by-status [data-status=registered]")).to_have_text("1")
    expect(page.locator("#models-month")).to_contain_text("1 mô hình mới đăng ký")
    expect(page.locator("#models-month")).to_contain_text("0 mô hình được công nhận")
    expect(page.locator("#model-moves tbody tr")).to_have_text(
        ["Tuyến đường hoa, cây xanhTổ dân phố 1Đã đăng kýĐăng ký mô hình"])
    expect(page.locator("#said-count")).to_have_text(
        "1/2 tổ đã gửi báo cáo tháng, 0 tổ nộp muộn.")
    assert officer.serious_accessibility_findings() == []
    officer.screenshot("monthly-report-groups")

    # the Word file the office edits and signs says the same
    with page.expect_download() as got:
        page.get_by_role("link", name="Tải báo cáo để sửa (Word)").click()
    document = docx.Document(got.value.path())
    paragraphs = [p.text for p in document.paragraphs]
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert "Tình hình tư tưởng của nhân dân: Bà con phấn khởi với tuyến đường hoa" in paragraphs
    assert "Kiến nghị, đề xuất: Nạo vét cống ngõ 5" in paragraphs
    assert ["Tuyến đường hoa, cây xanh", "Tổ dân phố 1", "Đã đăng ký", "Đăng ký mô hình"] in rows
    with page.expect_download() as got:
        page.get_by_role("link", name="Tải Excel", exact=True).click()
    book = openpyxl.load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))
    said = [list(r) for r in book["Các tổ báo cáo"].iter_rows(values_only=True)]
    assert ["Tổ dân phố 1", "Đúng hạn", "Bà con phấn khởi với tuyến đường hoa", None,
            "Ngập ở ngõ 5 mỗi khi mưa to", "Nạo vét cống ngõ 5"] in said

    earlier = officer.open("/console/reports/monthly/2025-01")  # a month nobody reported
    expect(earlier.locator("#said-none")).to_contain_text("Chưa tổ nào gửi báo cáo tháng này.")
