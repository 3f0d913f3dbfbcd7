"""Every export carries the office layout (glossary.md): read back from PDF, DOCX, XLSX."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import docx
import openpyxl
import pypdf
import pytest

from field_app.wire.layout import group_heading, place_date_line
from sync_server.console.i18n import Translator
from sync_server.reports import (
    AgendaItem,
    BriefingData,
    HouseholdLine,
    TransparencyData,
    briefing_pdf,
    briefing_xlsx,
    monthly_pdf,
    monthly_xlsx,
    transparency_pdf,
    transparency_xlsx,
)
from sync_server.reports.monthly import monthly_docx
from tests.reports.test_monthly_pdf import a_report

VI = Translator("vi").t
EN = Translator("en").t
AT = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)  # 5 December in Vietnam
DATE_LINE = "Quỳnh Xuân, ngày 05 tháng 12 năm 2026"
SIGN = "(Ký, ghi rõ họ tên)"


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return "\n".join(lines)


def xlsx_text(content: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row
                     if c.value is not None)


def a_briefing() -> BriefingData:
    return BriefingData(
        ward_name="Phường Quỳnh Xuân", session_date=date(2026, 12, 15), generated_at=AT,
        items=[AgendaItem(petition_id="p1", title="Đèn ngõ 7 hỏng", group_name="Tổ dân phố 5",
                          field="economy", category="lighting", status="accepted")])


def a_sheet() -> TransparencyData:
    return TransparencyData(
        ward_name="Phường Quỳnh Xuân", group_name="Tổ dân phố 5",
        campaign_title="Bê tông hóa đường nội khối", kinds=["money_vnd"], generated_at=AT,
        target={"money_vnd": Decimal(300_000_000)},
        households=[HouseholdLine(head_name="Trần Thị Hương", address="Số 3 ngõ 12",
                                  pledged={"money_vnd": Decimal(3_000_000)},
                                  received={"money_vnd": Decimal(3_500_000)})])


def test_the_place_and_date_line_and_the_group_heading() -> None:
    assert place_date_line("Phường Quỳnh Xuân", date(2026, 12, 5)) == DATE_LINE
    # days under 10 and months under 3 take a leading zero (Decree 30/2020)
    assert place_date_line("Phường Quỳnh Xuân", date(2027, 2, 1)).endswith(
        "ngày 01 tháng 02 năm 2027")
    assert place_date_line("Phường Quỳnh Xuân", date(2027, 3, 9)).endswith(
        "ngày 09 tháng 3 năm 2027")
    assert group_heading("Tổ dân phố 5", "Phường Quỳnh Xuân") == \
        "TỔ DÂN PHỐ SỐ 5 - PHƯỜNG QUỲNH XUÂN"


def party_lines_in(text: str) -> None:
    for line in ("ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG ỦY PHƯỜNG QUỲNH XUÂN", "KHỐI DÂN VẬN",
                 DATE_LINE, "BÁO CÁO CÔNG TÁC DÂN VẬN THÁNG 11/2026", "Nơi nhận:",
                 "T/M KHỐI DÂN VẬN", "TRƯỞNG KHỐI", SIGN):
        assert line in text, line
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text  # not the state's layout


def test_the_monthly_report_has_the_party_layout_in_pdf_docx_and_xlsx() -> None:
    report = a_report()
    party_lines_in(pdf_text(monthly_pdf(report, VI, generated_at=AT)))
    party_lines_in(docx_text(monthly_docx(report, VI, generated_at=AT)))
    party_lines_in(xlsx_text(monthly_xlsx(report, VI, generated_at=AT)))


def test_the_monthly_docx_carries_the_figures_as_tables_to_edit() -> None:
    document = docx.Document(io.BytesIO(monthly_docx(a_report(), VI, generated_at=AT)))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Toàn phường" in cells and "Tổ dân phố 10" in cells and "7.000.000 ₫" in cells
    assert document.sections[0].page_width is not None
    assert round(document.sections[0].page_width.cm) == 21  # A4


@pytest.mark.parametrize("build", [briefing_pdf, briefing_xlsx])
def test_the_briefing_has_the_state_layout(build) -> None:
    content = build(a_briefing(), VI)
    text = pdf_text(content) if content.startswith(b"%PDF") else xlsx_text(content)
    for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "ỦY BAN NHÂN DÂN", "PHƯỜNG QUỲNH XUÂN", "Số:", DATE_LINE,
                 "TÀI LIỆU CHUẨN BỊ NGÀY ĐỐI THOẠI", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN",
                 "CHỦ TỊCH", SIGN):
        assert line in text, line
    assert "Lập ngày" not in text


@pytest.mark.parametrize("build", [transparency_pdf, transparency_xlsx])
def test_the_public_sheet_has_the_groups_heading_and_three_signatures(build) -> None:
    content = build(a_sheet(), VI)
    text = pdf_text(content) if content.startswith(b"%PDF") else xlsx_text(content)
    for line in ("TỔ DÂN PHỐ SỐ 5 - PHƯỜNG QUỲNH XUÂN", DATE_LINE,
                 "BẢNG CÔNG KHAI CÁC KHOẢN ĐÓNG GÓP", "TỔ TRƯỞNG",
                 "TRƯỞNG BAN CÔNG TÁC MẶT TRẬN", "NGƯỜI LẬP BẢNG",
                 "Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng"):
        assert line in text, line
    assert text.count(SIGN) == 3


def test_an_english_export_keeps_the_layout_in_english() -> None:
    text = pdf_text(briefing_pdf(a_briefing(), EN))
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text and "Quỳnh Xuân, 05/12/2026" in text
    assert "(Signature and full name)" in text
