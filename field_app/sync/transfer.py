"""Sync layer: the two halves of one sync: push the outbox in batches, then pull pages.

Push: each batch is frozen when taken, sent, and its answers settle the outbox (a gap
renumbers the unsent entries; a body too large halves the batch). Pull: pages are applied
one transaction each with their cursor until `has_more` is false; `sync.reset_required`
starts a fresh snapshot and keeps the outbox, after sending again what a server restored
from a backup lost (store/journal.py). Transient failures are retried per request
with exponential backoff and jitter.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from field_app.store import LocalStore
from field_app.store.attachments import REFUSED, SENT
from field_app.store.records import OutboxEntry
from field_app.store.replica import effective_status
from field_app.sync.client import PushBody, SyncClient
from field_app.sync.errors import (
    BadResponse,
    ProblemError,
    ResetRequired,
    SeqGap,
    TransientError,
)
from field_app.wire.protocol import Mutation, MutationStatus, PullResponse, PushResponse

T = TypeVar("T")
MAX_GAP_REPAIRS = 3
MAX_RESETS = 2


@dataclass(frozen=True)
class RetryPolicy:
    """Per-request retries of transient failures: base * 2**n, capped, with jitter."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0

    def delay(self, attempt: int, rng: Callable[[], float]) -> float:
        cap = min(self.max_delay, self.base_delay * 2.0**attempt)
        return cap * (0.5 + rng() / 2)


