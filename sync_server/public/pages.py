"""Public layer: the routes of the citizens' status pages and their JSON twin (thin: lookups
in public.lookup, the satisfaction answer in services.citizen_feedback)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from field_app.wire.tracking import normalize
from sync_server.api.deps import client_ip
from sync_server.errors import ApiProblem, E, problem_responses
from sync_server.public.i18n import words
from sync_server.public.lookup import PublicPetition, find, public_ward, token_matches
from sync_server.services import citizen_feedback
from sync_server.storage import session_scope
from sync_server.web.templating import Pages

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1/public", tags=["public"])
HEADERS = {"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "vi"


def _globals(request: Request) -> dict[str, Any]:
    lang = _lang(request)
    return {"w": words(lang), "lang": lang, "lang_query": "?lang=en" if lang == "en" else "",
            "other_lang": "vi" if lang == "en" else "en"}


PAGES = Pages(Path(__file__).resolve().parent / "templates", globals_for=_globals)


def _render(request: Request, name: str, context: dict[str, Any] | None = None, *,
            status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return PAGES.render(request, name, context, status=status,
                        headers={**HEADERS, **(headers or {})})


def _wait(request: Request) -> int | None:
    """Count this lookup; the seconds to wait when the client has used up its lookups."""
    wait: int | None = request.app.state.public_limiter.hit(client_ip(request))
    return wait


def _find(request: Request, typed: str) -> tuple[str, PublicPetition] | None:
    code = normalize(typed)
    if code is None:
        return None
    with session_scope(request.app.state.engine) as session:
        ward_id = public_ward(session, request.app.state.settings.public_ward_id)
        return None if ward_id is None else find(session, ward_id=ward_id, tracking_code=code)


def _limited(request: Request, wait: int) -> Response:
    return _render(request, "limited.html", status=429, headers={"Retry-After": str(wait)})


def _unknown(request: Request) -> Response:
    # one answer, byte for byte, for a code never made, a code of another ward and text
    # that is no code (not even the address echoed: the language link goes to the form)
    return _render(request, "unknown.html", {"lang_href": "/tra-cuu"}, status=404)


@router.get("/tra-cuu")
def lookup_form(request: Request, ma: str = "") -> Response:
    """The form: type a tracking code (GET, so it works without JavaScript)."""
    if ma.strip():
        code = normalize(ma) or quote(ma.strip()[:40], safe="")
        lang = "?lang=en" if _lang(request) == "en" else ""
        return RedirectResponse(f"/tra-cuu/{code}{lang}", status_code=303, headers=HEADERS)
    return _render(request, "form.html")


def _status(request: Request, found: tuple[str, PublicPetition], *, error: str | None = None,
            typed: dict[str, str] | None = None, status: int = 200) -> Response:
    from sync_server.public.lookup import feedback_token

    petition_id, petition = found
    return _render(request, "status.html", {
        "p": petition, "token": feedback_token(petition_id, petition.tracking_code),
        "done": request.query_params.get("done") == "1", "error": error,
        "typed": typed or {}}, status=status)


@router.get("/tra-cuu/{code}")
def status_page(request: Request, code: str) -> Response:
    """A petition's status in words, its dates, the ward's answer; "are you satisfied?"."""
    wait = _wait(request)
    if wait is not None:
        return _limited(request, wait)
    found = _find(request, code)
    return _unknown(request) if found is None else _status(request, found)


@router.post("/tra-cuu/{code}")
async def give_feedback(request: Request, code: str) -> Response:
    """The citizen's answer to "are you satisfied?": on the timeline, then back to the page."""
    wait = _wait(request)
    if wait is not None:
        return _limited(request, wait)
    form = await request.form()
    sent = {k: str(form.get(k, "")) for k in ("token", "satisfied", "comment")}
    found = await run_in_threadpool(_find, request, code)
    if found is None:
        return _unknown(request)
    petition_id, petition = found
    w = words(_lang(request))
    if not token_matches(petition_id, petition.tracking_code, sent["token"]):
        return _status(request, found, error=w["feedback.refused"], typed=sent, status=403)
    if sent["satisfied"] not in ("yes", "no"):
        return _status(request, found, error=w["feedback.choose"], typed=sent, status=422)

    def write() -> bool:
        with Session(request.app.state.engine, expire_on_commit=False) as session:
            ward_id = public_ward(session, request.app.state.settings.public_ward_id)
            return ward_id is not None and citizen_feedback.record(
                session, ward_id=ward_id, tracking_code=petition.tracking_code,
                satisfied=sent["satisfied"] == "yes", comment=sent["comment"])

    if not await run_in_threadpool(write):
        return _status(request, found, error=w["feedback.refused"], typed=sent, status=409)
    lang = "&lang=en" if _lang(request) == "en" else ""
    return RedirectResponse(f"/tra-cuu/{petition.tracking_code}?done=1{lang}",
                            status_code=303, headers=HEADERS)


class PublicPetitionOut(BaseModel):
    """What anyone holding a tracking code may know of the petition (nothing personal)."""

    tracking_code: str
    status: str
    category: str
    group: str
    ward: str
    received_at: str | None
    accepted_at: str | None
    answered_at: str | None
    due_date: str | None
    answer: str | None
    rejection_reason: str | None
    citizen_satisfied: bool | None
    can_give_feedback: bool


@api_router.get("/petitions/{code}", response_model=PublicPetitionOut,
                responses=problem_responses(404, 429))
def public_petition(request: Request, code: str, response: Response) -> dict[str, Any]:
    """A petition's public status by its tracking code (no login; rate limited per address)."""
    response.headers.update(HEADERS)
    response.headers["Cache-Control"] = "no-store"
    wait = _wait(request)
    if wait is not None:
        raise ApiProblem(E.RATE_LIMITED, "Tra cứu quá nhiều lần, vui lòng đợi một phút.",
                         headers={"Retry-After": str(wait)})
    found = _find(request, code)
    if found is None:
        raise ApiProblem(E.NOT_FOUND, "Không có kiến nghị nào với mã này.")
    return found[1].as_json()
