"""Console layer: the six-month and yearly reviews of the models
(`/console/reports/review/{yyyy}-h1 | {yyyy}-h2 | {yyyy}`): the counts, the period's
events, the evidence summed by unit, the commendations (recorded here), and the DOCX
(Decree 30/2020 layout) and XLSX exports; the page itself prints."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from sync_server.console.pages.common import CONSOLE, backend, not_found, redirect, render
from sync_server.console.pages.petitions import parse_typed_date
from sync_server.console.pages.reports import XLSX, attachment
from sync_server.errors import ApiProblem
from sync_server.reports.review import period_title, review_docx, review_xlsx, sections
from sync_server.services import reviews
from sync_server.services.staff import StaffUser
from sync_server.web.session import check_csrf, require_staff

router = APIRouter(prefix=CONSOLE, include_in_schema=False)
Staff = Annotated[StaffUser, Depends(require_staff)]
Form = Annotated[dict[str, Any], Depends(check_csrf)]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _review(request: Request, staff: StaffUser, key: str) -> reviews.Review | None:
    p = reviews.period(key)
    if p is None:
        return None
    with backend(request).session() as db:
        return reviews.review(db, staff.ward_id, p)


@router.get("/reports/review/{key}.{ext}")
def export(request: Request, key: str, ext: str, staff: Staff) -> Response:
    """The review as DOCX or XLSX."""
    r = _review(request, staff, key)
    if r is None or ext not in ("docx", "xlsx"):
        return not_found(request)
    console = backend(request)
    ward = console.ward_name(staff.ward_id)
    name = f"Bao cao so ket mo hinh {key}.{ext}"
    if ext == "xlsx":
        return attachment(review_xlsx(r, ward_name=ward), filename=name, media_type=XLSX)
    return attachment(review_docx(r, ward_name=ward, today=console.today()),
                      filename=name, media_type=DOCX)


@router.get("/reports/review/{key}")
def review_page(request: Request, key: str, staff: Staff) -> Response:
    r = _review(request, staff, key)
    if r is None:
        return not_found(request)
    return render(request, "review.html", {
        "r": r, "title": period_title(r), "sections": sections(r),
        "done": request.query_params.get("done"), "error": None})


@router.post("/reports/review/{key}/commendations")
def add_commendation(request: Request, key: str, staff: Staff, form: Form) -> Response:
    """A commendation (collective or individual, form, decision) for the period."""
    try:
        decided_on = parse_typed_date(str(form.get("decided_on", "")))
        backend(request).write_model(staff, lambda ctx: reviews.add_commendation(
            ctx, key, recipient_kind=str(form.get("recipient_kind", "")),
            recipient=str(form.get("recipient", "")), form=str(form.get("form", "")),
            decision_no=str(form.get("decision_no", "")), decided_on=decided_on))
    except (ValueError, ApiProblem):
        return redirect(f"{CONSOLE}/reports/review/{key}", done="bad_commendation")
    return redirect(f"{CONSOLE}/reports/review/{key}", done="commendation")
