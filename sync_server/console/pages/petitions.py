"""Console layer: the petition inbox and one petition with its ward-side actions.

Filters and pages live in the query string; an action is a POST that redirects back
to the petition (`?done=<action>`). A refused action renders the petition again with
what the officer typed still in the form, and a change made meanwhile by another
officer is shown beside it so the officer chooses; nothing is overwritten silently.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from field_app.wire.lifecycle import allowed_actions
from field_app.wire.records import Category, FieldOfWork, PetitionStatus
from sync_server.console.pages.common import (
    CONSOLE,
    backend,
    not_found,
    problem_sentence,
    redirect,
    render,
    t,
)
from sync_server.errors import ApiProblem, E
from sync_server.services.deadlines import petition_deadlines
from sync_server.services.inbox import InboxFilters, Sort
from sync_server.services.staff import StaffUser
from sync_server.web.session import check_csrf, require_staff

router = APIRouter(prefix=CONSOLE, include_in_schema=False)
Staff = Annotated[StaffUser, Depends(require_staff)]
PAGE_SIZES = (25, 50, 100, 200, 500)
ASSIGN_FIELDS = ("assigned_unit", "assigned_officer", "due_date")
TYPED_FIELDS = (*ASSIGN_FIELDS, "answer", "note")
# the orders the inbox offers, oldest first by default (a queue of work)
SORTS: tuple[Sort, ...] = ("received_at", "-received_at", "deadline")
# the console's words before the inbox had one vocabulary, still in officers' bookmarks
OLD_SORTS: dict[str, Sort] = {"age": "received_at", "newest": "-received_at", "due": "deadline"}


def _filters(request: Request) -> InboxFilters:
    q = request.query_params
    status = q.get("status") or None
    sort = q.get("sort") or ""
    sort = OLD_SORTS.get(sort, sort)
    return InboxFilters(
        status=(status,) if status in {s.value for s in PetitionStatus} else (),
        group_id=q.get("group") or None,
        field=q.get("field") or None,
        category=q.get("category") or None,
        overdue=True if q.get("overdue") == "1" else None,
        due_soon=q.get("due_soon") == "1",
        unassigned=q.get("unassigned") == "1",
        reopen=q.get("reopen") == "1",
        q=(q.get("q") or "").strip()[:200],
        sort=next((s for s in SORTS if s == sort), "received_at"),
    )


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or "")
    except ValueError:
        return default


@router.get("/petitions")
def inbox(request: Request, staff: Staff) -> Response:
    """The ward's petitions: filters, counts per status, a page of rows, live updates."""
    filters = _filters(request)
    size = _int(request.query_params.get("size"), 50)
    size = size if size in PAGE_SIZES else 50
    page_no = max(1, _int(request.query_params.get("page"), 1))
    console = backend(request)
    if filters.q:
        console.record_search(staff, entity="petition", query=filters.q)
    result = console.inbox(staff, filters, page=page_no, page_size=size)
    context = {
        "filters": filters,
        "result": result,
        "size": size,
        "sizes": PAGE_SIZES,
        "groups": console.groups(staff),
        "statuses": [s.value for s in PetitionStatus],
        "fields": [f.value for f in FieldOfWork],
        "categories": [c.value for c in Category],
        "sorts": SORTS,
        "query": _query_without(request, "page"),
        "status_query": _query_without(request, "page", "status"),
        "print_query": _query_without(request, "page", "size"),
        "refreshed_at": datetime.now().astimezone(),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "inbox_rows.html", context)
    return render(request, "inbox.html", context)


def _query_without(request: Request, *names: str) -> str:
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in names and v]
    return "&".join(f"{k}={_quote(v)}" for k, v in kept)


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


@router.get("/petitions/{petition_id}")
def petition_page(request: Request, petition_id: str, staff: Staff) -> Response:
    """One petition: its record, photos, personal data on request (audited), actions."""
    return _petition(request, staff, petition_id)


