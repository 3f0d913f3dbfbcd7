"""The console's exports: briefing, transparency sheet and monthly report, opened and read."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pypdf

from sync_server.console.i18n import Translator
from sync_server.reports import (
    AgendaItem,
    BriefingData,
    CampaignReceipts,
    CommitmentRow,
    HouseholdLine,
    PetitionFacts,
    TransparencyData,
    briefing_pdf,
    briefing_xlsx,
    build_monthly_report,
    monthly_xlsx,
    transparency_pdf,
    transparency_xlsx,
)

VI = Translator("vi").t
EN = Translator("en").t


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def sheet_values(content: bytes, index: int = 0) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book.worksheets[index]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def flat(rows: list[list[object]]) -> list[object]:
    return [v for row in rows for v in row if v is not None]


def a_briefing() -> BriefingData:
    return BriefingData(
        ward_name="Phường Quỳnh Xuân",
        session_date=date(2026, 12, 15),
        place="Hội trường UBND phường",
        chair="Bí thư Đảng ủy phường",
        generated_at=datetime(2026, 12, 10, 3, 0, tzinfo=UTC),
        items=[
            AgendaItem(
                petition_id="p1",
                title="Đường nội khối TDP 5 xuống cấp",
                group_name="Tổ dân phố 5",
                field="economy",
                category="infrastructure",
                status="in_progress",
                description="Mặt đường bê tông nứt vỡ, ổ gà sau mưa lũ.",
                received_on=date(2026, 10, 2),
                due_date=date(2026, 11, 30),
                overdue=True,
                assigned_unit="Phòng Kinh tế - Hạ tầng",
                prepared_answer="Đưa vào kế hoạch bê tông hóa quý I/2027.",
                citizen_name="Nguyễn Văn Đông",
                citizen_phone="0912 345 678",
            ),
            AgendaItem(
                petition_id="p2",
                title="Thiếu đèn chiếu sáng ngõ 12",
                group_name="Tổ dân phố 14",
                field="economy",
                category="lighting",
                status="accepted",
                received_on=date(2026, 11, 20),
            ),
        ],
        commitments=[
            CommitmentRow(
                text="Sửa đèn ngõ 12", owner="Điện lực phường", due_date=date(2027, 1, 10)
            )
        ],
    )


def test_briefing_pdf_has_vietnamese_text_and_says_it_has_names_but_no_phones():
    text = pdf_text(briefing_pdf(a_briefing(), VI))
    assert "TÀI LIỆU CHUẨN BỊ NGÀY ĐỐI THOẠI" in text
    assert "Đường nội khối TDP 5 xuống cấp" in text
    assert "Ngày đối thoại: 15/12/2026" in text
    assert "Đưa vào kế hoạch bê tông hóa quý I/2027." in text
    assert "QUÁ HẠN" in text
    assert "Dữ liệu cá nhân trong tệp: họ tên." in text
    assert "0912 345 678" not in text
    assert "Sửa đèn ngõ 12" in text


def test_briefing_pdf_with_phones_says_so_and_shows_them():
    text = pdf_text(briefing_pdf(a_briefing(), VI, include_phones=True))
    assert "0912 345 678" in text
    assert "họ tên, số điện thoại" in text


def test_briefing_xlsx_lists_items_in_order_with_prepared_answers():
    rows = sheet_values(briefing_xlsx(a_briefing(), VI))
    values = flat(rows)
    assert rows[0][0] == "ỦY BAN NHÂN DÂN"  # the state layout
    assert "TÀI LIỆU CHUẨN BỊ NGÀY ĐỐI THOẠI" in values
    assert "Dữ liệu cá nhân trong tệp: họ tên." in values
    header_at = next(i for i, r in enumerate(rows) if r[0] == "STT")
    header = rows[header_at]
    assert "Số điện thoại" not in header
    first, second = rows[header_at + 1], rows[header_at + 2]
    assert first[0] == 1 and first[4] == "Đường nội khối TDP 5 xuống cấp"
    assert first[header.index("Trả lời đã chuẩn bị")] == "Đưa vào kế hoạch bê tông hóa quý I/2027."
    assert first[header.index("Quá hạn")] == "Có"
    assert first[header.index("Hạn giải quyết")] == datetime(2026, 11, 30)  # a date cell
    assert second[4] == "Thiếu đèn chiếu sáng ngõ 12"
    assert "0912 345 678" not in values


def test_briefing_in_english():
    text = pdf_text(briefing_pdf(a_briefing(), EN))
    assert "DIALOGUE DAY BRIEFING" in text
    assert "Personal data in this file: names." in text


def a_campaign() -> TransparencyData:
    return TransparencyData(
        ward_name="Phường Quỳnh Xuân",
        group_name="Tổ dân phố 14",
        campaign_title="Bê tông hóa đường nội khối TDP 14",
        kinds=["money_vnd", "land_m2"],
        target={"money_vnd": Decimal(300_000_000), "land_m2": Decimal(500)},
        suggested_per_household=3_000_000,
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 1, 31),
        households=[
            HouseholdLine(
                head_name="Trần Thị Hương",
                address="Số 3 ngõ 12",
                phone="0987 000 111",
                pledged={"money_vnd": Decimal(3_000_000)},
                received={"money_vnd": Decimal(3_500_000), "land_m2": Decimal("120.5")},
            ),
            HouseholdLine(
                head_name="Lê Văn Đức",
                address="Số 5 ngõ 12",
                pledged={"money_vnd": Decimal(5_000_000)},
                received={"money_vnd": Decimal(2_000_000)},
            ),
        ],
    )


def test_transparency_pdf_shows_totals_and_each_household():
    text = pdf_text(transparency_pdf(a_campaign(), VI))
    assert "Bê tông hóa đường nội khối TDP 14" in text
    assert "5.500.000 ₫" in text  # received in total
    assert "300.000.000 ₫" in text  # target
    assert "3.500.000 ₫" in text
    assert "Trần Thị Hương" in text and "Lê Văn Đức" in text
    assert "120,5" in text
    assert "0987 000 111" not in text
    assert "Dữ liệu cá nhân trong tệp: họ tên, địa chỉ." in text


def test_transparency_xlsx_cells_are_numbers_and_phones_only_on_request():
    without = sheet_values(transparency_xlsx(a_campaign(), VI))
    assert "0987 000 111" not in flat(without)
    rows = sheet_values(transparency_xlsx(a_campaign(), VI, include_phones=True))
    header_at = next(i for i, r in enumerate(rows) if r[0] == "STT")
    header = rows[header_at]
    hương = rows[header_at + 1]
    assert hương[1] == "Trần Thị Hương"
    assert hương[header.index("Số điện thoại")] == "0987 000 111"
    assert hương[header.index("Tiền · Đã nộp")] == 3_500_000
    assert hương[header.index("Hiến đất (m²) · Đã nộp")] == 120.5
    assert "Dữ liệu cá nhân trong tệp: họ tên, số điện thoại, địa chỉ." in flat(rows)


def test_monthly_report_counts_answers_medians_and_overdue():
    facts = [
        PetitionFacts(
            "Tổ 1", "economy", "land", "answered", date(2026, 11, 2), answered_on=date(2026, 11, 12)
        ),
        PetitionFacts(
            "Tổ 1",
            "economy",
            "lighting",
            "reported_back",
            date(2026, 11, 5),
            answered_on=date(2026, 11, 9),
            reported_back_on=date(2026, 11, 10),
        ),
        PetitionFacts(
            "Tổ 2",
            "culture_society",
            "environment",
            "in_progress",
            date(2026, 10, 20),
            due_date=date(2026, 11, 15),
        ),
        PetitionFacts(
            "Tổ 2",
            "culture_society",
            "environment",
            "accepted",
            date(2026, 11, 25),
            due_date=date(2026, 12, 20),
        ),
    ]
    report = build_monthly_report(
        year=2026,
        month=11,
        ward_name="Phường Quỳnh Xuân",
        petitions=facts,
        contributions=[CampaignReceipts("Đèn ngõ", "Tổ 1", {"money_vnd": Decimal(7_000_000)})],
        today=date(2026, 12, 3),
    )
    assert report.ward.received == 3
    assert report.ward.answered == 2
    assert report.ward.overdue == 1
    assert report.ward.median_days_to_answer == 7.0
    assert report.ward.reported_back_share == 0.5
    assert report.groups["Tổ 2"].by_field == {"culture_society": 1}
    assert report.groups["Tổ 1"].by_category == {"land": 1, "lighting": 1}

    book = openpyxl.load_workbook(io.BytesIO(monthly_xlsx(report, VI)))
    assert [s.title for s in book.worksheets] == [
        "Tổng hợp",
        "Theo lĩnh vực",
        "Theo nhóm vấn đề",
        "Đóng góp",
        "Mô hình",
        "Các tổ báo cáo",
    ]
    summary = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    ward_row = next(r for r in summary if r[0] == "Toàn phường")
    # numbers: the median in days, the share, then answered on time, taken up, in time
    assert ward_row[1:] == [3, 2, 1, 7, 0.5, 0, 0, 0]
    contributions = flat([list(r) for r in book.worksheets[3].iter_rows(values_only=True)])
    assert 7_000_000 in contributions
