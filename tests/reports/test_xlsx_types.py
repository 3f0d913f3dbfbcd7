"""The XLSX exports keep their cells typed: numbers, dates and shares, each with its format."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.worksheet.worksheet import Worksheet

from sync_server.console.i18n import Translator
from sync_server.reports import (
    CampaignReceipts,
    PetitionFacts,
    briefing_xlsx,
    build_monthly_report,
    monthly_xlsx,
    transparency_xlsx,
)
from sync_server.reports.xlsx import (
    Cell,
    Days,
    Money,
    Percent,
    new_workbook,
    workbook_bytes,
    write_table,
)
from tests.console.test_report_exports import a_briefing, a_campaign

VI = Translator("vi").t


def _book(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def _table(sheet: Worksheet, first_header: str) -> tuple[list[str], list[list[SheetCell]]]:
    """The header (texts) and the cells of the rows under it, up to the first empty row."""
    rows = list(sheet.iter_rows())
    at = next(i for i, r in enumerate(rows) if r[0].value == first_header)
    header = [c.value for c in rows[at] if c.value is not None]
    body = []
    for r in rows[at + 1 :]:
        if all(c.value is None for c in r):
            break
        body.append(list(r))
    return header, body


def test_write_table_types_each_kind_of_value() -> None:
    book = new_workbook()
    sheet = book.active
    write_table(
        sheet,
        1,
        ["text", "int", "decimal", "float", "date", "datetime", "share", "days", "money", "none"],
        [
            [
                "Tổ 5",
                1200,
                Decimal("120.5"),
                2.25,
                date(2026, 12, 15),
                datetime(2026, 12, 14, 18, 30, tzinfo=UTC),  # 01:30 on the 15th in Vietnam
                Percent(0.5),
                Days(7.5),
                Money(Decimal(3_500_000)),
                None,
            ],
            [None, None, None, None, None, None, Percent(None), Days(None), Money(None), ""],
        ],
    )
    sheet = _book(workbook_bytes(book)).active
    row = [sheet.cell(row=2, column=c) for c in range(1, 11)]
    text, integer, dec, flt, day, moment, share, days, money, none = row
    assert (text.data_type, text.value) == ("s", "Tổ 5")
    assert (integer.data_type, integer.value, integer.number_format) == ("n", 1200, "#,##0")
    assert (dec.data_type, dec.value, dec.number_format) == ("n", 120.5, "#,##0.0##")
    assert (flt.value, flt.number_format) == (2.25, "#,##0.0##")
    assert day.is_date and day.value == datetime(2026, 12, 15)
    assert day.number_format == "dd/mm/yyyy"
    assert moment.is_date and moment.value == datetime(2026, 12, 15, 1, 30)
    assert (share.data_type, share.value, share.number_format) == ("n", 0.5, "0.0%")
    assert (days.data_type, days.value, days.number_format) == ("n", 7.5, "0.0")
    assert (money.data_type, money.value) == ("n", 3_500_000)
    assert money.number_format.startswith("#,##0")
    assert none.value is None
    # missing values leave the cell empty, in whatever column
    assert all(sheet.cell(row=3, column=c).value is None for c in range(1, 10))


def test_write_table_column_formats_override() -> None:
    book = new_workbook()
    write_table(book.active, 1, ["a", "b"], [[1, "x"], [2, "y"]], column_formats={0: "0"})
    sheet = _book(workbook_bytes(book)).active
    assert sheet.cell(row=2, column=1).number_format == "0"
    assert sheet.cell(row=2, column=2).data_type == "s"


def test_a_cell_with_a_format_of_its_own() -> None:
    book = new_workbook()
    write_table(book.active, 1, ["a"], [[Cell(Decimal("0.25"), "0.00")]])
    cell = _book(workbook_bytes(book)).active.cell(row=2, column=1)
    assert (cell.value, cell.number_format) == (0.25, "0.00")


def test_monthly_summary_has_numbers_shares_and_medians() -> None:
    facts = [
        PetitionFacts("Tổ 1", "economy", "land", "answered", date(2026, 11, 2), date(2026, 11, 12)),
        PetitionFacts("Tổ 1", "economy", "land", "answered", date(2026, 11, 3), date(2026, 11, 8)),
        PetitionFacts("Tổ 2", "economy", "land", "accepted", date(2026, 11, 20)),
    ]
    report = build_monthly_report(
        year=2026,
        month=11,
        ward_name="Phường Quỳnh Xuân",
        petitions=facts,
        contributions=[
            CampaignReceipts(
                "Đèn ngõ",
                "Tổ 1",
                {"money_vnd": Decimal(7_000_000), "land_m2": Decimal("12.5")},
                target={"money_vnd": Decimal(20_000_000)},
            )
        ],
        today=date(2026, 12, 3),
    )
    book = _book(monthly_xlsx(report, VI))
    header, body = _table(book.worksheets[0], "Phạm vi")
    ward, group1, group2 = body
    assert [c.value for c in group1[:6]] == ["Tổ 1", 2, 2, 0, 7.5, 0]
    assert [c.value for c in ward[:6]] == ["Toàn phường", 3, 2, 0, 7.5, 0]
    assert [c.number_format for c in ward[1:4]] == ["#,##0"] * 3
    median, share = ward[header.index("Số ngày trả lời (trung vị)")], ward[5]
    assert (median.data_type, median.number_format) == ("n", "0.0")
    assert (share.data_type, share.number_format) == ("n", "0.0%")
    # a group with nothing answered has no median and no share: empty cells, not "—"
    assert group2[0].value == "Tổ 2"
    assert group2[4].value is None and group2[5].value is None
    _, by_field = _table(book.worksheets[1], "Phạm vi")
    assert by_field[0][1].value == 3 and by_field[0][1].number_format == "#,##0"
    _, contributions = _table(book.worksheets[3], "Cuộc vận động")
    amounts = {r[2].value: (r[3].value, r[3].number_format, r[4].value) for r in contributions}
    money = amounts["Tiền"]
    assert money[0] == 7_000_000 and money[1].startswith("#,##0") and money[2] == 20_000_000
    land = next(v for k, v in amounts.items() if k != "Tiền")
    assert land[0] == 12.5 and land[2] is None


def test_transparency_totals_and_households_are_typed() -> None:
    book = _book(transparency_xlsx(a_campaign(), VI))
    sheet = book.active
    rows = list(sheet.iter_rows())
    money_row = next(r for r in rows if r[0].value == "Tiền")
    target, pledged, received, progress = money_row[1:5]
    assert (target.value, pledged.value, received.value) == (300_000_000, 8_000_000, 5_500_000)
    assert all(c.data_type == "n" and c.number_format.startswith("#,##0") for c in money_row[1:4])
    assert progress.number_format == "0.0%"
    assert abs(progress.value - 5_500_000 / 300_000_000) < 1e-9
    header, body = _table(sheet, "STT")
    first = body[0]
    assert (first[0].value, first[0].data_type) == (1, "n")
    received_money = first[header.index("Tiền · Đã nộp")]
    assert received_money.value == 3_500_000 and received_money.number_format.startswith("#,##0")
    land = first[header.index("Hiến đất (m²) · Đã nộp")]
    assert (land.value, land.data_type) == (120.5, "n")
    land_second = body[1][header.index("Hiến đất (m²) · Đã nộp")]
    assert land_second.value == 0 and land_second.number_format == "#,##0"


def test_briefing_dates_are_dates() -> None:
    sheet = _book(briefing_xlsx(a_briefing(), VI)).active
    header, body = _table(sheet, "STT")
    received = body[0][header.index("Ngày nhận")]
    due = body[0][header.index("Hạn giải quyết")]
    assert received.is_date and received.value == datetime(2026, 10, 2)
    assert due.is_date and due.number_format == "dd/mm/yyyy"
    assert body[1][header.index("Hạn giải quyết")].value is None  # no due date: an empty cell
    assert body[0][0].value == 1 and body[0][0].data_type == "n"
    _, commitments = _table(sheet, "Nội dung cam kết")
    assert commitments[0][2].is_date and commitments[0][2].value == datetime(2027, 1, 10)
