"""Report layer: the dialogue-day briefing (agenda with prepared answers) as PDF and XLSX."""

from __future__ import annotations

from field_app.wire.layout import Layout, state_layout
from sync_server.reports.common import (
    date_text,
    document_date,
    language_of,
    personal_data_statement,
)
from sync_server.reports.data import AgendaItem, BriefingData, Translate
from sync_server.reports.layout import pdf_head, pdf_tail, xlsx_head, xlsx_tail
from sync_server.reports.pdf import ReportPDF
from sync_server.reports.xlsx import CellInput, Workbook, new_workbook, write_table


def _citizen(item: AgendaItem, include_phones: bool) -> str:
    name = item.citizen_name or ""
    if include_phones and item.citizen_phone:
        return f"{name} ({item.citizen_phone})" if name else item.citizen_phone
    return name


def briefing_layout(data: BriefingData, t: Translate) -> Layout:
    """The state layout: the briefing goes out from the ward People's Committee."""
    return state_layout(
        ward_name=data.ward_name, on=document_date(data.generated_at),
        title=t("briefing.title").upper(), number="     /TL-UBND",
        recipients=(t("briefing.to_chair"), t("briefing.to_units")),
        language=language_of(t))


def _header_lines(data: BriefingData, t: Translate) -> list[str]:
    return [
        t("briefing.session_on", date=date_text(data.session_date)),
        f"{t('dialogue.place')}: {data.place}" if data.place else "",
        f"{t('dialogue.chair')}: {data.chair}" if data.chair else "",
    ]


def _has_names(data: BriefingData) -> bool:
    return any(item.citizen_name for item in data.items)


def _has_phones(data: BriefingData, include_phones: bool) -> bool:
    return include_phones and any(item.citizen_phone for item in data.items)


def briefing_pdf(data: BriefingData, t: Translate, *, include_phones: bool = False) -> bytes:
    """The printable briefing: agenda items in the chosen order, grouped under their field."""
    layout = briefing_layout(data, t)
    pdf = ReportPDF(title=t("briefing.title"))
    pdf_head(pdf, layout)
    for line in _header_lines(data, t):
        if line:
            pdf.paragraph(line)
    pdf.paragraph(
        personal_data_statement(t, names=_has_names(data), phones=_has_phones(data, include_phones))
    )
    if not data.items:
        pdf.paragraph(t("dialogue.empty_agenda"))
    current_field = None
    for number, item in enumerate(data.items, start=1):
        if item.field != current_field:
            current_field = item.field
            pdf.heading(t(f"field.{item.field}"))
        overdue = f" · {t('inbox.overdue_badge').upper()}" if item.overdue else ""
        pdf.paragraph(f"{number}. {item.title}", bold=True)
        facts = [
            f"{t('inbox.col.group')}: {item.group_name}",
            f"{t('inbox.filter.category')}: {t(f'category.{item.category}')}",
            f"{t('inbox.col.status')}: {t(f'status.{item.status}')}{overdue}",
            f"{t('inbox.col.received')}: {date_text(item.received_on)}",
            f"{t('inbox.col.due')}: {date_text(item.due_date)}",
        ]
        if item.assigned_unit:
            facts.append(f"{t('inbox.col.unit')}: {item.assigned_unit}")
        citizen = _citizen(item, include_phones)
        if citizen:
            facts.append(f"{t('petition.citizen')}: {citizen}")
        pdf.paragraph(" · ".join(facts), size=9)
        if item.description:
            pdf.paragraph(item.description, size=9)
        answer = item.prepared_answer or t("briefing.no_answer")
        pdf.paragraph(f"{t('dialogue.prepared_answer')}: {answer}", size=9)
        pdf.ln(2)
    if data.commitments:
        pdf.heading(t("briefing.open_commitments"))
        pdf.grid(
            [t("dialogue.commitment.text"), t("dialogue.commitment.owner"), t("inbox.col.due")],
            [[c.text, c.owner, date_text(c.due_date)] for c in data.commitments],
            widths=(110, 45, 25),
        )
    pdf_tail(pdf, layout)
    return pdf.to_bytes()


def briefing_xlsx(data: BriefingData, t: Translate, *, include_phones: bool = False) -> bytes:
    """The briefing as a workbook: one row per agenda item, then the open commitments."""
    book: Workbook = new_workbook()
    sheet = book.active
    sheet.title = t("briefing.sheet")
    statement = personal_data_statement(
        t, names=_has_names(data), phones=_has_phones(data, include_phones)
    )
    layout = briefing_layout(data, t)
    row = xlsx_head(sheet, layout, [*_header_lines(data, t), statement])
    header = [
        t("briefing.col.number"),
        t("inbox.filter.field"),
        t("inbox.filter.category"),
        t("inbox.col.group"),
        t("inbox.col.title"),
        t("petition.description"),
        t("petition.citizen"),
    ]
    if include_phones:
        header.append(t("petition.phone"))
    header += [
        t("inbox.col.status"),
        t("inbox.col.received"),
        t("inbox.col.due"),
        t("inbox.overdue_badge"),
        t("inbox.col.unit"),
        t("dialogue.prepared_answer"),
    ]
    rows: list[list[CellInput]] = []
    for number, item in enumerate(data.items, start=1):
        values: list[CellInput] = [
            number,
            t(f"field.{item.field}"),
            t(f"category.{item.category}"),
            item.group_name,
            item.title,
            item.description,
            item.citizen_name or "",
        ]
        if include_phones:
            values.append(item.citizen_phone or "")
        values += [
            t(f"status.{item.status}"),
            item.received_on,
            item.due_date,
            t("common.yes") if item.overdue else t("common.no"),
            item.assigned_unit or "",
            item.prepared_answer or "",
        ]
        rows.append(values)
    row = write_table(sheet, row, header, rows)
    if data.commitments:
        sheet.cell(row=row + 1, column=1, value=t("briefing.open_commitments"))
        row = write_table(
            sheet,
            row + 2,
            [t("dialogue.commitment.text"), t("dialogue.commitment.owner"), t("inbox.col.due")],
            [[c.text, c.owner, c.due_date] for c in data.commitments],
        )
    xlsx_tail(sheet, layout, row)
    return _save(book)


def _save(book: Workbook) -> bytes:
    from sync_server.reports.xlsx import workbook_bytes

    return workbook_bytes(book)