def _petition(request: Request, staff: StaffUser, petition_id: str, *,
              typed: dict[str, str] | None = None, error: str | None = None,
              conflict: dict[str, Any] | None = None, status: int = 200) -> Response:
    console = backend(request)
    detail = console.petition(staff, petition_id)
    if detail is None:
        return not_found(request, "petition.not_found")
    q = request.query_params
    show_personal = q.get("personal") == "1" and detail.has_personal_data
    reason = (q.get("reason") or "").strip()[:200]
    if show_personal:
        console.record_personal_view(staff, petition_id, reason=reason)
    p = detail.petition
    policy = console.deadline_policy(staff)
    today = console.today()
    defaults = {
        "assigned_unit": p.assigned_unit or "",
        "assigned_officer": p.assigned_officer or "",
        "due_date": p.due_date.strftime("%d/%m/%Y") if p.due_date else "",
        "answer": p.answer or "",
        "note": "",
    }
    context = {
        "detail": detail,
        "p": p,
        "actions": allowed_actions(p.status, staff=True),
        "form": {**defaults, **(typed or {})},
        "typed": typed is not None,
        "error": error,
        "conflict": conflict,
        "show_personal": show_personal,
        "done": q.get("done") or "",
        "loaded_at": datetime.now().astimezone().isoformat(),
        "household": console.household_of(staff, p.household_id) if show_personal else None,
        "deadlines": petition_deadlines(policy.calendar, status=p.status, ack_due=p.ack_due,
                                        due_date=p.due_date, today=today),
        "default_due": policy.answer_due(today, p.category),
        "default_due_days": policy.answer_days(p.category),
    }
    return render(request, "petition.html", context, status=status)


def parse_typed_date(text: str) -> date | None:
    """A date as officers type it (15/12/2026, 15-12-2026, or 2026-12-15); None when empty."""
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


@router.post("/petitions/{petition_id}")
def petition_action(request: Request, petition_id: str, staff: Staff,
                    form: Annotated[dict[str, Any], Depends(check_csrf)]) -> Response:
    """Accept, assign, start, answer, reject, close or reopen, as the form's button says."""
    action = str(form.get("action", ""))
    typed = {key: str(form.get(key, "")) for key in TYPED_FIELDS}
    tr = t(request)
    try:
        due = parse_typed_date(typed["due_date"])
    except ValueError:
        return _petition(request, staff, petition_id, typed=typed, status=422,
                         error=tr.t("petition.bad_date"))
    fields: dict[str, Any] = {"note": typed["note"].strip() or None,
                              "base_version": _int(str(form.get("base_version")), 0)}
    if action in {"accept", "assign", "start", "reopen"}:
        fields.update(assigned_unit=typed["assigned_unit"].strip() or None,
                      assigned_officer=typed["assigned_officer"].strip() or None,
                      due_date=due)
    if action == "answer":
        fields["answer"] = typed["answer"]
    try:
        backend(request).transition(staff, petition_id, action=action, **fields)
    except ApiProblem as problem:
        if problem.code == E.PETITION_NOT_FOUND:
            return not_found(request, "petition.not_found")
        if problem.code == E.VERSION_CONFLICT:
            since = str(form.get("loaded_at", ""))
            return _petition(request, staff, petition_id, typed=typed, status=409,
                             conflict={"since": _parse_time(since), "action": action})
        return _petition(request, staff, petition_id, typed=typed, status=problem.status_code,
                         error=problem_sentence(request, problem))
    except ValueError:
        return _petition(request, staff, petition_id, typed=typed, status=422,
                         error=tr.t("petition.invalid_input"))
    return redirect(f"{CONSOLE}/petitions/{petition_id}", done=action)


def _parse_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


@router.get("/petitions/{petition_id}/photos/{sha256}")
def petition_photo(request: Request, petition_id: str, sha256: str, staff: Staff) -> Response:
    """A photo of a petition of the staff member's ward."""
    detail = backend(request).petition(staff, petition_id)
    photo = next((ph for ph in detail.photos if ph.sha256 == sha256), None) if detail else None
    if photo is None:
        return not_found(request, "error.not_found")
    return Response(photo.data, media_type=photo.content_type,
                    headers={"Cache-Control": "private, max-age=86400"})
