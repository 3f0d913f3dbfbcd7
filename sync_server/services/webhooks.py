"""Service layer: the ward's webhooks as staff keep them (register, switch off, the list)
and the delivery log of their events."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import func, insert, select, update
from sqlmodel import Session

from field_app.wire.formats import utcnow
from sync_server.models.tables import webhook_event_t, webhook_t
from sync_server.services.staff import StaffUser

URL_MAX = 500
SECRET_MIN, SECRET_MAX = 16, 200
LOG_SIZE = 100


class WebhookRefused(ValueError):
    """What was typed cannot make a webhook; `reason` names which part (url | secret)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Registered:
    id: str
    url: str
    secret: str  # shown once, right after registering


@dataclass(frozen=True)
class WebhookView:
    id: str
    url: str
    active: bool
    carries_personal: bool
    created_at: datetime
    pending: int


@dataclass(frozen=True)
class DeliveryView:
    id: int
    url: str
    kind: str
    petition_id: str | None
    created_at: datetime
    state: str
    attempts: int
    next_attempt_at: datetime
    delivered_at: datetime | None
    last_status: int | None
    last_error: str | None


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    if (len(url) > URL_MAX or parts.scheme not in {"http", "https"} or not parts.hostname
            or any(c.isspace() for c in url)):
        raise WebhookRefused("url")
    return url


def register(session: Session, staff: StaffUser, *, url: str, secret: str = "",
             carries_personal: bool = False) -> Registered:
    """A new active webhook of the staff's ward; a secret is made when none is typed."""
    url = _check_url(url.strip())
    secret = secret.strip() or secrets.token_urlsafe(32)
    if not SECRET_MIN <= len(secret) <= SECRET_MAX:
        raise WebhookRefused("secret")
    hook_id = str(uuid.uuid4())
    session.execute(insert(webhook_t).values(
        id=hook_id, ward_id=staff.ward_id, url=url, secret=secret, active=True,
        carries_personal=carries_personal, created_by=staff.id, created_at=utcnow()))
    return Registered(hook_id, url, secret)


def switch_off(session: Session, staff: StaffUser, hook_id: str) -> bool:
    """Stop the webhook (no new events; pending ones are not sent); False: not the ward's."""
    done = session.execute(update(webhook_t).where(
        webhook_t.c.id == hook_id, webhook_t.c.ward_id == staff.ward_id,
        webhook_t.c.active.is_(True)).values(active=False, switched_off_at=utcnow()))
    return bool(done.rowcount)  # type: ignore[attr-defined]


def list_webhooks(session: Session, ward_id: str) -> list[WebhookView]:
    """The ward's webhooks, newest first, with how many events wait to be sent."""
    hooks = session.execute(select(webhook_t).where(webhook_t.c.ward_id == ward_id)
                            .order_by(webhook_t.c.created_at.desc())).all()
    views = []
    for h in hooks:
        pending = session.execute(select(func.count()).where(
            webhook_event_t.c.webhook_id == h.id, webhook_event_t.c.state == "pending")
        ).scalar_one()
        views.append(WebhookView(h.id, h.url, h.active, h.carries_personal, h.created_at,
                                 int(pending)))
    return views


def delivery_log(session: Session, ward_id: str, limit: int = LOG_SIZE) -> list[DeliveryView]:
    """The ward's last events (all its webhooks), newest first."""
    e, w = webhook_event_t, webhook_t
    rows = session.execute(
        select(e.c.id, w.c.url, e.c.kind, e.c.payload, e.c.created_at, e.c.state,
               e.c.attempts, e.c.next_attempt_at, e.c.delivered_at, e.c.last_status,
               e.c.last_error)
        .join(w, w.c.id == e.c.webhook_id).where(w.c.ward_id == ward_id)
        .order_by(e.c.id.desc()).limit(limit)).all()
    return [DeliveryView(r.id, r.url, r.kind, (r.payload.get("petition") or {}).get("id"),
                         r.created_at, r.state, r.attempts, r.next_attempt_at,
                         r.delivered_at, r.last_status, r.last_error) for r in rows]
