"""API layer: device enrollment and the staff OAuth2 password login."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from field_app.wire.protocol import EnrollRequest, EnrollResponse
from sync_server.api.deps import (
    CurrentStaff,
    SessionDep,
    SettingsDep,
    client_ip,
    staff_bearer,
)
from sync_server.errors import ApiProblem, problem_responses
from sync_server.services import enrollment, staff

router = APIRouter(prefix="/api/v1", tags=["auth"],
                   responses=problem_responses(400, 401, 422, 429))


@router.post("/devices/enroll", response_model=EnrollResponse)
def enroll(body: EnrollRequest, request: Request, session: SessionDep) -> EnrollResponse:
    """Exchange a single-use enrollment code for a device id and bearer token."""
    limiter = request.app.state.enroll_limiter
    ip = client_ip(request)
    limiter.check(ip)
    try:
        response = enrollment.enroll_device(session, body)
    except ApiProblem:
        limiter.fail(ip)
        raise
    session.commit()
    return response


@router.post("/auth/token")
def token(form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request,
          session: SessionDep, settings: SettingsDep) -> dict[str, Any]:
    """Staff login (OAuth2 password flow): returns a bearer access token."""
    limiter = request.app.state.login_limiter
    ip = client_ip(request)
    limiter.check(ip)
    try:
        access = staff.login(session, username=form.username, password=form.password,
                             hours=settings.staff_token_hours)
    except ApiProblem:
        limiter.fail(ip)
        raise
    session.commit()
    return {"access_token": access, "token_type": "bearer",
            "expires_in": settings.staff_token_hours * 3600}


@router.post("/auth/logout")
def logout(user: CurrentStaff, session: SessionDep,
           token: Annotated[str | None, Depends(staff_bearer)]) -> dict[str, Any]:
    """Revoke the presented staff token (the console's sign-out)."""
    staff.logout(session, token or "")
    session.commit()
    return {"username": user.username, "signed_out": True}


@router.get("/auth/me")
def me(user: CurrentStaff) -> dict[str, Any]:
    """The signed-in staff member and their ward."""
    return {"id": user.id, "username": user.username, "full_name": user.full_name,
            "ward_id": user.ward_id}
