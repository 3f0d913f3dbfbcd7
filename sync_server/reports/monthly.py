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

from field_app.wire.lifecycle import AWAITING_WARD
from field_app.wire.text import vn_natural_key
from sync_server.reports.charts import monthly_charts
from sync_server.reports.common import format_kind_amount, generated_line
from sync_server.reports.data import (
    CampaignReceipts,
    MonthlyReport,
    PetitionFacts,
    ReportFigures,
    Translate,
)
from sync_server.reports.pdf import ReportPDF
from sync_server.reports.xlsx import (
    Days,
    Percent,
    amount_cell,
    new_workbook,
    workbook_bytes,
    write_table,
    write_title,
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


def monthly_xlsx(report: MonthlyReport, t: Translate) -> bytes:
    """Summary (ward and groups), by field, by category, and contributions sheets."""
    book = new_workbook()
    title = t("monthly.title", month=f"{report.month:02d}/{report.year}")
    lines = [report.ward_name, t("export.no_personal_data"), generated_line(t, None)]
    summary = book.active
    summary.title = t("monthly.sheet.summary")
    row = write_title(summary, title, lines)
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
    write_table(
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
    for sheet_key, attr, prefix in (
        ("monthly.sheet.by_field", "by_field", "field"),
        ("monthly.sheet.by_category", "by_category", "category"),
    ):
        sheet = book.create_sheet(t(sheet_key))
        row = write_title(sheet, title, lines)
        keys = sorted({k for _, f in scopes for k in getattr(f, attr)})
        write_table(
            sheet,
            row,
            [t("reports.scope"), *[t(f"{prefix}.{k}") for k in keys]],
            [[name, *[getattr(f, attr).get(k, 0) for k in keys]] for name, f in scopes],
        )
    sheet = book.create_sheet(t("monthly.sheet.contributions"))
    row = write_title(sheet, title, lines)
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
    return workbook_bytes(book)


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
    pdf = ReportPDF(title=t("monthly.title", month=f"{report.month:02d}/{report.year}"))
    pdf.title_block(
        t("monthly.title", month=f"{report.month:02d}/{report.year}").upper(), report.ward_name
    )
    pdf.paragraph(t("export.no_personal_data"))
    pdf.paragraph(generated_line(t, generated_at))
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
    return pdf.to_bytes()
