"""The ward's monthly report in the console: figures, groups in numeric order, SVG charts,
typed XLSX and a PDF, from petitions real phones sent."""

from __future__ import annotations

import io
from typing import Any

import docx
import openpyxl
import pypdf
import pytest
from playwright.sync_api import expect

from console.pages import Officer
from field_app.wire.formats import today_vn

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def test_the_month_in_figures_charts_and_downloads(
        officer: Officer, ward: Any, a_device_of: Any) -> None:
    phone_a, phone_b = a_device_of(ward.group_a), a_device_of(ward.group_b)
    phone_a.create_petition(title="Đường ngập khi mưa", category="infrastructure")
    phone_a.create_petition(title="Thiếu đèn ngõ 4")
    phone_b.create_petition(title="Tiếng ồn karaoke", field="defense_security",
                            category="security_order")
    month = f"{today_vn():%Y-%m}"
    page = officer.open("/console/reports")
    page.wait_for_url(f"**/console/reports/monthly/{month}")
    summary = page.locator("table").first
    expect(summary.locator("tbody tr").nth(0)).to_contain_text("Toàn phường")
    expect(summary.locator("tbody tr").nth(0).locator("td").first).to_have_text("3")
    groups = summary.locator("tbody th").all_inner_texts()
    assert groups[1:] == ["Tổ dân phố 1", "Tổ dân phố 2"]
    assert page.locator("figure.chart svg[role=img]").count() >= 2
    expect(page.locator("figure.chart").first).to_contain_text("Kinh tế")
    assert officer.serious_accessibility_findings() == []
    officer.screenshot("console-report-monthly")

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Tải Excel").click()
    with open(xlsx_download.value.path(), "rb") as f:
        book = openpyxl.load_workbook(io.BytesIO(f.read()))
    numbers = [c.value for row in book.active.iter_rows() for c in row
               if isinstance(c.value, int)]
    assert 3 in numbers  # received in the ward, as a number
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Tải báo cáo để in (PDF)").click()
    with open(pdf_download.value.path(), "rb") as f:
        text = "".join(" ".join(p.extract_text() for p in pypdf.PdfReader(
            io.BytesIO(f.read())).pages).split())
    assert "Tổdânphố1" in text
    assert "ĐẢNGCỘNGSẢNVIỆTNAM" in text and "KHỐIDÂNVẬN" in text  # the party layout
    # the report the office edits before signing: the same layout, as a Word document
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Tải báo cáo để sửa (Word)").click()
    assert docx_download.value.suggested_filename.endswith(f"{month[5:]}-{month[:4]}.docx")
    document = docx.Document(docx_download.value.path())
    words = [p.text for p in document.paragraphs] + [
        p.text for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    for line in ("ĐẢNG CỘNG SẢN VIỆT NAM", "KHỐI DÂN VẬN", "T/M KHỐI DÂN VẬN",
                 "(Ký, ghi rõ họ tên)", "Tổ dân phố 1"):
        assert line in words, line
