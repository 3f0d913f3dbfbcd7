"""The ward's monthly report, in each export (DOCX to edit and sign, XLSX, PDF), carries
what the groups' own monthly reports said (mood, opinions, hot issues, proposals; which
came late), the ward's summary, and the models' progress (the year's count by status, and
which model moved in the month and how): read back with python-docx, openpyxl and pypdf."""

from __future__ import annotations

import io
import shutil
from datetime import UTC, datetime
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest
from console.test_review_pages import office_pdf

from sync_server.console.i18n import Translator
from sync_server.reports.data import GroupSaid, ModelMove, ModelProgress
from sync_server.reports.monthly import monthly_docx, monthly_pdf, monthly_xlsx
from tests.reports.test_monthly_pdf import a_report

VI = Translator("vi").t
EN = Translator("en").t
AT = datetime(2026, 12, 4, 20, 0, tzinfo=UTC)


def a_month_with_its_story():  # type: ignore[no-untyped-def]
    report = a_report()  # November 2026, Phường Quỳnh Xuân
    report.said = [
        GroupSaid(group_name="Tổ dân phố 1", mood="Bà con phấn khởi với tuyến đường hoa",
                  hot_issues="Ngập ở ngõ 5 mỗi khi mưa to", proposals="Nạo vét cống ngõ 5"),
        GroupSaid(group_name="Tổ dân phố 3", opinions="Người dân hỏi về giá điện tháng 11",
                  late=True),
    ]
    report.ward_summary = "Tình hình nhân dân ổn định, tin tưởng vào chính quyền."
    report.groups_total = 4
    report.models = ModelProgress(
        total=5, by_status={"registered": 2, "proposed": 1, "recognized": 2}, registered=1,
        recognized=1, moves=[
            ModelMove(name="Ngõ sáng, ngõ sạch", unit="Tổ dân phố 1", status="recognized",
                      events=[("evidence", "Cột đèn: 24 cột đèn"), ("recognized", "125/QĐ-UBND")]),
            ModelMove(name="Tuyến đường hoa", unit="Tổ dân phố 3", status="registered",
                      events=[("created", "")]),
        ])
    return report


def test_the_docx_tells_what_each_group_said_and_how_the_models_moved() -> None:
    document = docx.Document(io.BytesIO(monthly_docx(a_month_with_its_story(), VI,
                                                     generated_at=AT)))
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]

    assert "Mô hình \"Dân vận khéo\"" in headings
    assert ("5 mô hình đăng ký năm 2026; trong tháng: 1 mô hình mới đăng ký, "
            "1 mô hình được công nhận.") in paragraphs
    assert ["Đã công nhận", "2"] in rows and ["Đề nghị công nhận", "1"] in rows
    assert "Mô hình có chuyển biến trong tháng" in paragraphs
    assert ["Ngõ sáng, ngõ sạch", "Tổ dân phố 1", "Đã công nhận",
            "Thêm kết quả (Cột đèn: 24 cột đèn); Công nhận (125/QĐ-UBND)"] in rows
    assert ["Tuyến đường hoa", "Tổ dân phố 3", "Đã đăng ký", "Đăng ký mô hình"] in rows

    # the groups' narratives, after the models and before the office's own remarks
    said = headings.index("Tình hình các tổ báo cáo")
    assert headings[said + 1:said + 3] == ["Tổ dân phố 1", "Tổ dân phố 3 (Nộp muộn)"]
    assert headings.index("Nhận xét, đề xuất") > said + 2
    assert "2/4 tổ đã gửi báo cáo tháng, 1 tổ nộp muộn." in paragraphs
    assert ("Nhận định chung: Tình hình nhân dân ổn định, tin tưởng vào chính quyền."
            in paragraphs)
    group_1 = paragraphs[paragraphs.index("Tổ dân phố 1") + 1:paragraphs.index(
        "Tổ dân phố 3 (Nộp muộn)")]
    assert group_1 == [
        "Tình hình tư tưởng của nhân dân: Bà con phấn khởi với tuyến đường hoa",
        "Vấn đề nổi cộm: Ngập ở ngõ 5 mỗi khi mưa to",
        "Kiến nghị, đề xuất: Nạo vét cống ngõ 5",
    ]  # nothing said under "Dư luận": no line for it
    assert "Dư luận của nhân dân: Người dân hỏi về giá điện tháng 11" in paragraphs


