"""Console layer: the groups' monthly reports of a month (`/console/group-reports/{yyyy-mm}`):
who reported by the ward's deadline (on time / late / missing, a reporting rate as DHIS2
shows it), what each group said, the ward's summary of the month, closing the month, the
reporting policy (deadline day, giao ban cadence) and who held this period's giao ban.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from field_app.wire.periods import CADENCES, month_bounds, month_of, next_month, previous_month
from field_app.wire.records import GROUP_REPORT_FIGURES
from sync_server.console.pages.common import CONSOLE, backend, not_found, redirect, render, t
from sync_server.errors import ApiProblem
from sync_server.services import group_reports
from sync_server.services.staff import StaffUser
from sync_server.web.session import check_csrf, require_staff

router = APIRouter(prefix=CONSOLE, include_in_schema=False)
Staff = Annotated[StaffUser, Depends(require_staff)]
Form = Annotated[dict[str, Any], Depends(check_csrf)]


def _month(value: str) -> str | None:
    try:
        month_bounds(value)
    except ValueError:
        return None
    return value if len(value) == 7 else None


def _page(request: Request, staff: StaffUser, month: str, *, error: str | None = None,
          status: int = 200) -> Response:
    console = backend(request)
    with console.session() as db:
        view = group_reports.month_view(db, staff.ward_id, month)
    return render(request, "group_reports.html", {
        "v": view, "figure_keys": GROUP_REPORT_FIGURES, "cadences": CADENCES,
        "deadline_day": _deadline_day(request, staff),
        "previous": previous_month(month), "following": next_month(month),
        "error": error, "done": request.query_params.get("done"),
    }, status=status)


def _deadline_day(request: Request, staff: StaffUser) -> int:
    with backend(request).session() as db:
        return group_reports.policy(db, staff.ward_id).deadline_day


@router.get("/group-reports")
def this_month(request: Request, staff: Staff) -> Response:
    """The month being reported now: the one before today's."""
    return redirect(f"{CONSOLE}/group-reports/{previous_month(month_of(backend(request).today()))}")


@router.get("/group-reports/{month}")
def month_page(request: Request, month: str, staff: Staff) -> Response:
    """Every group with its state against the deadline, what it said, the ward's summary."""
    found = _month(month)
    if found is None:
        return not_found(request)
    return _page(request, staff, found)


@router.post("/group-reports/{month}/summary")
def save_summary(request: Request, month: str, staff: Staff, form: Form) -> Response:
    """The ward's summary of the month (it goes into the monthly report)."""
    found = _month(month)
    if found is None:
        return not_found(request)
    text = str(form.get("summary", ""))[:10000]
    backend(request).write_model(
        staff, lambda ctx: group_reports.save_summary(ctx, found, text))
    return redirect(f"{CONSOLE}/group-reports/{found}", done="summary")


@router.post("/group-reports/{month}/close")
def close_month(request: Request, month: str, staff: Staff, form: Form) -> Response:
    """Close the month (no group may send or replace its report after this) or reopen it."""
    found = _month(month)
    if found is None:
        return not_found(request)
    reopen = form.get("action") == "reopen"
    act = group_reports.reopen_month if reopen else group_reports.close_month
    backend(request).write_model(staff, lambda ctx: act(ctx, found))
    return redirect(f"{CONSOLE}/group-reports/{found}", done="reopened" if reopen else "closed")


@router.post("/group-reports/{month}/policy")
def save_policy(request: Request, month: str, staff: Staff, form: Form) -> Response:
    """The deadline day of the following month and the giao ban cadence."""
    found = _month(month)
    if found is None:
        return not_found(request)
    day = str(form.get("deadline_day", ""))
    cadence = str(form.get("briefing_cadence", ""))
    if not day.isdigit():
        return _page(request, staff, found, error=t(request).t("group_reports.bad_policy"),
                     status=422)
    try:
        backend(request).write_model(staff, lambda ctx: group_reports.set_policy(
            ctx, deadline_day=int(day), briefing_cadence=cadence))
    except ApiProblem:
        return _page(request, staff, found, error=t(request).t("group_reports.bad_policy"),
                     status=422)
    return redirect(f"{CONSOLE}/group-reports/{found}", done="policy")
