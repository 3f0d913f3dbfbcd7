"""Console layer: sign-in, sign-out and the language switch.

Sign-in shares the API's failure limiter (`app.state.login_limiter`): wrong passwords
typed here and at `/api/v1/auth/token` count against the same limit, then both lock out.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import Response

from sync_server.api.deps import client_ip
from sync_server.console.pages.common import CONSOLE, home_for, redirect, render, t
from sync_server.errors import ApiProblem, E
from sync_server.services import staff as staff_service
from sync_server.storage import session_scope
from sync_server.web.session import (
    check_csrf,
    clear_session_cookie,
    current_account,
    session_token,
    set_language_cookie,
    set_session_cookie,
)

router = APIRouter(prefix=CONSOLE, include_in_schema=False)


def _safe_next(target: str | None, home: str = f"{CONSOLE}/petitions") -> str:
    """Only a console address may follow sign-in (no open redirect)."""
    if target and target.startswith(CONSOLE + "/") and not target.startswith("//"):
        return target
    return home


def _landing(account: object, target: str | None) -> str:
    """Where to go after sign-in: the page asked for, else the account's home; a province
    account lands on the province's figures unless it asked for a province page."""
    home = home_for(account)
    if home != f"{CONSOLE}/petitions" and not (target or "").startswith(home):
        return home
    return _safe_next(target, home)


@router.get("")
@router.get("/")
def console_home(request: Request) -> Response:
    account = current_account(request)
    if account is None:
        return redirect(f"{CONSOLE}/login")
    return redirect(home_for(account))


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    account = current_account(request)
    if account is not None:
        return redirect(_landing(account, next))
    return render(request, "login.html", {"next": _safe_next(next), "username": ""})


@router.post("/login")
def login(request: Request, username: Annotated[str, Form()] = "",
          password: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "") -> Response:
    limiter = request.app.state.login_limiter
    ip = client_ip(request)
    context: dict[str, Any] = {"next": _safe_next(next), "username": username}
    try:
        limiter.check(ip)
    except ApiProblem:
        return render(request, "login.html", {**context, "error": t(request).t("login.locked")},
                      status=429)
    settings = request.app.state.settings
    try:
        with session_scope(request.app.state.engine) as db:
            token = staff_service.login(db, username=username.strip(), password=password,
                                        hours=settings.staff_token_hours)
            account = staff_service.account_for_token(db, token)
    except ApiProblem as problem:
        if problem.code != E.BAD_CREDENTIALS:
            raise
        limiter.fail(ip)
        return render(request, "login.html", {**context, "error": t(request).t("login.failed")},
                      status=401)
    response = redirect(_landing(account, next))
    set_session_cookie(request, response, token, settings.staff_token_hours)
    return response


@router.post("/logout")
def logout(request: Request, form: Annotated[dict[str, Any], Depends(check_csrf)]) -> Response:
    with session_scope(request.app.state.engine) as db:
        staff_service.logout(db, session_token(request))
    response = redirect(f"{CONSOLE}/login")
    clear_session_cookie(response)
    return response


@router.get("/lang/{lang}")
def switch_language(request: Request, lang: str, next: str | None = None) -> Response:
    """Switch the console's language and stay on the same page (remembered in a cookie)."""
    response = redirect(_safe_next(next) if next != f"{CONSOLE}/login" else next)
    set_language_cookie(response, lang)
    return response