class Transfer:
    """One sync's traffic between a store and a client."""

    def __init__(
        self,
        store: LocalStore,
        client: SyncClient,
        *,
        retry: RetryPolicy,
        sleep: Callable[[float], None],
        rng: Callable[[], float],
        push_batch: int,
        pull_limit: int,
        progress: Callable[..., Any],
    ) -> None:
        self.store = store
        self.client = client
        self.retry = retry
        self.sleep = sleep
        self.rng = rng
        self.push_batch = push_batch
        self.pull_limit = pull_limit
        self.progress = progress

    def push_all(self) -> tuple[int, int, int]:
        """Send every waiting entry; returns (sent, rejected, conflicts).

        Batches go one at a time, in device_seq order, each only after the server has
        answered the one before. While a batch is on its way the phone takes the next one,
        and the next one goes out before the answer is settled, so the phone's work
        overlaps the server's instead of adding to it. After a failure the batch taken
        ahead is dropped (taking only froze its entries) and sending starts again from
        the outbox. The request of the batch taken ahead is written and compressed while
        the one before is on its way, so that it leaves the moment the answer arrives."""
        pushed = rejected = conflicts = gaps = 0
        batch_size = self.push_batch
        sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="push-send")
        try:
            batch = self.store.outbox.take_batch(batch_size)
            on_its_way = self._send(sender, batch, self._body(batch))
            while on_its_way is not None:
                upcoming = self.store.outbox.take_batch(batch_size,
                                                        after_seq=batch[-1].device_seq)
                upcoming_body = self._body(upcoming)  # written while the server works
                try:
                    answer = on_its_way.result()
                except SeqGap as gap:
                    gaps += 1
                    if gaps > MAX_GAP_REPAIRS:
                        raise
                    # the server holds nothing of this phone after expected_seq - 1 (e.g.
                    # restored from a backup): answered mutations after it go again too
                    self.store.resend_lost(server_last_seq=gap.expected_seq - 1)
                    batch = self.store.outbox.take_batch(batch_size)
                    on_its_way = self._send(sender, batch, self._body(batch))
                    continue
                except ProblemError as problem:
                    if problem.status != 413 or batch_size == 1:
                        raise
                    batch_size = max(1, batch_size // 2)  # the body was too large
                    batch = self.store.outbox.take_batch(batch_size)
                    on_its_way = self._send(sender, batch, self._body(batch))
                    continue
                answered, batch = batch, upcoming
                on_its_way = self._send(sender, batch, upcoming_body)
                requeued = self.store.replica.settle_push(answer.results, answer.last_seq)
                if requeued and on_its_way is None:
                    # a petition queued again under a new tracking code goes in this sync
                    batch = self.store.outbox.take_batch(batch_size,
                                                         after_seq=answered[-1].device_seq)
                    on_its_way = self._send(sender, batch, self._body(batch))
                pushed += len(answered)
                outcomes = [effective_status(r) for r in answer.results]
                rejected += outcomes.count(MutationStatus.REJECTED)
                conflicts += outcomes.count(MutationStatus.CONFLICT)
                self.progress(sent=pushed)
            return pushed, rejected, conflicts
        finally:
            sender.shutdown(wait=True)

    def _body(self, batch: list[OutboxEntry]) -> PushBody | None:
        """The push request of `batch`, written (and compressed) ahead of sending."""
        return self.client.push_body([_mutation(e) for e in batch]) if batch else None

    def _send(self, sender: ThreadPoolExecutor, batch: list[OutboxEntry],
              body: PushBody | None) -> Future[PushResponse] | None:
        """Start sending `batch` (its photos first, while nothing else is on its way)."""
        if body is None:  # an empty batch: nothing to send
            return None
        self.upload_photos(batch)
        return sender.submit(self.with_retry, functools.partial(self.client.push, body))

    def upload_photos(self, batch: list[OutboxEntry]) -> None:
        """Send the photos a batch refers to before the batch itself (each photo once)."""
        photos = self.store.attachments
        hashes = [h for e in batch for h in e.args.get("attachments") or []]
        for sha in photos.to_upload(hashes):
            data = photos.read(sha)
            if data is None:
                continue
            try:
                self.with_retry(functools.partial(self.client.put_attachment, sha, data))
            except (ProblemError, BadResponse) as refused:
                if isinstance(refused, ProblemError) and refused.status in (401, 426):
                    raise
                # too large, not an image...: the petition still goes, without this photo
                photos.mark(sha, state=REFUSED, code=refused.code)
                continue
            photos.mark(sha, state=SENT)

    def pull_all(self) -> int:
        """Apply pages until the server has nothing more; returns the changes received.

        The next page is fetched (with the cursor the server just gave) while the current
        one is applied, so a first sync costs about max(network, local apply), not the sum;
        pages are still applied strictly in order, each with its own cursor."""
        received = resets = 0
        cursor = self.store.replica.cursor()
        prefetch = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull-prefetch")
        ahead: Future[PullResponse] | None = None
        try:
            while True:
                try:
                    page = ahead.result() if ahead is not None else self._fetch(cursor)
                except ResetRequired as reset:
                    ahead = None
                    resets += 1
                    if resets > MAX_RESETS:
                        raise
                    server_seq = reset.last_seq
                    if server_seq is not None and self.store.has_sent_after(server_seq):
                        # restored from a backup older than some of this phone's writes:
                        # they go again before the snapshot, which then holds them
                        self.store.resend_lost(server_last_seq=server_seq)
                        self.push_all()
                    self.store.replica.begin_reset()
                    cursor = self.store.replica.cursor()
                    continue
                ahead = prefetch.submit(self._fetch, page.cursor) if page.has_more else None
                received += self.store.replica.apply_page(page)
                self.progress(received=received)
                if not page.has_more:
                    return received
                cursor = page.cursor
        finally:
            prefetch.shutdown(wait=False, cancel_futures=True)

    def _fetch(self, cursor: str | None) -> PullResponse:
        return self.with_retry(functools.partial(self.client.pull, cursor, limit=self.pull_limit))

    def with_retry(self, call: Callable[[], T]) -> T:
        attempt = 0
        while True:
            try:
                return call()
            except TransientError:
                attempt += 1
                if attempt >= self.retry.attempts:
                    raise
                self.sleep(self.retry.delay(attempt - 1, self.rng))


def _mutation(entry: OutboxEntry) -> Mutation:
    return Mutation.model_validate({
        "mutation_id": entry.mutation_id,
        "device_seq": entry.device_seq,
        "name": entry.name,
        "args": entry.args,
        "base_version": entry.base_version,
        "recorded_at": entry.recorded_at,
    })
