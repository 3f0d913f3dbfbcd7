"""Console layer: the ward head's pages: who looked at citizens' personal data
(`/console/audit`) and the ward's staff accounts (`/console/staff`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from sync_server.console.pages.common import (
    CONSOLE,
    problem_sentence,
    redirect,
    render,
)
from sync_server.errors import ApiProblem
from sync_server.services import audit
from sync_server.services import staff as staff_service
from sync_server.services.staff import StaffUser
from sync_server.storage import session_scope
from sync_server.web.session import check_csrf, require_ward_head

router = APIRouter(prefix=CONSOLE, include_in_schema=False)
WardHead = Annotated[StaffUser, Depends(require_ward_head)]
PAGE_SIZE = 100


@router.get("/audit")
def audit_page(request: Request, head: WardHead) -> Response:
    """Every look at, search of and export of personal data in the ward, newest first."""
    q = request.query_params
    try:
        page = max(1, int(q.get("page") or 1))
    except ValueError:
        page = 1
    action = q.get("action") or None
    with session_scope(request.app.state.engine) as db:
        rows, total = audit.ward_entries(db, head.ward_id, page=page, page_size=PAGE_SIZE,
                                         actor_id=q.get("actor") or None, action=action)
        people = staff_service.list_staff(db, head.ward_id)
    return render(request, "audit.html", {
        "rows": rows, "total": total, "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)), "people": people,
        "actor": q.get("actor") or "", "action": action or "",
        "actions": ("petition.view_personal", "petition.search", "petition.list_personal",
                    "household.search", "household.list_personal", "household.view_personal",
                    "dialogue_session.export", "campaign.export", "privacy.search",
                    "privacy.export", "privacy.correct", "privacy.erase"),
    })


@router.get("/staff")
def staff_page(request: Request, head: WardHead) -> Response:
    """The ward's staff accounts, their roles, and switching one off or on."""
    return _staff(request, head)


def _staff(request: Request, head: StaffUser, *, error: str | None = None,
           typed: dict[str, str] | None = None, status: int = 200) -> Response:
    with session_scope(request.app.state.engine) as db:
        people = staff_service.list_staff(db, head.ward_id)
    return render(request, "staff.html", {
        "people": people, "error": error, "form": typed or {},
        "done": request.query_params.get("done") or "", "roles": staff_service.ROLES,
    }, status=status)


@router.post("/staff")
def staff_create(request: Request, head: WardHead,
                 form: Annotated[dict[str, Any], Depends(check_csrf)]) -> Response:
    """A new staff account of the ward."""
    typed = {k: str(form.get(k, "")).strip() for k in ("username", "full_name", "role")}
    try:
        with session_scope(request.app.state.engine) as db:
            staff_service.create_staff(db, ward_id=head.ward_id, username=typed["username"],
                                       password=str(form.get("password", "")),
                                       full_name=typed["full_name"],
                                       role=typed["role"] or staff_service.OFFICER)
    except ApiProblem as problem:
        return _staff(request, head, error=problem_sentence(request, problem), typed=typed,
                      status=problem.status_code)
    return redirect(f"{CONSOLE}/staff", done="created")


@router.post("/staff/{staff_id}")
def staff_change(request: Request, staff_id: str, head: WardHead,
                 form: Annotated[dict[str, Any], Depends(check_csrf)]) -> Response:
    """Switch an account off or on, or change its role."""
    change = str(form.get("change", ""))
    try:
        with session_scope(request.app.state.engine) as db:
            if change in ("activate", "deactivate"):
                staff_service.set_active(db, head.ward_id, staff_id, change == "activate")
            elif change == "role":
                staff_service.set_role(db, head.ward_id, staff_id, str(form.get("role", "")))
    except ApiProblem as problem:
        return _staff(request, head, error=problem_sentence(request, problem),
                      status=problem.status_code)
    return redirect(f"{CONSOLE}/staff", done=change or "none")
