"""Report layer: workbook helpers (title block, bold header row, typed cells, column widths).

Cells keep their type so a spreadsheet can add, sort and chart them: integers and amounts
are numbers shown `#,##0` (Excel puts in the reader's own separators: 3.500.000 in
Vietnamese), dates are dates shown dd/mm/yyyy, shares are numbers shown `0.0%`, medians
(days) numbers shown `0.0`. `None` in a typed position leaves the cell empty.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from field_app.wire.formats import VN_TZ, format_date, format_quantity

HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")

INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0##"
MONEY_FORMAT = '#,##0" ₫"'
DATE_FORMAT = "dd/mm/yyyy"
PERCENT_FORMAT = "0.0%"
DAYS_FORMAT = "0.0"

Scalar = str | int | float | Decimal | date | datetime | None


@dataclass(frozen=True)
class Cell:
    """A value with the number format its cell is shown in."""

    value: Scalar
    number_format: str | None = None


class Percent(Cell):
    """A share (0.5 is 50%), shown `0.0%`."""

    def __init__(self, value: float | Decimal | None) -> None:
        super().__init__(value, PERCENT_FORMAT)


class Days(Cell):
    """A number of days that may have a fraction (a median), shown `0.0`."""

    def __init__(self, value: float | Decimal | None) -> None:
        super().__init__(value, DAYS_FORMAT)


class Money(Cell):
    """An amount of đồng, shown `3,500,000 ₫` (the reader's separators)."""

    def __init__(self, value: int | Decimal | None) -> None:
        super().__init__(None if value is None else int(value), MONEY_FORMAT)


def amount_cell(kind: str, amount: Decimal | int | float | None) -> Cell:
    """A contribution of `kind`: đồng as `Money`, other kinds (m², workdays) as numbers."""
    if kind == "money_vnd":
        return Money(None if amount is None else int(amount))
    return Cell(amount)


CellInput = Scalar | Cell


def _typed(value: CellInput) -> tuple[Scalar, str | None]:
    """The value to store and its number format (None: the cell's default)."""
    number_format: str | None = None
    if isinstance(value, Cell):
        number_format = value.number_format
        value = value.value
    if value is None or isinstance(value, str):
        return value, number_format
    if isinstance(value, datetime):
        if value.tzinfo is not None:  # spreadsheets have no time zones: Vietnam time
            value = value.astimezone(VN_TZ).replace(tzinfo=None)
        return value, number_format or DATE_FORMAT
    if isinstance(value, date):
        return value, number_format or DATE_FORMAT
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    if number_format is None:
        number_format = INTEGER_FORMAT if float(value).is_integer() else DECIMAL_FORMAT
    return value, number_format


def _shown(value: Scalar, number_format: str | None) -> str:
    """Roughly what the cell shows, for the column's width."""
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return format_date(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if number_format == PERCENT_FORMAT:
            return f"{float(value) * 100:.1f}%"
        text = format_quantity(Decimal(str(value)))
        return text + " ₫" if number_format == MONEY_FORMAT else text
    return str(value)


def new_workbook() -> Workbook:
    return Workbook()


def write_title(sheet: Worksheet, title: str, lines: Sequence[str]) -> int:
    """Title and info lines at the top; returns the first free row (1-based)."""
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
    row = 2
    for line in lines:
        if line:
            sheet.cell(row=row, column=1, value=line)
            row += 1
    return row + 1


def write_table(
    sheet: Worksheet,
    start_row: int,
    header: Sequence[str],
    rows: Sequence[Sequence[CellInput]],
    *,
    column_formats: Mapping[int, str] | None = None,
) -> int:
    """A header row and data rows from `start_row`; returns the first free row after them.

    Values are typed: str as text; int, float and Decimal as numbers (`#,##0`, or
    `#,##0.0##` with a fraction); date and datetime as dates (`dd/mm/yyyy`, aware
    datetimes in Vietnam time); a `Cell` (`Percent`, `Days`, `Money`) with its own
    format; None as an empty cell. `column_formats` (0-based column -> number format)
    overrides the format of every non-text cell in that column.
    """
    for col, text in enumerate(header, start=1):
        cell = sheet.cell(row=start_row, column=col, value=text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(str(text)) for text in header]
    for offset, values in enumerate(rows, start=1):
        for col, raw in enumerate(values, start=1):
            value, number_format = _typed(raw)
            if value is not None and not isinstance(value, str) and column_formats:
                number_format = column_formats.get(col - 1, number_format)
            cell = sheet.cell(row=start_row + offset, column=col, value=value)
            if number_format is not None and value is not None:
                cell.number_format = number_format
            if col > len(widths):
                widths.append(0)
            widths[col - 1] = max(widths[col - 1], len(_shown(value, number_format)))
    for col, longest in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = min(max(10, longest + 2), 60)
    return start_row + len(rows) + 2


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


__all__ = [
    "DATE_FORMAT",
    "DAYS_FORMAT",
    "DECIMAL_FORMAT",
    "INTEGER_FORMAT",
    "MONEY_FORMAT",
    "PERCENT_FORMAT",
    "Cell",
    "CellInput",
    "Days",
    "Money",
    "Percent",
    "Workbook",
    "amount_cell",
    "new_workbook",
    "workbook_bytes",
    "write_table",
    "write_title",
]
