"""Report layer: the monthly petition and contribution figures, and their XLSX export.

Definitions (per calendar month, dates in Vietnam time):
- received: petitions received in the month;
- answered: petitions whose (latest) answer was given in the month;
- overdue: petitions still awaiting the ward at the month's end (or today, for the
  current month) whose due date had passed;
- median days to answer: over the month's answered petitions, answer date minus
  received date;
- share reported back: of the month's answered petitions, those the group has
  since reported back to the citizen;
- answered on time: of the month's answered petitions, those answered by their due date;
- taken up / within the legal time: petitions first taken up (accepted) in the month, and
  of them those taken up by their `ack_due` (art. 28 of the Law on Citizen Reception).
Overdue, for a petition not yet taken up, means past its `ack_due`.
"""

from __future__ import annotations

import calendar
import statistics
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.shared import Pt

from field_app.wire.layout import Layout, party_layout
from field_app.wire.lifecycle import AWAITING_WARD
from field_app.wire.text import vn_natural_key
from sync_server.reports.charts import monthly_charts
from sync_server.reports.common import document_date, format_kind_amount, language_of
from sync_server.reports.data import (
    CampaignReceipts,
    ModelMove,
    MonthlyReport,
    PetitionFacts,
    ReportFigures,
    Translate,
)
from sync_server.reports.layout import (
    docx_bytes,
    docx_tail,
    new_docx,
    pdf_head,
    pdf_tail,
    xlsx_head,
    xlsx_tail,
)
from sync_server.reports.pdf import ReportPDF
from sync_server.reports.xlsx import (
    Days,
    Percent,
    amount_cell,
    new_workbook,
    workbook_bytes,
    write_table,
)

_AWAITING = {str(s) for s in AWAITING_WARD}


def month_bounds(year: int, month: int) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, 1), date(year, month, last)


def _overdue(f: PetitionFacts, as_of: date) -> bool:
    """Still awaiting the ward and past the deadline that runs: `ack_due` until taken up."""
    if f.status not in _AWAITING:
        return False
    deadline = f.ack_due if f.status == "received" else f.due_date
    return deadline is not None and deadline < as_of


def _figures(facts: list[PetitionFacts], *, first: date, last: date, as_of: date) -> ReportFigures:
    received = [f for f in facts if first <= f.received_on <= last]
    answered = [f for f in facts if f.answered_on and first <= f.answered_on <= last]
    overdue = [f for f in facts if _overdue(f, as_of) and f.received_on <= last]
    taken_up = [f for f in facts if f.accepted_on and first <= f.accepted_on <= last]
    days = [(f.answered_on - f.received_on).days for f in answered if f.answered_on]
    reported = [f for f in answered if f.reported_back_on]
    return ReportFigures(
        received=len(received),
        answered=len(answered),
        overdue=len(overdue),
        median_days_to_answer=float(statistics.median(days)) if days else None,
        reported_back_share=(len(reported) / len(answered)) if answered else None,
        answered_on_time=sum(
            1 for f in answered if f.answered_on and f.due_date and f.answered_on <= f.due_date),
        taken_up=len(taken_up),
        taken_up_on_time=sum(
            1 for f in taken_up if f.accepted_on and f.ack_due and f.accepted_on <= f.ack_due),
        by_field=dict(Counter(f.field for f in received)),
        by_category=dict(Counter(f.category for f in received)),
    )


def build_monthly_report(
    *,
    year: int,
    month: int,
    ward_name: str,
    petitions: Iterable[PetitionFacts],
    contributions: Iterable[CampaignReceipts] = (),
    today: date,
) -> MonthlyReport:
    """The month's figures for the whole ward and for each group."""
    first, last = month_bounds(year, month)
    as_of = min(today, last + (date.resolution))
    facts = list(petitions)
    by_group: dict[str, list[PetitionFacts]] = {}
    for fact in facts:
        by_group.setdefault(fact.group_name, []).append(fact)
    return MonthlyReport(
        year=year,
        month=month,
        ward_name=ward_name,
        ward=_figures(facts, first=first, last=last, as_of=as_of),
        groups={
            name: _figures(items, first=first, last=last, as_of=as_of)
            for name, items in sorted(by_group.items(), key=lambda kv: vn_natural_key(kv[0]))
        },
        contributions=list(contributions),
    )


