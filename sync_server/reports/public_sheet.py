"""Report layer: a campaign's public sheet as PDF and XLSX (the same facts as /cong-khai).

Built from `public.sheet.PublicSheet` only, so the files carry nothing the page does not:
households under their head's name where they agreed, by household code otherwise, no
address, no phone. The PDF carries the sheet's QR code, as the printed notice does.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import segno

from field_app.wire.formats import format_date
from sync_server.public.sheet import PublicSheet
from sync_server.reports.common import format_kind_amount
from sync_server.reports.pdf import ReportPDF
from sync_server.reports.xlsx import (
    CellInput,
    Money,
    amount_cell,
    new_workbook,
    workbook_bytes,
    write_table,
    write_title,
)

ZERO = Decimal(0)
Words = Mapping[str, str]


def qr_svg(url: str) -> str:
    """The QR code of `url` as SVG (dark modules on white, quiet zone included)."""
    return str(segno.make(url, error="m", micro=False).svg_inline(scale=4, border=2))


def _lines(sheet: PublicSheet, w: Words) -> list[str]:
    lines = [f"{sheet.ward} · {sheet.group}"]
    if sheet.purpose:
        lines.append(sheet.purpose)
    if sheet.starts_on or sheet.ends_on:
        lines.append(w["sheet.period"].format(start=format_date(sheet.starts_on) or "…",
                                              end=format_date(sheet.ends_on) or "…"))
    return lines


def _totals_header(w: Words) -> list[str]:
    return [w["sheet.kind"], w["sheet.expected"], w["sheet.pledged"], w["sheet.paid"],
            w["sheet.due"]]


def _household_header(sheet: PublicSheet, w: Words) -> list[str]:
    header = [w["sheet.number"], w["sheet.household"]]
    for kind in sheet.kinds:
        label = w[f"kind.{kind}"]
        header += [f"{label} · {w['sheet.pledged']}", f"{label} · {w['sheet.paid']}",
                   f"{label} · {w['sheet.due']}"]
    return header


def public_sheet_pdf(sheet: PublicSheet, w: Words, *, url: str) -> bytes:
    """The sheet to print and pin up: totals, households, expenses, balance, QR code."""
    pdf = ReportPDF(title=w["sheet.title"], landscape=False)
    pdf.title_block(f"{w['sheet.title'].upper()}", sheet.title, *_lines(sheet, w))
    pdf.heading(w["sheet.totals"])
    pdf.grid(_totals_header(w), [
        [w[f"kind.{t.kind}"], format_kind_amount(t.kind, t.target),
         format_kind_amount(t.kind, t.pledged), format_kind_amount(t.kind, t.paid),
         format_kind_amount(t.kind, t.due)] for t in sheet.totals],
        widths=(50, 33, 33, 32, 32), numeric_columns=(1, 2, 3, 4))
    pdf.heading(w["sheet.expenses"])
    if sheet.expenses:
        pdf.grid([w["sheet.date"], w["sheet.purpose"], w["sheet.receipt"], w["sheet.amount"]], [
            [format_date(e.spent_on), e.purpose, e.receipt_no or "",
             format_kind_amount("money_vnd", e.amount_vnd)] for e in sheet.expenses],
            widths=(25, 90, 30, 35), numeric_columns=(3,))
    else:
        pdf.paragraph(w["sheet.no_expenses"])
    pdf.paragraph(f"{w['sheet.spent']}: {format_kind_amount('money_vnd', sheet.spent)}")
    pdf.paragraph(f"{w['sheet.balance']}: {format_kind_amount('money_vnd', sheet.balance)}",
                  bold=True)
    pdf.heading(w["sheet.households"])
    if sheet.households:
        header = _household_header(sheet, w)
        widths = [10.0, 50.0, *([40.0] * (len(header) - 2))]
        scale = 180 / sum(widths)
        pdf.grid(header, [
            [str(n), h.label, *(format_kind_amount(k, getattr(h, col).get(k, ZERO))
                                for k in sheet.kinds for col in ("pledged", "paid", "due"))]
            for n, h in enumerate(sheet.households, start=1)],
            widths=[x * scale for x in widths], numeric_columns=range(2, len(header)), size=8)
        pdf.paragraph(w["sheet.codes_note"], size=8)
    else:
        pdf.paragraph(w["sheet.no_households"])
    pdf.ln(2)
    pdf.paragraph(w["sheet.scan"], size=9)
    pdf.svg(qr_svg(url), width=32)
    pdf.paragraph(url, size=8)
    pdf.paragraph(w["sheet.motto"], bold=True)
    return pdf.to_bytes()


def public_sheet_xlsx(sheet: PublicSheet, w: Words) -> bytes:
    """The same sheet as a workbook: totals, expenses and balance, households."""
    book = new_workbook()
    ws = book.active
    ws.title = w["sheet.sheet_name"]
    row = write_title(ws, f"{w['sheet.title']}: {sheet.title}", _lines(sheet, w))
    row = write_table(ws, row, _totals_header(w), [
        [w[f"kind.{t.kind}"], amount_cell(t.kind, t.target), amount_cell(t.kind, t.pledged),
         amount_cell(t.kind, t.paid), amount_cell(t.kind, t.due)] for t in sheet.totals])
    row = write_table(ws, row + 1, [w["sheet.date"], w["sheet.purpose"], w["sheet.receipt"],
                                    w["sheet.amount"]], [
        [e.spent_on, e.purpose, e.receipt_no or "", Money(e.amount_vnd)]
        for e in sheet.expenses])
    row = write_table(ws, row + 1, [w["sheet.spent"], w["sheet.balance"]],
                      [[Money(sheet.spent), Money(sheet.balance)]])
    rows: list[list[CellInput]] = []
    for n, h in enumerate(sheet.households, start=1):
        values: list[CellInput] = [n, h.label]
        for k in sheet.kinds:
            values += [amount_cell(k, h.pledged.get(k, ZERO)), amount_cell(k, h.paid.get(k, ZERO)),
                       amount_cell(k, h.due.get(k, ZERO))]
        rows.append(values)
    row = write_table(ws, row + 1, _household_header(sheet, w), rows)
    ws.cell(row=row + 1, column=1, value=w["sheet.motto"])
    return workbook_bytes(book)
