"""Console layer: each group's phones, enrollment codes, and revoking a lost phone.

Issuing a code is a POST that redirects to the devices page showing the code. Only the
code's hash is stored, so the code itself is kept in memory under a random ticket the
redirect names (`?issued=<ticket>`), for the staff member who issued it and only until
the code expires: a reload shows it again, the address never carries the code.
Revoking asks first on a page of its own (works without JavaScript), then redirects
with a sentence saying which phone was revoked.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from field_app.wire.formats import utcnow
from sync_server.console.pages.common import CONSOLE, backend, not_found, redirect, render
from sync_server.errors import ApiProblem
from sync_server.services.staff import StaffUser
from sync_server.web.session import check_csrf, require_staff

router = APIRouter(prefix=CONSOLE, include_in_schema=False)
Staff = Annotated[StaffUser, Depends(require_staff)]


@dataclass(frozen=True)
class ShownCode:
    staff_id: str
    code: str
    group_name: str
    expires_at: datetime


class IssuedCodes:
    """Codes just issued, by ticket, until they expire (in this process's memory only)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._codes: dict[str, ShownCode] = {}

    def keep(self, shown: ShownCode) -> str:
        ticket = secrets.token_urlsafe(16)
        with self._lock:
            now = utcnow()
            self._codes = {k: v for k, v in self._codes.items() if v.expires_at > now}
            self._codes[ticket] = shown
        return ticket

    def get(self, ticket: str, staff_id: str) -> ShownCode | None:
        with self._lock:
            shown = self._codes.get(ticket)
        if shown is None or shown.staff_id != staff_id or shown.expires_at <= utcnow():
            return None
        return shown


def issued_codes(request: Request) -> IssuedCodes:
    codes: IssuedCodes | None = getattr(request.app.state, "console_issued_codes", None)
    if codes is None:
        codes = IssuedCodes()
        request.app.state.console_issued_codes = codes
    return codes


@router.get("/devices")
def devices_page(request: Request, staff: Staff, done: str = "", issued: str = "",
                 device: str = "") -> Response:
    """Per group: its phones with their last sync, a code to enroll one more, revoking."""
    console = backend(request)
    devices = console.devices(staff)
    groups = [{"group": g, "devices": [d for d in devices if d.group_id == g.id]}
              for g in console.groups(staff)]
    shown = issued_codes(request).get(issued, staff.id) if issued else None
    revoked = next((d for d in devices if d.id == device), None) if done == "revoked" else None
    return render(request, "devices.html", {
        "groups": groups,
        "done": done,
        "shown": shown,
        "code_gone": bool(issued) and shown is None,
        "revoked": revoked,
    })


@router.post("/devices/codes")
def issue_code(request: Request, staff: Staff,
               form: Annotated[dict[str, Any], Depends(check_csrf)]) -> Response:
    """Issue an enrollment code for one group of the ward, then show it."""
    group_id = str(form.get("group_id", ""))
    try:
        code = backend(request).issue_enrollment_code(staff, group_id)
    except (PermissionError, ApiProblem):
        return not_found(request)
    ticket = issued_codes(request).keep(ShownCode(
        staff_id=staff.id, code=code.code, group_name=code.group_name,
        expires_at=code.expires_at))
    return redirect(f"{CONSOLE}/devices", done="code", issued=ticket)


def _device(request: Request, staff: StaffUser, device_id: str) -> Any:
    return next((d for d in backend(request).devices(staff) if d.id == device_id), None)


@router.get("/devices/{device_id}/revoke")
def revoke_page(request: Request, device_id: str, staff: Staff) -> Response:
    """Ask before revoking: the phone, its group, its last sync, and the consequence."""
    found = _device(request, staff, device_id)
    if found is None:
        return not_found(request)
    return render(request, "device_revoke.html", {"d": found})


@router.post("/devices/{device_id}/revoke")
def revoke(request: Request, device_id: str, staff: Staff,
           form: Annotated[dict[str, Any], Depends(check_csrf)]) -> Response:
    """Revoke the phone: its next sync is refused (401), the page says so in a sentence."""
    found = _device(request, staff, device_id)
    if found is None:
        return not_found(request)
    if not found.revoked:
        try:
            backend(request).revoke_device(staff, device_id)
        except ApiProblem:
            return not_found(request)
    return redirect(f"{CONSOLE}/devices", done="revoked", device=device_id)
