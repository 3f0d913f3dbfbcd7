"""Service layer (process): the delivery of webhook events, a background task of the
serving process started in the app's lifespan.

Every few seconds it claims the events due now, at most one per webhook: the oldest one
not yet delivered nor given up (so a webhook's events arrive in the order of the changes),
and only while the webhook is on. A claim is a short transaction: on PostgreSQL the rows
are read `FOR UPDATE SKIP LOCKED`, and on both databases a claim column (`claimed_until`)
is set only where no other process holds it, so one process sends each event even when
several serve. The POSTs then run concurrently, outside any transaction, and each result
is written back: delivered, or tried again after a wait growing from the retry base (30 s,
2 min, 10 min, 1 h, 3 h, 6 h, 12 h: given up after about 22 hours).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import orjson
from sqlalchemy import Engine, and_, func, or_, select, true, update

from field_app.wire.formats import utcnow
from sync_server.models.tables import webhook_event_t, webhook_t
from sync_server.services.webhook_events import next_attempt

log = logging.getLogger("sync_server.webhooks")
USER_AGENT = "DanVan-Webhook/1"
BATCH = 50  # webhooks served per round


@dataclass(frozen=True)
class Claimed:
    """An event this process holds, with what its POST needs."""

    id: int
    event_id: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    url: str
    secret: str


@dataclass(frozen=True)
class Result:
    status: int | None  # the receiver's HTTP status, None when there was no answer
    error: str | None  # None: delivered; else timeout | refused | network | http_status


def signature(secret: str, body: bytes) -> str:
    """`X-DanVan-Signature`: sha256=<hex HMAC-SHA256 of the body with the secret>."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def request_parts(event: Claimed) -> tuple[bytes, dict[str, str]]:
    """The body and headers of an event's POST (the same on every retry)."""
    body = orjson.dumps(event.payload)
    return body, {"Content-Type": "application/json", "User-Agent": USER_AGENT,
                  "X-DanVan-Event": event.kind, "X-DanVan-Delivery": event.event_id,
                  "X-DanVan-Signature": signature(event.secret, body)}


class WebhookDelivery:
    """Claims due events, POSTs them and records the outcome; `run_once` is one round."""

    def __init__(self, engine: Engine, *, retry_base_s: float = 30.0, poll_s: float = 2.0,
                 timeout_s: float = 5.0, clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.retry_base_s, self.poll_s, self.timeout_s = retry_base_s, poll_s, timeout_s
        self.clock = clock
        self.lease = timedelta(seconds=timeout_s * 3 + 30)

    def claim(self) -> list[Claimed]:
        """The events due now, one per webhook (its oldest pending), held by this process."""
        now = self.clock()
        e, w = webhook_event_t, webhook_t
        heads = (select(e.c.webhook_id, func.min(e.c.id).label("head"))
                 .where(e.c.state == "pending").group_by(e.c.webhook_id).subquery())
        query = (select(e.c.id, e.c.event_id, e.c.kind, e.c.payload, e.c.attempts, w.c.url,
                        w.c.secret)
                 .join(heads, heads.c.head == e.c.id).join(w, w.c.id == e.c.webhook_id)
                 .where(w.c.active == true(), e.c.next_attempt_at <= now,
                        or_(e.c.claimed_until.is_(None), e.c.claimed_until < now))
                 .order_by(e.c.id).limit(BATCH))
        claimed: list[Claimed] = []
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True, of=e)
            for row in conn.execute(query).all():
                took = conn.execute(update(e).where(and_(
                    e.c.id == row.id, e.c.state == "pending",
                    or_(e.c.claimed_until.is_(None), e.c.claimed_until < now)))
                    .values(claimed_until=now + self.lease))
                if took.rowcount == 1:
                    claimed.append(Claimed(row.id, row.event_id, row.kind, dict(row.payload),
                                           row.attempts, row.url, row.secret))
        return claimed

    def record(self, event: Claimed, result: Result) -> None:
        """Write an attempt's outcome: delivered, retried later or given up."""
        now = self.clock()
        attempts = event.attempts + 1
        values: dict[str, Any] = {"attempts": attempts, "claimed_until": None,
                                  "last_status": result.status, "last_error": result.error}
        if result.error is None:
            values.update(state="delivered", delivered_at=now)
        else:
            wait = next_attempt(self.retry_base_s, attempts)
            if wait is None:
                values.update(state="given_up")
            else:
                values.update(next_attempt_at=now + wait)
        with self.engine.begin() as conn:
            conn.execute(update(webhook_event_t).where(webhook_event_t.c.id == event.id)
                         .values(**values))

    async def send(self, client: httpx.AsyncClient, event: Claimed) -> Result:
        body, headers = request_parts(event)
        try:
            response = await client.post(event.url, content=body, headers=headers)
        except httpx.TimeoutException:
            return Result(None, "timeout")
        except httpx.ConnectError:
            return Result(None, "refused")
        except httpx.HTTPError:
            return Result(None, "network")
        if 200 <= response.status_code < 300:
            return Result(response.status_code, None)
        return Result(response.status_code, "http_status")

    async def run_once(self, client: httpx.AsyncClient) -> int:
        """One round: claim, send, record; returns how many events were delivered."""
        events = await asyncio.to_thread(self.claim)
        if not events:
            return 0
        results = await asyncio.gather(*(self.send(client, event) for event in events))
        for event, result in zip(events, results, strict=True):
            await asyncio.to_thread(self.record, event, result)
        return sum(1 for r in results if r.error is None)

    async def run(self) -> None:
        """Rounds until cancelled: straight on while events get delivered (the next of
        the same webhook is due), else every `poll_s`."""
        async with httpx.AsyncClient(timeout=self.timeout_s, follow_redirects=False) as client:
            while True:
                try:
                    delivered = await self.run_once(client)
                except Exception:  # a bad round (database away...) must not end the task
                    log.exception("webhook delivery round failed")
                    delivered = 0
                if not delivered:
                    await asyncio.sleep(self.poll_s)
