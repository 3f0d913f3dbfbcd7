"""Console layer: the ward's dialogue days, one session per address, and its briefing.

`/console/dialogue` lists the ward's dialogue days (the next one on the settings' day of
the month); `POST /console/dialogue` opens the next one and redirects to its address.
`/console/dialogue/{id}` is one form: the session's place, chair, attendees and minutes,
the agenda ticked from the ward's open and overdue petitions, and the commitments (the
saved ones editable, one empty row for a new one). Saving posts the whole form and
redirects back (`?done=saved`); a save made meanwhile by another officer renders the page
again with what this officer typed kept beside what is saved now. Every typed field is a
draft in the browser (console.js) until a save consumes it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError
from starlette.responses import Response

from field_app.wire.formats import VN_TZ
from sync_server.console.pages import export_reason
from sync_server.console.pages.common import (
    CONSOLE,
    backend,
    not_found,
    problem_sentence,
    redirect,
    render,
    t,
)
from sync_server.console.pages.petitions import parse_typed_date
from sync_server.errors import ApiProblem, E
from sync_server.reports import briefing_pdf, briefing_xlsx
from sync_server.services.staff import StaffUser
from sync_server.web.session import check_csrf, require_staff

router = APIRouter(prefix=CONSOLE, include_in_schema=False)
Staff = Annotated[StaffUser, Depends(require_staff)]
MAX_ROWS = 500


@dataclass
class Typed:
    """The dialogue form as the officer filled it (or as saved), every value as text."""

    place: str = ""
    chair: str = ""
    attendees: str = ""
    attendance_count: str = ""
    minutes: str = ""
    held: bool = False
    agenda: list[str] = field(default_factory=list)
    commitments: list[dict[str, str]] = field(default_factory=list)
    new: dict[str, str] = field(default_factory=lambda: {"text": "", "owner": "", "due": ""})


def _due_text(value: Any) -> str:
    if not value:
        return ""
    return date.fromisoformat(str(value)).strftime("%d/%m/%Y")


def _from_saved(saved: dict[str, Any]) -> Typed:
    return Typed(
        place=saved.get("place") or "",
        chair=saved.get("chair") or "",
        attendees="\n".join(saved.get("attendees") or []),
        attendance_count=str(saved.get("attendance_count") or ""),
        minutes=saved.get("minutes") or "",
        held=bool(saved.get("held_at")),
        agenda=[str(p) for p in saved.get("petition_ids") or []],
        commitments=[
            {"id": str(c.get("id") or uuid.uuid4()), "text": c.get("text", ""),
             "owner": c.get("owner", ""), "due": _due_text(c.get("due_date")),
             "status": "done" if c.get("status") == "done" else "open"}
            for c in saved.get("commitments") or []
        ],
    )


def _from_form(form: dict[str, Any]) -> Typed:
    def text(key: str) -> str:
        return str(form.get(key, ""))

    agenda: list[tuple[int, str]] = []
    for n in range(min(_int(text("row_count"), 0), MAX_ROWS)):
        pid = text(f"row{n}")
        if pid and form.get(f"pick{n}"):
            agenda.append((n, pid))
    commitments = [
        {"id": text(f"c{n}_id") or str(uuid.uuid4()), "text": text(f"c{n}_text"),
         "owner": text(f"c{n}_owner"), "due": text(f"c{n}_due"),
         "status": "done" if text(f"c{n}_status") == "done" else "open"}
        for n in range(min(_int(text("c_count"), 0), MAX_ROWS))
    ]
    return Typed(
        place=text("place"), chair=text("chair"), attendees=text("attendees"),
        attendance_count=text("attendance_count"), minutes=text("minutes"),
        held=bool(form.get("held")), agenda=[pid for _n, pid in agenda],
        commitments=commitments,
        new={"text": text("new_text"), "owner": text("new_owner"), "due": text("new_due")},
    )


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or "")
    except ValueError:
        return default


def _moved(agenda: list[str], move: str) -> list[str]:
    """The agenda with one petition moved (`up:<id>` or `down:<id>`)."""
    way, _, pid = move.partition(":")
    if pid not in agenda or way not in {"up", "down"}:
        return agenda
    ids = list(agenda)
    i = ids.index(pid)
    j = i - 1 if way == "up" else i + 1
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
    return ids


# -- the list of dialogue days ----------------------------------------------------------


@router.get("/dialogue")
def dialogue_days(request: Request, staff: Staff) -> Response:
    """The ward's dialogue days: the next one (open it or go to it) and the earlier ones."""
    console = backend(request)
    plan = console.dialogue_day(staff)
    sessions = console.ward_dialogues(staff)
    rows = [
        {"id": s["id"], "day": date.fromisoformat(s["scheduled_on"]) if s["scheduled_on"] else None,
         "place": s.get("place") or "", "chair": s.get("chair") or "",
         "agenda": len(s.get("petition_ids") or []),
         "open": sum(1 for c in s.get("commitments") or [] if c.get("status") != "done"),
         "held": bool(s.get("held_at"))}
        for s in sessions
    ]
    return render(request, "dialogue_days.html", {
        "next_day": plan.day,
        "next_saved": plan.saved,
        "rows": rows,
        "today": console.today(),
    })


