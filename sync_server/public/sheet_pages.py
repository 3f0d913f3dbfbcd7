"""Public layer: the routes of a campaign's public sheet `/cong-khai/{public_id}`, its PDF and
XLSX, and its JSON twin under `/api/v1/public/campaigns/` (thin: facts in public.sheet).

Counted per client address like the status pages (public.limiter). Every unknown address
(an id never made, a campaign's own id, text that is no id) gets one answer, byte for byte.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from sync_server.errors import ApiProblem, E, problem_responses
from sync_server.public.i18n import words
from sync_server.public.pages import HEADERS, _lang, _limited, _render, _wait
from sync_server.public.sheet import PublicSheet, find_sheet
from sync_server.reports.common import format_kind_amount
from sync_server.storage import session_scope

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1/public", tags=["public"])
SHEET_PATH = "/cong-khai"
MEDIA = {"pdf": "application/pdf",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def sheet_url(request: Request, public_id: str) -> str:
    """The sheet's full address as this server is reached (what the QR code carries)."""
    return f"{str(request.base_url).rstrip('/')}{SHEET_PATH}/{public_id}"


def _find(request: Request, public_id: str) -> PublicSheet | None:
    with session_scope(request.app.state.engine) as session:
        return find_sheet(session, public_id)


def _unknown(request: Request) -> Response:
    return _render(request, "sheet_unknown.html", {"lang_href": SHEET_PATH}, status=404)


@router.get(SHEET_PATH)
def no_sheet(request: Request) -> Response:
    """No id: the same answer as an unknown one."""
    return _unknown(request)


@router.get(SHEET_PATH + "/{public_id}.{fmt}")
def sheet_file(request: Request, public_id: str, fmt: str) -> Response:
    """The sheet as PDF (with its QR code) or Excel."""
    wait = _wait(request)
    if wait is not None:
        return _limited(request, wait)
    sheet = _find(request, public_id) if fmt in MEDIA else None
    if sheet is None:
        return _unknown(request)
    from sync_server.reports.public_sheet import public_sheet_pdf, public_sheet_xlsx

    w = words(_lang(request))
    content = (public_sheet_pdf(sheet, w, url=sheet_url(request, public_id)) if fmt == "pdf"
               else public_sheet_xlsx(sheet, w))
    return Response(content, media_type=MEDIA[fmt], headers={
        **HEADERS, "Content-Disposition": f'attachment; filename="cong-khai-{public_id}.{fmt}"'})


@router.get(SHEET_PATH + "/{public_id}")
def sheet_page(request: Request, public_id: str) -> Response:
    """A campaign's public sheet: totals per kind, households, expenses, the balance."""
    wait = _wait(request)
    if wait is not None:
        return _limited(request, wait)
    sheet = _find(request, public_id)
    if sheet is None:
        return _unknown(request)
    return _render(request, "sheet.html", {"s": sheet, "amount": format_kind_amount})


@api_router.get("/campaigns/{public_id}", responses=problem_responses(404, 429))
def public_campaign(request: Request, public_id: str, response: Response) -> dict[str, Any]:
    """A campaign's public sheet as JSON (no login; rate limited per address)."""
    response.headers.update(HEADERS)
    wait = _wait(request)
    if wait is not None:
        raise ApiProblem(E.RATE_LIMITED, "Tra cứu quá nhiều lần, vui lòng đợi một phút.",
                         headers={"Retry-After": str(wait)})
    sheet = _find(request, public_id)
    if sheet is None:
        raise ApiProblem(E.NOT_FOUND, "Không có bảng công khai nào ở địa chỉ này.")
    return sheet.as_json()
