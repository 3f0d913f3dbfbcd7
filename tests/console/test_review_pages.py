"""The six-month review of the models: counted against the seeded ward whose answer is
known (19/23/10/7), a commendation recorded, the DOCX read back with python-docx, the XLSX
with typed cells, the page clean for axe; the DOCX made a PDF where LibreOffice is."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from console.pages import Officer
from console.test_model_pages import SEED_001, seed_models
from sync_server.reports.review import review_docx
from sync_server.services import reviews

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


def test_the_review_counts_and_its_docx_and_xlsx(officer: Officer, ward: Any,
                                                 live_server: Any, tmp_path: Path) -> None:
    # seed_models registers odd-numbered ones for 2026, even ones for 2025: double the seed
    seed_models(live_server, ward, {k: 2 * v for k, v in SEED_001.items()})
    with live_server.session() as db:
        year = reviews.review(db, ward.id, reviews.period("2026"))  # type: ignore[arg-type]
    assert year.by_field == SEED_001 and year.total == 59

    page = officer.open("/console/reports/review/2026")
    expect(page.locator("#review-total")).to_have_text("Tổng số mô hình: 59")
    expect(page.locator("[data-count='Kinh tế']")).to_have_text("19")
    expect(page.locator("[data-count='Xây dựng hệ thống chính trị']")).to_have_text("07")
    page.get_by_label("Đối tượng").select_option(label="Tập thể")
    page.get_by_label("Tên tập thể hoặc cá nhân").fill("Tổ dân phố 1")
    page.get_by_label("Hình thức khen thưởng").fill("Giấy khen của UBND phường")
    page.get_by_label("Số quyết định").fill("125/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("15/12/2026")
    page.get_by_role("button", name="Ghi khen thưởng").click()
    page.wait_for_url("**/review/2026?done=commendation")
    expect(page.locator("#commendations")).to_contain_text("Tổ dân phố 1")
    assert officer.serious_accessibility_findings() == []

    with page.expect_download() as got:
        page.get_by_role("link", name="Tải bản Word (DOCX)").click()
    docx_path = tmp_path / "review.docx"
    got.value.save_as(docx_path)
    doc = Document(str(docx_path))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "TỔNG KẾT NĂM 2026" in text
    assert ("59 mô hình / 04 lĩnh vực: kinh tế 19, văn hóa - xã hội 23, "
            "quốc phòng - an ninh 10, xây dựng hệ thống chính trị 07.") in text
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in c for c in cells)
    assert any(c.startswith("Nơi nhận:") for c in cells)
    assert "Giấy khen của UBND phường" in cells and "125/QĐ-UBND 15/12/2026" in cells

    with page.expect_download() as got:
        page.get_by_role("link", name="Tải bảng tính (XLSX)").click()
    sheet = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes())).active
    assert sheet is not None
    rows = {(r[0], r[1]): r[2] for r in sheet.iter_rows(values_only=True) if len(r) > 2}
    assert rows[("Lĩnh vực", "Kinh tế")] == 19  # a number, not text
    assert rows[("Lĩnh vực", "Văn hóa - xã hội")] == 23


SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


def office_pdf(source: Path) -> Path:
    """The DOCX made PDF by LibreOffice, as an office would print it; its first page drawn
    as tests/screenshots/<name>.png for a person to look at (where pdftoppm is)."""
    subprocess.run([str(shutil.which("soffice")), "--headless", "--convert-to", "pdf",
                    "--outdir", str(source.parent), str(source)], check=True, timeout=120,
                   capture_output=True)
    pdf = source.with_suffix(".pdf")
    if shutil.which("pdftoppm"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(shutil.which("pdftoppm")), "-png", "-r", "70", "-f", "1", "-l",
                        "1", "-singlefile", str(pdf), str(SCREENSHOTS / source.stem)],
                       check=True, timeout=60)
    return pdf


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_review_docx_becomes_a_pdf_with_libreoffice(ward: Any, live_server: Any,
                                                         tmp_path: Path) -> None:
    seed_models(live_server, ward, SEED_001)
    with live_server.session() as db:
        r = reviews.review(db, ward.id, reviews.period("2026-h2"))  # type: ignore[arg-type]
    from datetime import date
    source = tmp_path / "review-docx-libreoffice.docx"
    source.write_bytes(review_docx(r, ward_name="Phường Thử Nghiệm", today=date(2026, 12, 20)))
    reader = PdfReader(office_pdf(source))
    page = reader.pages[0]
    assert round(float(page.mediabox.width) / 72 * 2.54) == 21  # A4, not Letter
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    # Decree 30/2020: issuing body and number, Quốc hiệu and tiêu ngữ, place and date,
    # the kind and title, the body, recipients, the signature block
    for part in ("UBND PHƯỜNG THỬ NGHIỆM", "BAN CHỈ ĐẠO PHONG TRÀO", "Số: /BC-BCĐ",
                 "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Thử Nghiệm, ngày 20 tháng 12 năm 2026", "BÁO CÁO",
                 "SƠ KẾT 6 THÁNG CUỐI NĂM 2026",
                 "Năm 2026, toàn phường có 28 mô hình / 04 lĩnh vực",
                 "Nơi nhận:", "- Lưu: VT.", "TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN",
                 "(Ký, ghi rõ họ tên)"):
        assert part in text, part
    assert text.index("CỘNG HÒA") < text.index("BÁO CÁO") < text.index("Nơi nhận:")