def monthly_layout(report: MonthlyReport, t: Translate,
                   generated_at: datetime | None = None) -> Layout:
    """The party layout of the mass-mobilization bloc's monthly report."""
    return party_layout(
        ward_name=report.ward_name, on=document_date(generated_at),
        title=t("monthly.title", month=f"{report.month:02d}/{report.year}").upper(),
        recipients=(t("monthly.to_party"), t("monthly.to_front")),
        language=language_of(t))


def monthly_xlsx(report: MonthlyReport, t: Translate,
                 *, generated_at: datetime | None = None) -> bytes:
    """Summary (ward and groups), by field, by category, contributions, the models' progress
    and what the groups' own reports said."""
    book = new_workbook()
    layout = monthly_layout(report, t, generated_at)
    lines = [t("export.no_personal_data")]
    summary = book.active
    summary.title = t("monthly.sheet.summary")
    row = xlsx_head(summary, layout, lines)
    header = [
        t("reports.scope"),
        t("reports.received"),
        t("reports.answered"),
        t("reports.overdue"),
        t("reports.median_days"),
        t("reports.reported_back_share"),
        t("reports.answered_on_time"),
        t("reports.taken_up"),
        t("reports.taken_up_on_time"),
    ]
    scopes = [(t("reports.ward"), report.ward), *report.groups.items()]
    end = write_table(
        summary,
        row,
        header,
        [
            [
                name,
                f.received,
                f.answered,
                f.overdue,
                Days(f.median_days_to_answer),
                Percent(f.reported_back_share),
                f.answered_on_time,
                f.taken_up,
                f.taken_up_on_time,
            ]
            for name, f in scopes
        ],
    )
    xlsx_tail(summary, layout, end)
    for sheet_key, attr, prefix in (
        ("monthly.sheet.by_field", "by_field", "field"),
        ("monthly.sheet.by_category", "by_category", "category"),
    ):
        sheet = book.create_sheet(t(sheet_key))
        row = xlsx_head(sheet, layout, lines)
        keys = sorted({k for _, f in scopes for k in getattr(f, attr)})
        write_table(
            sheet,
            row,
            [t("reports.scope"), *[t(f"{prefix}.{k}") for k in keys]],
            [[name, *[getattr(f, attr).get(k, 0) for k in keys]] for name, f in scopes],
        )
    sheet = book.create_sheet(t("monthly.sheet.contributions"))
    row = xlsx_head(sheet, layout, lines)
    write_table(
        sheet,
        row,
        [
            t("contrib.campaign"),
            t("inbox.col.group"),
            t("transparency.kind"),
            t("contrib.received"),
            t("contrib.target"),
        ],
        [
            [
                c.campaign_title,
                c.group_name,
                t(f"kind.{kind}"),
                amount_cell(kind, amount),
                amount_cell(kind, c.target.get(kind)),
            ]
            for c in report.contributions
            for kind, amount in sorted(c.received.items())
        ],
    )
    sheet = book.create_sheet(t("monthly.sheet.models"))
    row = xlsx_head(sheet, layout, [*lines, models_sentence(report, t)])
    row = write_table(sheet, row, [t("models.status"), t("monthly.models_count")],
                      [[t(f"model_status.{k}"), n] for k, n in report.models.by_status.items()])
    write_table(sheet, row + 1, [t("monthly.col.model"), t("monthly.col.unit"),
                                 t("models.status"), t("monthly.col.in_month")],
                [[m.name, m.unit, t(f"model_status.{m.status}"), moves_text(m, t)]
                 for m in report.models.moves])
    sheet = book.create_sheet(t("monthly.sheet.said"))
    row = xlsx_head(sheet, layout, [*lines, reported_sentence(report, t),
                                    *([f"{t('monthly.ward_summary')} {report.ward_summary}"]
                                      if report.ward_summary else [])])
    write_table(sheet, row, [t("monthly.col.group"), t("monthly.col.state"),
                             *[t(f"group_reports.{k}") for k in TEXTS]],
                [[g.group_name, t(f"group_reports.state.{'late' if g.late else 'on_time'}"),
                  *[getattr(g, k) for k in TEXTS]] for g in report.said])
    return workbook_bytes(book)


