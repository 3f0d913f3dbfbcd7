"""Console layer: the ward's monthly report at `/console/reports/monthly/{yyyy-mm}`.

Figures for the ward and each group (groups in numeric order), charts as server-made
SVG (the same drawing goes into the PDF), the groups' own monthly reports (what each said)
with the ward's summary, the models' progress (by status; registered and recognized in the
month), and the report as XLSX (typed cells), PDF (to
print) and DOCX (for the office to edit before it signs), all in the party layout.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from field_app.wire.formats import today_vn
from sync_server.console.pages.common import CONSOLE, backend, not_found, redirect, render, t
from sync_server.reports.charts import monthly_charts
from sync_server.reports.monthly import monthly_docx, monthly_pdf, monthly_xlsx
from sync_server.services.staff import StaffUser
from sync_server.web.session import require_staff

router = APIRouter(prefix=CONSOLE, include_in_schema=False)
Staff = Annotated[StaffUser, Depends(require_staff)]
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _month(text: str) -> tuple[int, int] | None:
    found = MONTH.match(text)
    if not found:
        return None
    year, month = int(found[1]), int(found[2])
    return (year, month) if 2000 <= year <= 2100 and 1 <= month <= 12 else None


def _shift(year: int, month: int, by: int) -> str:
    index = year * 12 + (month - 1) + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def attachment(content: bytes, *, filename: str, media_type: str) -> Response:
    """A file download with a Vietnamese filename (RFC 6266 filename*)."""
    ascii_name = filename.encode("ascii", "ignore").decode() or "tep"
    return Response(content, media_type=media_type, headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; "
                               f"filename*=UTF-8''{quote(filename)}",
        "Cache-Control": "no-store"})


@router.get("/reports")
def reports_home(request: Request, staff: Staff) -> Response:
    today = today_vn()
    return redirect(f"{CONSOLE}/reports/monthly/{today.year:04d}-{today.month:02d}")


@router.get("/reports/monthly/{month}.{ext}")
def monthly_download(request: Request, month: str, ext: str, staff: Staff) -> Response:
    """The month's report as XLSX (numbers as numbers), PDF or DOCX."""
    parsed = _month(month)
    if parsed is None or ext not in ("xlsx", "pdf", "docx"):
        return not_found(request)
    year, mon = parsed
    report = backend(request).monthly_report(staff, year=year, month=mon)
    tr = t(request)
    name = f"Báo cáo dân vận tháng {mon:02d}-{year}.{ext}"
    if ext == "xlsx":
        return attachment(monthly_xlsx(report, tr.t), filename=name, media_type=XLSX)
    if ext == "docx":
        return attachment(monthly_docx(report, tr.t), filename=name, media_type=DOCX)
    return attachment(monthly_pdf(report, tr.t), filename=name, media_type="application/pdf")


@router.get("/reports/monthly/{month}")
def monthly_page(request: Request, month: str, staff: Staff) -> Response:
    """The month's figures, charts and downloads."""
    parsed = _month(month)
    if parsed is None:
        return not_found(request)
    year, mon = parsed
    report = backend(request).monthly_report(staff, year=year, month=mon)
    tr = t(request)
    return render(request, "report_monthly.html", {
        "said": report.said, "ward_summary": report.ward_summary, "models": report.models,
        "report": report,
        "month": month,
        "previous": _shift(year, mon, -1),
        "next": _shift(year, mon, 1),
        "charts": monthly_charts(report, tr.t),
        "scopes": [(tr.t("reports.ward"), report.ward), *report.groups.items()],
        "fields": sorted({k for f in [report.ward] for k in f.by_field}),
        "categories": sorted({k for f in [report.ward] for k in f.by_category}),
    })