@router.post("/dialogue")
def open_next_day(request: Request, staff: Staff,
                  form: Annotated[dict[str, Any], Depends(check_csrf)]) -> Response:
    """Open the next dialogue day's session (or go to it when it is already open)."""
    console = backend(request)
    plan = console.dialogue_day(staff)
    if plan.saved is not None:
        return redirect(f"{CONSOLE}/dialogue/{plan.saved['id']}")
    title = f"{t(request).t('dialogue.title')} {plan.day.strftime('%d/%m/%Y')}"
    session_id = console.save_ward_dialogue(
        staff, session_id=None, base_version=None,
        fields={"kind": "ward_dialogue_day", "title": title, "scheduled_on": plan.day},
    )
    return redirect(f"{CONSOLE}/dialogue/{session_id}")


# -- one dialogue day -------------------------------------------------------------------


@router.get("/dialogue/{session_id}")
def dialogue_page(request: Request, session_id: str, staff: Staff) -> Response:
    """One dialogue day: its session, agenda and commitments in one form."""
    return _page(request, staff, session_id)


def _page(request: Request, staff: StaffUser, session_id: str, *, typed: Typed | None = None,
          error: str | None = None, conflict: bool = False, status: int = 200) -> Response:
    console = backend(request)
    saved = console.ward_dialogue(staff, session_id)
    if saved is None:
        return not_found(request, "dialogue.not_found")
    day = date.fromisoformat(saved["scheduled_on"]) if saved["scheduled_on"] else console.today()
    form = typed or _from_saved(saved)
    candidates = console.dialogue_day(staff, day).candidates
    known = {c.petition_id: c for c in candidates}
    wanted = set(form.agenda) | {str(p) for p in saved.get("petition_ids") or []}
    missing = [pid for pid in wanted if pid not in known]
    for item in console.agenda_items(staff, missing):
        known[item.petition_id] = item
    chosen = [known[pid] for pid in form.agenda if pid in known]
    chosen_ids = {i.petition_id for i in chosen}
    rows = chosen + [c for c in candidates if c.petition_id not in chosen_ids]
    context = {
        "s": saved,
        "day": day,
        "form": form,
        "rows": rows,
        "chosen": chosen_ids,
        "typed": typed is not None,
        "error": error,
        "conflict": conflict,
        "saved_form": _from_saved(saved) if conflict else None,
        "titles": {pid: item.title for pid, item in known.items()},
        "done": request.query_params.get("done") or "",
    }
    return render(request, "dialogue.html", context, status=status)


def _fields(typed: Typed, day: date, title: str, titles: dict[str, str]) -> dict[str, Any]:
    """The session's fields for the dialogue service; ValueError names what is wrong."""
    commitments: list[dict[str, Any]] = []
    for c in typed.commitments:
        if not c["text"].strip():
            continue  # cleared: the commitment is dropped
        due = _parse_due(c["due"])
        commitments.append({"id": c["id"], "text": c["text"].strip(),
                            "owner": c["owner"].strip(),
                            "due_date": due.isoformat() if due else None,
                            "status": c["status"]})
    new = typed.new
    if new["text"].strip():
        due = _parse_due(new["due"])
        commitments.append({"id": str(uuid.uuid4()), "text": new["text"].strip(),
                            "owner": new["owner"].strip(),
                            "due_date": due.isoformat() if due else None, "status": "open"})
    elif new["owner"].strip() or new["due"].strip():
        raise ValueError("dialogue.commitment.need_text")
    count = typed.attendance_count.strip()
    if count and not count.isdigit():
        raise ValueError("dialogue.bad_count")
    held_at = datetime.combine(day, time(8, 0), VN_TZ).astimezone(UTC) if typed.held else None
    return {
        "kind": "ward_dialogue_day",
        "title": title,
        "scheduled_on": day,
        "held_at": held_at,
        "place": typed.place.strip(),
        "chair": typed.chair.strip(),
        "attendees": [a.strip() for a in typed.attendees.splitlines() if a.strip()],
        "attendance_count": int(count) if count else None,
        "agenda": [titles[pid][:200] for pid in typed.agenda if pid in titles],
        "minutes": typed.minutes,
        "petition_ids": [pid for pid in typed.agenda if pid in titles],
        "commitments": commitments,
    }


