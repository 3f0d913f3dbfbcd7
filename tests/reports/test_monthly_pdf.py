"""The monthly report as a PDF, with the SVG charts drawn in it as vectors."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pypdf

from sync_server.console.i18n import Translator
from sync_server.reports import CampaignReceipts, PetitionFacts, build_monthly_report, monthly_pdf
from sync_server.reports.charts import bar_chart
from sync_server.reports.pdf import ReportPDF

VI = Translator("vi").t


def _text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def a_report():
    facts = [
        PetitionFacts(
            "Tổ dân phố 10",
            "economy",
            "land",
            "answered",
            date(2026, 11, 2),
            answered_on=date(2026, 11, 9),
            reported_back_on=date(2026, 11, 10),
        ),
        PetitionFacts(
            "Tổ dân phố 2", "culture_society", "environment", "received", date(2026, 11, 5)
        ),
    ]
    return build_monthly_report(
        year=2026,
        month=11,
        ward_name="Phường Quỳnh Xuân",
        petitions=facts,
        contributions=[
            CampaignReceipts("Đèn ngõ", "Tổ dân phố 2", {"money_vnd": Decimal(7_000_000)})
        ],
        today=date(2026, 12, 3),
    )


def test_monthly_pdf_renders_figures_and_charts_with_vietnamese_text() -> None:
    content = monthly_pdf(a_report(), VI, generated_at=datetime(2026, 12, 3, 2, tzinfo=UTC))
    assert content.startswith(b"%PDF")
    text = _text(content)
    assert "BÁO CÁO CÔNG TÁC DÂN VẬN THÁNG 11/2026" in text
    assert "ĐẢNG ỦY PHƯỜNG QUỲNH XUÂN" in text  # the party layout (test_office_layouts.py)
    assert "Toàn phường" in text and "Tổ dân phố 10" in text
    assert "7.000.000 ₫" in text
    assert "100,0%" in text  # the share reported back, in Vietnamese digits
    # the charts' own text (labels, legend) is in the PDF, in DejaVu: the Vietnamese reads
    assert "Theo lĩnh vực" in text and "Theo tổ" in text
    assert VI("field.culture_society") in text
    assert text.count("Đã trả lời") >= 2  # a column of the table and the chart's legend


def test_monthly_pdf_of_an_empty_month() -> None:
    report = build_monthly_report(
        year=2026, month=11, ward_name="Phường", petitions=[], today=date(2026, 12, 1)
    )
    assert "Theo tổ" in _text(monthly_pdf(report, VI))


def test_a_chart_alone_in_a_pdf() -> None:
    pdf = ReportPDF(title="t")
    pdf.svg(bar_chart([("Đường <ngõ> & hẻm", 3), ("Ánh sáng", 0)], title="Thử"))
    text = _text(pdf.to_bytes())
    assert "Đường <ngõ> & hẻm" in text
