"""Report layer: workbook helpers (title block, bold header row, sensible column widths)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")


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
    sheet: Worksheet, start_row: int, header: Sequence[str], rows: Sequence[Sequence[object]]
) -> int:
    """A header row and data rows from `start_row`; returns the first free row after them."""
    for col, text in enumerate(header, start=1):
        cell = sheet.cell(row=start_row, column=col, value=text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for offset, values in enumerate(rows, start=1):
        for col, value in enumerate(values, start=1):
            sheet.cell(row=start_row + offset, column=col, value=value)  # type: ignore[arg-type]
    for col, text in enumerate(header, start=1):
        letter = get_column_letter(col)
        longest = max([len(str(text))] + [len(str(r[col - 1])) for r in rows if len(r) >= col])
        sheet.column_dimensions[letter].width = min(max(10, longest + 2), 60)
    return start_row + len(rows) + 2


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


__all__ = ["Workbook", "new_workbook", "workbook_bytes", "write_table", "write_title"]
