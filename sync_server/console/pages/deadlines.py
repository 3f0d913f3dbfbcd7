"""Console layer: the ward's deadlines (`/console/deadlines`): working days to take a petition
up and to answer it (by category), the days off and working days the ward adds to the
public calendar, and that calendar (Tết included) for this year and the next."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from field_app.wire.records import Category
from sync_server.console.pages.common import CONSOLE, backend, redirect, render, t
from sync_server.console.pages.petitions import parse_typed_date
from sync_server.errors import ApiProblem
from sync_server.services.deadlines import DAY_KINDS, public_holidays
from sync_server.services.staff import StaffUser
from sync_server.web.session import check_csrf, language, require_staff

router = APIRouter(prefix=CONSOLE, include_in_schema=False)
Staff = Annotated[StaffUser, Depends(require_staff)]
CATEGORIES = [c.value for c in Category]


@router.get("/deadlines")
def deadlines_page(request: Request, staff: Staff) -> Response:
    """The ward's deadline policy, its added days and the public holidays."""
    return _page(request, staff)


def _page(request: Request, staff: StaffUser, *, error: str | None = None,
          typed: dict[str, str] | None = None, day_typed: dict[str, str] | None = None,
          status: int = 200) -> Response:
    console = backend(request)
    policy = console.deadline_policy(staff)
    year = console.today().year
    form = {"ack_working_days": str(policy.ack_working_days),
            "answer_working_days": str(policy.answer_working_days),
            **{f"answer_days.{c}": str(policy.answer_by_category.get(c, "")) for c in CATEGORIES},
            **(typed or {})}
    return render(request, "deadlines.html", {
        "policy": policy,
        "form": form,
        "day_form": day_typed or {"day": "", "kind": "off", "note": ""},
        "categories": CATEGORIES,
        "kinds": DAY_KINDS,
        "error": error,
        "done": request.query_params.get("done") or "",
        "years": [(y, public_holidays(y, language(request))) for y in (year, year + 1)],
    }, status=status)


@router.post("/deadlines")
def deadlines_save(request: Request, staff: Staff,
                   form: Annotated[dict[str, Any], Depends(check_csrf)]) -> Response:
    """Save the working days to take a petition up and to answer it."""
    keys = ["ack_working_days", "answer_working_days", *[f"answer_days.{c}" for c in CATEGORIES]]
    typed = {k: str(form.get(k, "")).strip() for k in keys}
    try:
        backend(request).save_deadline_policy(
            staff, ack_working_days=typed["ack_working_days"],
            answer_working_days=typed["answer_working_days"],
            answer_by_category={c: typed[f"answer_days.{c}"] for c in CATEGORIES})
    except ApiProblem as problem:
        return _page(request, staff, error=t(request).t("deadlines.bad_days"), typed=typed,
                     status=problem.status_code)
    return redirect(f"{CONSOLE}/deadlines", done="saved")


@router.post("/deadlines/days")
def deadlines_add_day(request: Request, staff: Staff,
                      form: Annotated[dict[str, Any], Depends(check_csrf)]) -> Response:
    """Add a day off (or a working day) to the ward's calendar."""
    typed = {k: str(form.get(k, "")).strip() for k in ("day", "kind", "note")}
    try:
        day = parse_typed_date(typed["day"])
    except ValueError:
        day = None
    if day is None:
        return _page(request, staff, error=t(request).t("deadlines.bad_day"), day_typed=typed,
                     status=422)
    try:
        backend(request).add_ward_day(staff, day=day, kind=typed["kind"], note=typed["note"])
    except ApiProblem as problem:
        return _page(request, staff, error=t(request).t("deadlines.bad_day"), day_typed=typed,
                     status=problem.status_code)
    return redirect(f"{CONSOLE}/deadlines", done="day_added")


@router.post("/deadlines/days/{day}")
def deadlines_remove_day(request: Request, day: str, staff: Staff,
                         form: Annotated[dict[str, Any], Depends(check_csrf)]) -> Response:
    """Take a day the ward added off its calendar."""
    try:
        parsed = parse_typed_date(day)
    except ValueError:
        parsed = None
    if parsed is not None:
        backend(request).remove_ward_day(staff, parsed)
    return redirect(f"{CONSOLE}/deadlines", done="day_removed")