TEXTS = ("mood", "opinions", "hot_issues", "proposals")


def models_sentence(report: MonthlyReport, t: Translate) -> str:
    """"5 mô hình đăng ký năm 2026; trong tháng: 1 mô hình mới đăng ký, ..."."""
    m = report.models
    return t("monthly.models_month", total=m.total, year=report.year, registered=m.registered,
             recognized=m.recognized)


def reported_sentence(report: MonthlyReport, t: Translate) -> str:
    if not report.said:
        return t("group_reports.none_yet")
    return t("monthly.reported", reported=len(report.said), total=report.groups_total,
             late=report.groups_late)


def moves_text(move: ModelMove, t: Translate) -> str:
    """What happened to a model in the month: "Thêm kết quả (Hộ tham gia: 126 hộ); Công
    nhận"."""
    return "; ".join(t(f"model_timeline.{kind}") + (f" ({said})" if said else "")
                     for kind, said in move.events)


def _share_text(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%".replace(".", ",")


def _days_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}".replace(".", ",")


def monthly_pdf(
    report: MonthlyReport, t: Translate, *, generated_at: datetime | None = None
) -> bytes:
    """The monthly report to print: the figures of the ward and of each group, the
    charts of `charts.monthly_charts` (as vectors, Vietnamese text in DejaVu), and the
    contributions received."""
    layout = monthly_layout(report, t, generated_at)
    pdf = ReportPDF(title=t("monthly.title", month=f"{report.month:02d}/{report.year}"))
    pdf_head(pdf, layout)
    pdf.paragraph(t("export.no_personal_data"))
    pdf.heading(t("monthly.sheet.summary"))
    scopes = [(t("reports.ward"), report.ward), *report.groups.items()]
    pdf.grid(
        [
            t("reports.scope"),
            t("reports.received"),
            t("reports.answered"),
            t("reports.overdue"),
            t("reports.median_days"),
            t("reports.reported_back_share"),
        ],
        [
            [
                name,
                f"{f.received:,}".replace(",", "."),
                f"{f.answered:,}".replace(",", "."),
                f"{f.overdue:,}".replace(",", "."),
                _days_text(f.median_days_to_answer),
                _share_text(f.reported_back_share),
            ]
            for name, f in scopes
        ],
        widths=(50, 22, 22, 22, 32, 32),
        numeric_columns=(1, 2, 3, 4, 5),
    )
    for title, svg in monthly_charts(report, t):
        pdf.heading(title)
        pdf.svg(svg)
    if report.contributions:
        pdf.heading(t("reports.contributions"))
        pdf.grid(
            [
                t("contrib.campaign"),
                t("inbox.col.group"),
                t("transparency.kind"),
                t("contrib.received"),
                t("contrib.target"),
            ],
            [
                [
                    c.campaign_title,
                    c.group_name,
                    t(f"kind.{kind}"),
                    format_kind_amount(kind, amount),
                    format_kind_amount(kind, c.target.get(kind)),
                ]
                for c in report.contributions
                for kind, amount in sorted(c.received.items())
            ],
            widths=(50, 30, 30, 35, 35),
            numeric_columns=(3, 4),
        )
    pdf.heading(t("monthly.models_title"))
    pdf.paragraph(models_sentence(report, t))
    if report.models.by_status:
        pdf.grid([t("models.status"), t("monthly.models_count")],
                 [[t(f"model_status.{k}"), _count(n)] for k, n in report.models.by_status.items()],
                 widths=(90, 40), numeric_columns=(1,))
    if report.models.moves:
        pdf.paragraph(t("monthly.models_moves"), bold=True)
        pdf.grid([t("monthly.col.model"), t("monthly.col.unit"), t("models.status"),
                  t("monthly.col.in_month")],
                 [[m.name, m.unit, t(f"model_status.{m.status}"), moves_text(m, t)]
                  for m in report.models.moves], widths=(45, 35, 30, 70))
    pdf.heading(t("monthly.said_title"))
    pdf.paragraph(reported_sentence(report, t))
    if report.ward_summary:
        pdf.paragraph(f"{t('monthly.ward_summary')} {report.ward_summary}")
    for g in report.said:
        late = f" ({t('group_reports.state.late')})" if g.late else ""
        pdf.paragraph(g.group_name + late, bold=True)
        for key, words in g.said():
            pdf.paragraph(f"{t(f'group_reports.{key}')}: {words}")
    pdf_tail(pdf, layout)
    return pdf.to_bytes()


