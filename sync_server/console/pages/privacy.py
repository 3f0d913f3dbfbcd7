"""Console layer: the ward head's page of citizens' data requests (`/console/privacy`):
find a person's data, give it to them (PDF, JSON), correct it, erase it after a
confirmation; the register of requests; the doorstep notice and the retention setting."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from field_app.wire.formats import parse_date_vn, utcnow
from sync_server.console.pages.common import CONSOLE, problem_sentence, redirect, render, t
from sync_server.errors import ApiProblem
from sync_server.reports.privacy_pdf import holdings_pdf
from sync_server.services import audit, privacy_register
from sync_server.services.privacy_erase import correct, erase_holdings
from sync_server.services.privacy_find import Holdings, find_person
from sync_server.services.staff import StaffUser
from sync_server.storage import session_scope
from sync_server.web.session import check_csrf, require_ward_head

router = APIRouter(prefix=CONSOLE, include_in_schema=False)
WardHead = Annotated[StaffUser, Depends(require_ward_head)]
Form = Annotated[dict[str, Any], Depends(check_csrf)]
PAGE = f"{CONSOLE}/privacy"


def _who(values: Any) -> dict[str, str]:
    """The request being handled, carried from the search to each action: whose data
    (`q`), who asked (`requester`) and when (`asked`, as typed: 15/12/2026)."""
    return {k: str(values.get(k) or "").strip()[:200] for k in ("q", "requester", "asked")}


def _asked_at(typed: str) -> datetime:
    try:
        return datetime.combine(parse_date_vn(typed), time(12), tzinfo=UTC)
    except ValueError:
        return utcnow()


def _register(db: Any, head: StaffUser, who: dict[str, str], kind: str, outcome: str,
              records: list[dict[str, Any]]) -> None:
    request_id = privacy_register.open_request(
        db, ward_id=head.ward_id, kind=kind, subject=who["q"], requester=who["requester"],
        asked_at=_asked_at(who["asked"]))
    privacy_register.answer_request(db, ward_id=head.ward_id, request_id=request_id,
                                    staff_id=head.id, outcome=outcome, records=records)


def _ids(found: Holdings) -> list[dict[str, Any]]:
    return [*({"entity": "petition", "id": p["id"]} for p in found.petitions),
            *({"entity": "household", "id": h["id"]} for h in found.households),
            *({"entity": "contribution_entry", "id": e["id"]} for e in found.entries),
            *({"entity": "dialogue_session", "id": d["id"]} for d in found.dialogues)]


@router.get("/privacy")
def privacy_page(request: Request, head: WardHead) -> Response:
    """A person's data in the ward (searched by phone or name), the register, the settings."""
    return _page(request, head)


def _page(request: Request, head: StaffUser, *, error: str | None = None,
          status: int = 200, confirm: bool = False) -> Response:
    who = _who(request.query_params)
    with session_scope(request.app.state.engine) as db:
        found = find_person(db, ward_id=head.ward_id, text=who["q"]) if who["q"] else None
        if found is not None:
            audit.record(db, ward_id=head.ward_id, actor_id=head.id, action="privacy.search",
                         entity="person", entity_id=audit.ANY_RECORD,
                         detail={"q": who["q"], "ids": _ids(found)})
        register = privacy_register.requests(db, head.ward_id)
        settings = privacy_register.settings(db, head.ward_id)
    return render(request, "privacy_confirm.html" if confirm else "privacy.html", {
        "who": who, "found": found, "register": register, "settings": settings,
        "done": request.query_params.get("done") or "", "error": error,
    }, status=status)


@router.get("/privacy/erase")
def erase_confirm(request: Request, head: WardHead) -> Response:
    """What an erasure would empty, and the button that does it."""
    return _page(request, head, confirm=True)