def _parse_due(text: str) -> date | None:
    try:
        return parse_typed_date(text)
    except ValueError:
        raise ValueError("dialogue.bad_date") from None


@router.post("/dialogue/{session_id}")
def save_dialogue(request: Request, session_id: str, staff: Staff,
                  form: Annotated[dict[str, Any], Depends(check_csrf)]) -> Response:
    """Save the whole form (Save, or Up/Down which also move one agenda item)."""
    console = backend(request)
    saved = console.ward_dialogue(staff, session_id)
    if saved is None:
        return not_found(request, "dialogue.not_found")
    typed = _from_form(form)
    move = str(form.get("move", ""))
    if move:
        typed.agenda = _moved(typed.agenda, move)
    day = date.fromisoformat(saved["scheduled_on"]) if saved["scheduled_on"] else console.today()
    known = {i.petition_id: i.title for i in console.agenda_items(staff, typed.agenda)}
    tr = t(request)
    try:
        fields = _fields(typed, day, saved.get("title") or "", known)
    except ValueError as wrong:
        return _page(request, staff, session_id, typed=typed, status=422, error=tr.t(str(wrong)))
    try:
        console.save_ward_dialogue(staff, session_id=session_id,
                                   base_version=_int(str(form.get("base_version")), 0),
                                   fields=fields)
    except ApiProblem as problem:
        if problem.code == E.VERSION_CONFLICT:
            return _page(request, staff, session_id, typed=typed, status=409, conflict=True)
        return _page(request, staff, session_id, typed=typed, status=problem.status_code,
                     error=problem_sentence(request, problem))
    except ValidationError:
        return _page(request, staff, session_id, typed=typed, status=422,
                     error=tr.t("dialogue.invalid_input"))
    return redirect(f"{CONSOLE}/dialogue/{session_id}", done="saved")


# -- the briefing -----------------------------------------------------------------------


@router.get("/dialogue/{session_id}/briefing.{kind}")
def briefing(request: Request, session_id: str, kind: str, staff: Staff, names: str = "",
             reason: str = "") -> Response:
    """The briefing of the agenda, place and chair as saved, as PDF or XLSX; the citizens'
    names only when asked with a reason (audited with it)."""
    if kind not in {"pdf", "xlsx"}:
        return not_found(request)
    with_names = names == "1"
    why = export_reason.chosen(reason)
    if with_names and why is None:
        return render(request, "error.html", {"message": t(request).t("export.reason_needed")},
                      status=422)
    console = backend(request)
    saved = console.ward_dialogue(staff, session_id)
    if saved is None:
        return not_found(request, "dialogue.not_found")
    day = date.fromisoformat(saved["scheduled_on"]) if saved["scheduled_on"] else console.today()
    data = console.briefing_data(
        staff, day=day, petition_ids=[str(p) for p in saved.get("petition_ids") or []],
        place=saved.get("place") or "", chair=saved.get("chair") or "")
    if not with_names:  # the default: no personal data in the file
        data = replace(data, items=[replace(i, citizen_name=None, citizen_phone=None)
                                    for i in data.items])
    tr = t(request)
    if kind == "pdf":
        content = briefing_pdf(data, tr.t)
        media = "application/pdf"
    else:
        content = briefing_xlsx(data, tr.t)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    named = [i.petition_id for i in data.items if i.citizen_name]
    if named:
        console.record_export(staff, entity="dialogue_session", entity_id=session_id,
                              detail={"file": f"briefing.{kind}", "petitions_with_names": named,
                                      "reason": why})
    name = f"{tr.t('dialogue.briefing_file', date=day.strftime('%d-%m-%Y'))}.{kind}"
    plain = f"doi-thoai-{day.isoformat()}.{kind}"
    disposition = f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"
    return Response(content, media_type=media,
                    headers={"Content-Disposition": disposition, "Cache-Control": "no-store"})