def monthly_docx(
    report: MonthlyReport, t: Translate, *, generated_at: datetime | None = None
) -> bytes:
    """The monthly report as a Word document the office edits before it signs: the same
    layout, the figures as tables (no charts), and room for its own remarks."""
    layout = monthly_layout(report, t, generated_at)
    doc = new_docx(layout)
    doc.add_paragraph(t("export.no_personal_data"))
    doc.add_heading(t("monthly.sheet.summary"), level=2)
    scopes = [(t("reports.ward"), report.ward), *report.groups.items()]
    _docx_table(doc, [t("reports.scope"), t("reports.received"), t("reports.answered"),
                      t("reports.overdue"), t("reports.median_days"),
                      t("reports.reported_back_share")],
                [[name, _count(f.received), _count(f.answered), _count(f.overdue),
                  _days_text(f.median_days_to_answer), _share_text(f.reported_back_share)]
                 for name, f in scopes])
    for key, attr, prefix in (("reports.by_field", "by_field", "field"),
                              ("reports.by_category", "by_category", "category")):
        counts = getattr(report.ward, attr)
        if counts:
            doc.add_heading(t(key), level=2)
            _docx_table(doc, [t(f"inbox.filter.{prefix}"), t("reports.count")],
                        [[t(f"{prefix}.{k}"), _count(v)] for k, v in sorted(counts.items())])
    if report.contributions:
        doc.add_heading(t("reports.contributions"), level=2)
        _docx_table(doc, [t("contrib.campaign"), t("inbox.col.group"), t("transparency.kind"),
                          t("contrib.received"), t("contrib.target")],
                    [[c.campaign_title, c.group_name, t(f"kind.{kind}"),
                      format_kind_amount(kind, amount),
                      format_kind_amount(kind, c.target.get(kind))]
                     for c in report.contributions
                     for kind, amount in sorted(c.received.items())])
    doc.add_heading(t("monthly.models_title"), level=2)
    doc.add_paragraph(models_sentence(report, t))
    if report.models.by_status:
        _docx_table(doc, [t("models.status"), t("monthly.models_count")],
                    [[t(f"model_status.{k}"), _count(n)]
                     for k, n in report.models.by_status.items()])
    if report.models.moves:
        caption = doc.add_paragraph()
        caption.paragraph_format.space_before = Pt(8)
        caption.paragraph_format.keep_with_next = True
        caption.add_run(t("monthly.models_moves")).bold = True
        _docx_table(doc, [t("monthly.col.model"), t("monthly.col.unit"), t("models.status"),
                          t("monthly.col.in_month")],
                    [[m.name, m.unit, t(f"model_status.{m.status}"), moves_text(m, t)]
                     for m in report.models.moves])
    doc.add_heading(t("monthly.said_title"), level=2)
    doc.add_paragraph(reported_sentence(report, t))
    if report.ward_summary:
        summary = doc.add_paragraph()
        summary.add_run(t("monthly.ward_summary")).bold = True
        summary.add_run(f" {report.ward_summary}")
    for g in report.said:
        late = f" ({t('group_reports.state.late')})" if g.late else ""
        doc.add_heading(g.group_name + late, level=3)
        for key, words in g.said():
            line = doc.add_paragraph()
            line.add_run(f"{t(f'group_reports.{key}')}: ").italic = True
            line.add_run(words)
    doc.add_heading(t("monthly.remarks"), level=2)
    doc.add_paragraph(t("monthly.remarks_hint"))
    docx_tail(doc, layout)
    return docx_bytes(doc)


def _count(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _docx_table(doc: DocxDocument, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # on every page
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
