"""Console layer: the ward head's webhooks (`/console/webhooks`): register an integration's
address and secret, switch one off, and the delivery log of the last events.

The secret is shown once, right after registering: the POST keeps it in this process's
memory under a random ticket the redirect names (`?shown=<ticket>`), for the ward head who
registered it and for ten minutes; the address never carries the secret."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from field_app.wire.formats import utcnow
from sync_server.console.pages.common import CONSOLE, not_found, redirect, render
from sync_server.services import webhooks
from sync_server.services.staff import StaffUser
from sync_server.storage import session_scope
from sync_server.web.session import check_csrf, require_ward_head

router = APIRouter(prefix=CONSOLE, include_in_schema=False)
WardHead = Annotated[StaffUser, Depends(require_ward_head)]
Form = Annotated[dict[str, Any], Depends(check_csrf)]
PAGE = f"{CONSOLE}/webhooks"
SHOWN_FOR = timedelta(minutes=10)


@dataclass(frozen=True)
class ShownSecret:
    staff_id: str
    url: str
    secret: str
    until: datetime


class ShownSecrets:
    """Secrets just registered, by ticket, for a few minutes (this process's memory)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[str, ShownSecret] = {}

    def keep(self, shown: ShownSecret) -> str:
        ticket = secrets.token_urlsafe(16)
        with self._lock:
            now = utcnow()
            self._kept = {k: v for k, v in self._kept.items() if v.until > now}
            self._kept[ticket] = shown
        return ticket

    def get(self, ticket: str, staff_id: str) -> ShownSecret | None:
        with self._lock:
            shown = self._kept.get(ticket)
        if shown is None or shown.staff_id != staff_id or shown.until <= utcnow():
            return None
        return shown


def _shown_secrets(request: Request) -> ShownSecrets:
    kept: ShownSecrets | None = getattr(request.app.state, "console_webhook_secrets", None)
    if kept is None:
        kept = request.app.state.console_webhook_secrets = ShownSecrets()
    return kept


def _page(request: Request, head: StaffUser, *, error: str = "",
          typed: dict[str, Any] | None = None, status: int = 200) -> Response:
    q = request.query_params
    ticket = q.get("shown") or ""
    shown = _shown_secrets(request).get(ticket, head.id) if ticket else None
    with session_scope(request.app.state.engine) as db:
        hooks = webhooks.list_webhooks(db, head.ward_id)
        log = webhooks.delivery_log(db, head.ward_id)
    return render(request, "webhooks.html", {
        "hooks": hooks, "log": log, "shown": shown, "secret_gone": bool(ticket) and not shown,
        "done": q.get("done") or "", "error": error, "form": typed or {},
    }, status=status)


@router.get("/webhooks")
def webhooks_page(request: Request, head: WardHead) -> Response:
    """The ward's webhooks, registering one, and the log of the last 100 events."""
    return _page(request, head)


@router.post("/webhooks")
def register(request: Request, head: WardHead, form: Form) -> Response:
    """Register a webhook, then show its secret once."""
    url = str(form.get("url", "")).strip()
    personal = form.get("carries_personal") == "yes"
    typed = {"url": url, "carries_personal": personal}
    try:
        with session_scope(request.app.state.engine) as db:
            made = webhooks.register(db, head, url=url, secret=str(form.get("secret", "")),
                                     carries_personal=personal)
    except webhooks.WebhookRefused as refused:
        return _page(request, head, error=f"webhooks.refused.{refused.reason}", typed=typed,
                     status=422)
    ticket = _shown_secrets(request).keep(ShownSecret(head.id, made.url, made.secret,
                                                      utcnow() + SHOWN_FOR))
    return redirect(PAGE, done="registered", shown=ticket)


@router.post("/webhooks/{hook_id}/off")
def switch_off(request: Request, hook_id: str, head: WardHead, form: Form) -> Response:
    """Switch a webhook off: no more events are written or sent for it."""
    with session_scope(request.app.state.engine) as db:
        done = webhooks.switch_off(db, head, hook_id)
    if not done:
        return not_found(request)
    return redirect(PAGE, done="off")