def test_the_xlsx_has_a_sheet_of_the_groups_reports_and_one_of_the_models() -> None:
    book = openpyxl.load_workbook(io.BytesIO(monthly_xlsx(a_month_with_its_story(), VI,
                                                          generated_at=AT)))
    assert "Các tổ báo cáo" in book.sheetnames and "Mô hình" in book.sheetnames
    said = [list(r) for r in book["Các tổ báo cáo"].iter_rows(values_only=True)]
    assert ["Tổ", "Tình trạng báo cáo", "Tình hình tư tưởng của nhân dân",
            "Dư luận của nhân dân", "Vấn đề nổi cộm", "Kiến nghị, đề xuất"] in said
    assert ["Tổ dân phố 1", "Đúng hạn", "Bà con phấn khởi với tuyến đường hoa", None,
            "Ngập ở ngõ 5 mỗi khi mưa to", "Nạo vét cống ngõ 5"] in said
    assert ["Tổ dân phố 3", "Nộp muộn", None, "Người dân hỏi về giá điện tháng 11", None,
            None] in said
    cells = [c for r in said for c in r if c is not None]
    assert "2/4 tổ đã gửi báo cáo tháng, 1 tổ nộp muộn." in cells
    models = [list(r) for r in book["Mô hình"].iter_rows(values_only=True)]
    assert ["Đã công nhận", 2] in [r[:2] for r in models]  # a count is a number
    assert ["Ngõ sáng, ngõ sạch", "Tổ dân phố 1", "Đã công nhận",
            "Thêm kết quả (Cột đèn: 24 cột đèn); Công nhận (125/QĐ-UBND)"] in [
        r[:4] for r in models]


def test_the_pdf_prints_the_same_story_and_english_reads_in_english() -> None:
    reader = pypdf.PdfReader(io.BytesIO(monthly_pdf(a_month_with_its_story(), VI,
                                                    generated_at=AT)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for line in ("Tình hình các tổ báo cáo", "2/4 tổ đã gửi báo cáo tháng, 1 tổ nộp muộn.",
                 "Tổ dân phố 3 (Nộp muộn)",
                 "Vấn đề nổi cộm: Ngập ở ngõ 5 mỗi khi mưa to",
                 "Mô hình có chuyển biến trong tháng", "Ngõ sáng, ngõ sạch"):
        assert line in text, line
    english = docx.Document(io.BytesIO(monthly_docx(a_month_with_its_story(), EN,
                                                    generated_at=AT)))
    paragraphs = [p.text for p in english.paragraphs]
    assert "2/4 groups sent their monthly report, 1 of them late." in paragraphs


def test_a_month_nobody_reported_says_so() -> None:
    document = docx.Document(io.BytesIO(monthly_docx(a_report(), VI, generated_at=AT)))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Chưa tổ nào gửi báo cáo tháng này." in paragraphs
    assert ("0 mô hình đăng ký năm 2026; trong tháng: 0 mô hình mới đăng ký, "
            "0 mô hình được công nhận.") in paragraphs


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_monthly_docx_prints_through_libreoffice_in_the_party_layout(tmp_path: Path) -> None:
    source = tmp_path / "monthly-docx-libreoffice.docx"
    source.write_bytes(monthly_docx(a_month_with_its_story(), VI, generated_at=AT))
    reader = pypdf.PdfReader(office_pdf(source))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for part in ("ĐẢNG ỦY PHƯỜNG QUỲNH XUÂN", "KHỐI DÂN VẬN", "ĐẢNG CỘNG SẢN VIỆT NAM",
                 "Quỳnh Xuân, ngày 05 tháng 12 năm 2026",
                 "BÁO CÁO CÔNG TÁC DÂN VẬN THÁNG 11/2026", "Tình hình các tổ báo cáo",
                 "Vấn đề nổi cộm: Ngập ở ngõ 5 mỗi khi mưa to", "Nơi nhận:",
                 "T/M KHỐI DÂN VẬN", "TRƯỞNG KHỐI"):
        assert part in text, part
