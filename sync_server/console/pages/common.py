"""Console layer: what every console page shares: rendering, redirects, error pages.

Routes stay thin: they read the request, call `ConsoleBackend` (the one door to the
server's services and queries) and render a template with `render`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from starlette.responses import RedirectResponse, Response

from sync_server.console.backend import ConsoleBackend
from sync_server.console.i18n import Translator
from sync_server.errors import ApiProblem
from sync_server.web.session import (
    CsrfRefused,
    LoginRequired,
    NotAllowed,
    ProvincePageRefused,
    WardPageRefused,
    csrf_token,
    current_account,
    current_staff,
    language,
)
from sync_server.web.templating import Pages

CONSOLE = "/console"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
STATIC = Path(__file__).resolve().parents[1] / "static"

NAV = (
    ("petitions", "/console/petitions"),
    ("dialogue", "/console/dialogue"),
    ("campaigns", "/console/campaigns"),
    ("models", "/console/models"),
    ("group_reports", "/console/group-reports"),
    ("reports", "/console/reports"),
    ("devices", "/console/devices"),
    ("deadlines", "/console/deadlines"),
)
HEAD_NAV = (("audit", "/console/audit"), ("staff", "/console/staff"),
            ("privacy", "/console/privacy"), ("webhooks", "/console/webhooks"))
PROVINCE_NAV = (("province", "/console/province"),)


def _globals(request: Request) -> dict[str, Any]:
    lang = language(request)
    account = current_account(request)
    staff = current_staff(request)
    nav = list(NAV) if staff is not None else list(PROVINCE_NAV)
    # the ward head's own pages, in a menu of their own: one row of the header holds them all
    head_nav = list(HEAD_NAV) if staff is not None and staff.is_ward_head else []
    path = request.url.path
    return {
        "t": Translator(lang).t,
        "lang": lang,
        "staff": staff,
        "account": account,
        "home": home_for(account),
        "ward_name": ward_name(request, staff.ward_id) if staff else "",
        "csrf": csrf_token(request),
        "nav": nav,
        "head_nav": head_nav,
        "head_current": any(path.startswith(href) for _, href in head_nav),
        "path": path,
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }


pages = Pages(TEMPLATES, globals_for=_globals)


def home_for(account: object) -> str:
    """Where an account lands: a ward's staff on the inbox, a province account on the
    province's figures."""
    return f"{CONSOLE}/petitions" if account is None or current_is_ward(account) \
        else f"{CONSOLE}/province"


def current_is_ward(account: object) -> bool:
    from sync_server.services.staff import StaffUser

    return isinstance(account, StaffUser)


def backend(request: Request) -> ConsoleBackend:
    found: ConsoleBackend | None = getattr(request.app.state, "console_backend", None)
    if found is None:
        found = ConsoleBackend(request.app)
        request.app.state.console_backend = found
    return found


def ward_name(request: Request, ward_id: str) -> str:
    names: dict[str, str] = request.app.state.__dict__.setdefault("ward_names", {})
    if ward_id not in names:
        names[ward_id] = backend(request).ward_name(ward_id)
    return names[ward_id]


def t(request: Request) -> Translator:
    return Translator(language(request))


def render(request: Request, name: str, context: dict[str, Any] | None = None, *,
           status: int = 200) -> Response:
    return pages.render(request, name, context, status=status)


def redirect(path: str, **query: Any) -> RedirectResponse:
    """303 See Other to `path` (POST, then redirect to the page that shows the result)."""
    clean = {k: v for k, v in query.items() if v not in (None, "", False)}
    return RedirectResponse(path + (f"?{urlencode(clean)}" if clean else ""), status_code=303)


def problem_sentence(request: Request, problem: ApiProblem) -> str:
    """A Vietnamese (or English) sentence for a refused action, never a code."""
    key = f"problem.{problem.code.value}"
    tr = t(request)
    if tr.has(key):
        return tr.t(key)
    body = problem.body()
    return str(body.get("detail") or tr.t("problem.generic"))


def install_console_errors(app: FastAPI) -> None:
    """Login redirects, CSRF refusals and role refusals answered as pages."""

    async def login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        return redirect(f"{CONSOLE}/login", next=exc.next_url)

    async def csrf_refused(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", {"message": t(request).t("error.csrf")},
                      status=403)

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", {"message": t(request).t("error.ward_head_only")},
                      status=403)

    async def ward_page_refused(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", {"message": t(request).t("error.province_only"),
                                              "back": f"{CONSOLE}/province"}, status=403)

    async def province_page_refused(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", {"message": t(request).t("error.ward_only"),
                                              "back": f"{CONSOLE}/petitions"}, status=403)

    app.add_exception_handler(WardPageRefused, ward_page_refused)
    app.add_exception_handler(ProvincePageRefused, province_page_refused)
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(CsrfRefused, csrf_refused)
    app.add_exception_handler(NotAllowed, not_allowed)


def not_found(request: Request, message_key: str = "error.not_found") -> Response:
    return render(request, "error.html", {"message": t(request).t(message_key)}, status=404)
