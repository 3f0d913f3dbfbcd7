"""Report layer: a campaign's public transparency sheet (công khai đóng góp) as PDF and XLSX."""

from __future__ import annotations

from decimal import Decimal

from field_app.wire.layout import Layout, group_sheet_layout
from sync_server.reports.common import (
    date_text,
    document_date,
    format_kind_amount,
    language_of,
    personal_data_statement,
)
from sync_server.reports.data import Translate, TransparencyData
from sync_server.reports.layout import pdf_head, pdf_tail, xlsx_head, xlsx_tail
from sync_server.reports.pdf import ReportPDF
from sync_server.reports.xlsx import (
    CellInput,
    Percent,
    amount_cell,
    new_workbook,
    workbook_bytes,
    write_table,
)


def transparency_layout(data: TransparencyData, t: Translate) -> Layout:
    """The group's own sheet: its heading, the place-and-date line, three signatures."""
    return group_sheet_layout(
        group_name=data.group_name, ward_name=data.ward_name,
        on=document_date(data.generated_at), title=t("contrib.transparency").upper(),
        subtitle=(f"{t('contrib.campaign')}: {data.campaign_title}",),
        language=language_of(t))


def _header_lines(data: TransparencyData, t: Translate) -> list[str]:
    lines: list[str] = []
    if data.purpose:
        lines.append(data.purpose)
    if data.starts_on or data.ends_on:
        lines.append(
            t("contrib.period", start=date_text(data.starts_on), end=date_text(data.ends_on))
        )
    if data.suggested_per_household:
        lines.append(
            t(
                "contrib.suggested",
                amount=format_kind_amount("money_vnd", data.suggested_per_household),
            )
        )
    return lines


def _statement(data: TransparencyData, t: Translate, include_phones: bool) -> str:
    return personal_data_statement(
        t,
        names=bool(data.households),
        phones=include_phones and any(h.phone for h in data.households),
        addresses=any(h.address for h in data.households),
    )


def _summary_rows(data: TransparencyData, t: Translate) -> list[list[str]]:
    rows = []
    for kind in data.kinds:
        target = data.target.get(kind)
        received = data.total("received", kind)
        share = f"{(received * 100 / target):.0f}%" if target else "—"
        rows.append(
            [
                t(f"kind.{kind}"),
                format_kind_amount(kind, target),
                format_kind_amount(kind, data.total("pledged", kind)),
                format_kind_amount(kind, received),
                share,
            ]
        )
    return rows


def transparency_pdf(
    data: TransparencyData, t: Translate, *, include_phones: bool = False,
    sheet_url: str | None = None,
) -> bytes:
    """The notice-board sheet: totals against target, then every household's contribution;
    with `sheet_url`, the QR code of the campaign's public sheet under them."""
    layout = transparency_layout(data, t)
    pdf = ReportPDF(title=t("contrib.transparency"), landscape=True)
    pdf_head(pdf, layout)
    for line in _header_lines(data, t):
        pdf.paragraph(line)
    pdf.paragraph(_statement(data, t, include_phones))
    pdf.heading(t("transparency.totals"))
    pdf.grid(
        [
            t("transparency.kind"),
            t("contrib.target"),
            t("contrib.pledged"),
            t("contrib.received"),
            t("contrib.progress"),
        ],
        _summary_rows(data, t),
        widths=(70, 50, 50, 50, 30),
        numeric_columns=(1, 2, 3, 4),
    )
    pdf.heading(t("contrib.households"))
    header = [t("briefing.col.number"), t("contrib.household"), t("contrib.address")]
    widths: list[float] = [12, 55, 60]
    if include_phones:
        header.append(t("petition.phone"))
        widths.append(30)
    for kind in data.kinds:
        header += [
            f"{t(f'kind.{kind}')} · {t('contrib.pledged')}",
            f"{t(f'kind.{kind}')} · {t('contrib.received')}",
        ]
        widths += [35, 35]
    scale = 267 / sum(widths)
    rows = []
    for number, household in enumerate(data.households, start=1):
        values = [str(number), household.head_name, household.address]
        if include_phones:
            values.append(household.phone or "")
        for kind in data.kinds:
            values += [
                format_kind_amount(kind, household.pledged.get(kind, Decimal(0))),
                format_kind_amount(kind, household.received.get(kind, Decimal(0))),
            ]
        rows.append(values)
    first_numeric = 4 if include_phones else 3
    pdf.grid(
        header,
        rows,
        widths=[w * scale for w in widths],
        numeric_columns=range(first_numeric, len(header)),
        size=8,
    )
    pdf.ln(4)
    pdf.paragraph(t("contrib.motto"), bold=True)
    if sheet_url:
        from sync_server.reports.public_sheet import qr_svg

        pdf.ln(3)
        pdf.paragraph(t("transparency.scan"), size=9)
        pdf.svg(qr_svg(sheet_url), width=30)
        pdf.paragraph(sheet_url, size=8)
    pdf_tail(pdf, layout)
    return pdf.to_bytes()


def transparency_xlsx(
    data: TransparencyData, t: Translate, *, include_phones: bool = False
) -> bytes:
    """The same sheet as a workbook: a totals block, then one row per household."""
    book = new_workbook()
    sheet = book.active
    sheet.title = t("transparency.sheet")
    layout = transparency_layout(data, t)
    row = xlsx_head(sheet, layout, [*_header_lines(data, t), _statement(data, t, include_phones)])
    row = write_table(
        sheet,
        row,
        [
            t("transparency.kind"),
            t("contrib.target"),
            t("contrib.pledged"),
            t("contrib.received"),
            t("contrib.progress"),
        ],
        _summary_cells(data, t),
    )
    header = [t("briefing.col.number"), t("contrib.household"), t("contrib.address")]
    if include_phones:
        header.append(t("petition.phone"))
    for kind in data.kinds:
        header += [
            f"{t(f'kind.{kind}')} · {t('contrib.pledged')}",
            f"{t(f'kind.{kind}')} · {t('contrib.received')}",
        ]
    rows: list[list[CellInput]] = []
    for number, household in enumerate(data.households, start=1):
        values: list[CellInput] = [number, household.head_name, household.address]
        if include_phones:
            values.append(household.phone or "")
        for kind in data.kinds:
            values += [
                amount_cell(kind, household.pledged.get(kind, Decimal(0))),
                amount_cell(kind, household.received.get(kind, Decimal(0))),
            ]
        rows.append(values)
    row = write_table(sheet, row, header, rows)
    sheet.cell(row=row + 1, column=1, value=t("contrib.motto"))
    xlsx_tail(sheet, layout, row + 2)
    return workbook_bytes(book)


def _summary_cells(data: TransparencyData, t: Translate) -> list[list[CellInput]]:
    """The totals block with typed cells: amounts as numbers, the progress as a share."""
    rows: list[list[CellInput]] = []
    for kind in data.kinds:
        target = data.target.get(kind)
        received = data.total("received", kind)
        rows.append(
            [
                t(f"kind.{kind}"),
                amount_cell(kind, target),
                amount_cell(kind, data.total("pledged", kind)),
                amount_cell(kind, received),
                Percent(float(received / target) if target else None),
            ]
        )
    return rows