@router.post("/privacy/erase")
def erase(request: Request, head: WardHead, form: Form) -> Response:
    """Erase the person's personal data everywhere (the phones pull the erasure)."""
    who = _who(form)
    with session_scope(request.app.state.engine) as db:
        found = find_person(db, ward_id=head.ward_id, text=who["q"])
        done = erase_holdings(db, ward_id=head.ward_id, actor=head.actor, holdings=found)
        audit.record(db, ward_id=head.ward_id, actor_id=head.id, action="privacy.erase",
                     entity="person", entity_id=audit.ANY_RECORD,
                     detail={"q": who["q"], **done.as_dict()})
        _register(db, head, who, "erase", t(request).t("privacy.outcome.erased",
                                                       count=done.count), _ids(found))
    return redirect(PAGE, done="erased", requester=who["requester"], asked=who["asked"])


@router.post("/privacy/correct")
def correct_field(request: Request, head: WardHead, form: Form) -> Response:
    """Set one personal field to what the citizen says it should be."""
    who = _who(form)
    entity, record_id = str(form.get("entity", "")), str(form.get("id", ""))
    field_name = str(form.get("field", ""))
    try:
        with session_scope(request.app.state.engine) as db:
            correct(db, ward_id=head.ward_id, actor=head.actor, entity=entity,
                    record_id=record_id, field_name=field_name, value=str(form.get("value", "")))
            audit.record(db, ward_id=head.ward_id, actor_id=head.id, action="privacy.correct",
                         entity=entity, entity_id=record_id, detail={"field": field_name})
            _register(db, head, who, "correct",
                      t(request).t("privacy.outcome.corrected",
                                   field=t(request).t(f"privacy.field.{field_name}")),
                      [{"entity": entity, "id": record_id, "field": field_name}])
    except ApiProblem as problem:
        return _page(request, head, error=problem_sentence(request, problem),
                     status=problem.status_code)
    return redirect(PAGE, q=who["q"], requester=who["requester"], asked=who["asked"],
                    done="corrected")


@router.get("/privacy/export.{kind}")
def export(request: Request, kind: str, head: WardHead) -> Response:
    """Everything held about the person, to give them: a PDF or a JSON file (audited)."""
    who = _who(request.query_params)
    if kind not in ("pdf", "json") or not who["q"]:
        return redirect(PAGE)
    tr = t(request)
    with session_scope(request.app.state.engine) as db:
        found = find_person(db, ward_id=head.ward_id, text=who["q"])
        audit.record(db, ward_id=head.ward_id, actor_id=head.id, action="privacy.export",
                     entity="person", entity_id=audit.ANY_RECORD,
                     detail={"q": who["q"], "file": f"du-lieu-ca-nhan.{kind}",
                             "ids": _ids(found)})
        _register(db, head, who, "access", tr.t("privacy.outcome.given", file=kind.upper()),
                  _ids(found))
    if kind == "json":
        content = json.dumps(found.as_json(), ensure_ascii=False, indent=2).encode()
        media = "application/json"
    else:
        content = holdings_pdf(found, tr.t, now=utcnow())
        media = "application/pdf"
    name = f"{tr.t('privacy.file_name')}.{kind}"
    disposition = (f"attachment; filename=\"du-lieu-ca-nhan.{kind}\"; "
                   f"filename*=UTF-8''{quote(name, safe='')}")
    return Response(content, media_type=media,
                    headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})


@router.post("/privacy/settings")
def save_settings(request: Request, head: WardHead, form: Form) -> Response:
    """The doorstep notice (each new text is a new version) and the years data is kept."""
    try:
        with session_scope(request.app.state.engine) as db:
            privacy_register.set_notice(db, head.ward_id, str(form.get("notice", "")),
                                        actor=head.actor)
            try:
                years = int(str(form.get("retention_years", "")).strip())
            except ValueError:
                years = 0
            privacy_register.set_retention(db, head.ward_id, years)
    except ApiProblem as problem:
        return _page(request, head, error=problem_sentence(request, problem),
                     status=problem.status_code)
    return redirect(PAGE, done="settings")
