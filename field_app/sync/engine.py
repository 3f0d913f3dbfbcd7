"""Sync layer: the sync engine: enroll, sign out, and one sync at a time (push, then pull).

A sync pushes the outbox in batches (the server's answers settle each entry: confirmed
entries leave, rejected and conflicting ones stay with their reason and never block the
queue), then pulls pages until `has_more` is false, each page applied in one transaction
with its cursor. Network errors and 5xx are retried with exponential backoff and jitter;
the background loop (`start`) keeps retrying when the server comes back.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import httpx

from field_app.store import LocalStore, PendingChangesError
from field_app.store.settings import Enrollment
from field_app.sync.autosync import AutoSync
from field_app.sync.client import SyncClient
from field_app.sync.errors import (
    LocalFailure,
    NetworkTimeout,
    NetworkUnreachable,
    NotEnrolledError,
    SyncError,
)
from field_app.sync.status import StatusBoard, SyncReport, SyncState, SyncStatus
from field_app.sync.transfer import RetryPolicy, Transfer
from field_app.wire.codes import ErrorCode
from field_app.wire.formats import utcnow
from field_app.wire.protocol import MAX_BATCH, MAX_PULL_LIMIT, EnrollRequest

APP_VERSION = "0.1.0"
log = logging.getLogger("field_app.sync")
TOKEN_REVOKED = ErrorCode.TOKEN_REVOKED.value


def name_for_server(leader_name: str, device_name: str) -> str:
    """The device name sent when enrolling: the leader's name first (the server writes it
    as the author of what this phone sends), then the phone's own name."""
    parts = [p.strip() for p in (leader_name, device_name) if p.strip()]
    return " – ".join(dict.fromkeys(parts))[:100]


class SyncEngine:
    """Syncs one `LocalStore` with its ward server. Thread-safe; one sync at a time."""

    def __init__(
        self,
        store: LocalStore,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        push_batch: int = MAX_BATCH,  # the protocol's maximum: fewer round trips and commits
        pull_limit: int = MAX_PULL_LIMIT,  # fewer round trips (each costs most on 3G)
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
        app_version: str = APP_VERSION,
        gzip_min_bytes: int | None = 2048,
    ) -> None:
        self.store = store
        self.transport = transport
        self.timeout = timeout
        self.push_batch = push_batch
        self.pull_limit = pull_limit
        self.retry = retry or RetryPolicy()
        self.sleep = sleep
        self.rng = rng
        self.app_version = app_version
        self.gzip_min_bytes = gzip_min_bytes
        self._sync_lock = threading.Lock()
        self.status = StatusBoard(self._initial_status())
        self.autosync = AutoSync(self)
        store.subscribe(self._on_store_event)

    # -- enrollment ----------------------------------------------------------------

    def enroll(self, server_url: str, code: str, *, device_name: str = "",
               leader_name: str = "") -> Enrollment:
        """Exchange an enrollment code for a token; the phone then acts for that group.

        Unsent writes are kept and sent under the new enrollment when the group is the same
        (e.g. a revoked token replaced); for another group they must be sent or signed out
        first (`PendingChangesError`). Raises `SyncError` when the server refuses the code.
        The leader's name is kept in the settings (author, collector, signature) and goes to
        the server inside the device's name, which the ward's timelines show.
        """
        client = self._client(server_url, token=None)
        try:
            answer = client.enroll(EnrollRequest(code=code.strip(),
                                                 device_name=name_for_server(leader_name,
                                                                             device_name),
                                                 app_version=self.app_version))
        finally:
            client.close()
        enrollment = Enrollment(
            server_url=server_url.rstrip("/"), device_id=answer.device_id, token=answer.token,
            group_id=answer.group.id, group_name=answer.group.name, ward_id=answer.ward.id,
            ward_name=answer.ward.name, device_name=device_name,
            enrolled_at=utcnow().isoformat(),
        )
        with self._sync_lock:
            previous = self.store.settings.enrollment
            if previous is not None and previous.group_id != enrollment.group_id:
                waiting = self.store.outbox.counts().waiting
                if waiting:
                    # these writes belong to the old group: never send them to another one
                    raise PendingChangesError(waiting)
                self.store.wipe_records()
            self.store.settings.save_enrollment(enrollment)
            if leader_name.strip():
                self.store.settings.user_name = leader_name
            # a new device on the server starts at seq 1; unsent writes keep their order
            self.store.adopt_new_device(group_id=enrollment.group_id)
        self._refresh_counts(state=SyncState.IDLE, error_code=None)
        self.autosync.wake()
        return enrollment

    def sign_out(self, *, force: bool = False) -> None:
        """Forget the token and this group's data. Refuses while writes wait, unless forced."""
        waiting = self.store.outbox.counts().waiting
        if waiting and not force:
            raise PendingChangesError(waiting)
        # the background loop keeps running: it idles until the next enroll wakes it
        with self._sync_lock:
            self.store.settings.clear_enrollment()
            self.store.wipe_records()
        self.status.update(**vars(SyncStatus()))

    # -- one sync ------------------------------------------------------------------

    def sync_now(self) -> SyncReport:
        """Push the outbox, then pull until done. Never raises for network or server trouble."""
        with self._sync_lock:
            enrollment = self.store.settings.enrollment
            if enrollment is None:
                return self._fail(NotEnrolledError("not enrolled"))
            client = self._client(enrollment.server_url, token=enrollment.token)
            to_send = self.store.outbox.counts().waiting
            self.status.update(state=SyncState.SYNCING, phase="push", sent=0, to_send=to_send,
                               received=0, error_code=None, error_detail=None,
                               next_retry_at=None)
            transfer = Transfer(
                self.store, client, retry=self.retry, sleep=self.sleep, rng=self.rng,
                push_batch=self.push_batch, pull_limit=self.pull_limit,
                progress=lambda **p: self.status.update(**p))
            try:
                pushed, rejected, conflicts = transfer.push_all()
                self.status.update(phase="pull")
                received = transfer.pull_all()
            except SyncError as exc:
                if exc.code == TOKEN_REVOKED:
                    # a lost phone: what the ward has leaves it; unsent writes stay, locked
                    # behind the app, and go if the ward enrolls it again
                    self.store.forget_sent_personal_data()
                return self._fail(exc)
            except Exception as exc:  # a bug or a full disk: report it, keep the thread alive
                log.exception("sync failed")
                return self._fail(LocalFailure(f"{type(exc).__name__}: {exc}"))
            finally:
                client.close()
            now = utcnow()
            self.store.replica.mark_success(now.isoformat())
            self._refresh_counts(state=SyncState.IDLE, phase=None, last_success_at=now)
            return SyncReport(True, pushed, received, rejected, conflicts)

    # -- background ----------------------------------------------------------------

    def start(self) -> None:
        """Sync in the background: after local writes, periodically, and when the server
        becomes reachable again (cheap /healthz probes with backoff and jitter)."""
        self.autosync.start()

    def stop(self) -> None:
        self.autosync.stop()

    def request_sync(self) -> None:
        """Ask the background loop to sync soon (no-op when it is not running)."""
        self.autosync.wake()

    def probe(self) -> bool:
        """True when the enrolled server answers its health check."""
        enrollment = self.store.settings.enrollment
        if enrollment is None:
            return False
        client = self._client(enrollment.server_url, token=None)
        try:
            return client.healthz()
        finally:
            client.close()

    def fetch_attachment(self, sha256: str) -> Path | None:
        """The local file of a photo, downloading it from the server when missing.

        None when offline or not allowed; the screens then show a placeholder."""
        photos = self.store.attachments
        if photos.has(sha256):
            return photos.path(sha256)
        enrollment = self.store.settings.enrollment
        if enrollment is None:
            return None
        client = self._client(enrollment.server_url, token=enrollment.token)
        try:
            data = client.get_attachment(sha256)
        except SyncError:
            return None
        finally:
            client.close()
        if photos.save(data) != sha256:
            return None  # not what was asked for: never keep it under that name
        return photos.path(sha256)

    # -- helpers -------------------------------------------------------------------

    def _client(self, server_url: str, *, token: str | None) -> SyncClient:
        return SyncClient(server_url, token=token, transport=self.transport,
                          timeout=self.timeout, gzip_min_bytes=self.gzip_min_bytes,
                          app_version=self.app_version)

    def _fail(self, exc: SyncError) -> SyncReport:
        offline = isinstance(exc, NetworkUnreachable | NetworkTimeout) or exc.transient
        self.store.replica.mark_failure(code=exc.code, transient=offline,
                                        at_iso=utcnow().isoformat())
        self._refresh_counts(state=SyncState.OFFLINE if offline else SyncState.ERROR,
                             phase=None, error_code=exc.code, error_detail=exc.detail or None)
        return SyncReport(False, error_code=exc.code, error_detail=exc.detail or None)

    def _initial_status(self) -> SyncStatus:
        counts = self.store.outbox.counts()
        last = self.store.replica.last_success_at()
        failure = self.store.replica.last_failure() or {}
        state = SyncState.IDLE
        if failure:
            state = SyncState.OFFLINE if failure.get("transient") else SyncState.ERROR
        return SyncStatus(
            state=state,
            error_code=str(failure["code"]) if failure else None,
            enrolled=self.store.settings.is_enrolled,
            last_success_at=datetime.fromisoformat(last) if last else None,
            waiting=counts.waiting, rejected=counts.rejected, conflicts=counts.conflicts,
        )

    def _refresh_counts(self, **changes: object) -> None:
        counts = self.store.outbox.counts()
        values: dict[str, object] = {
            "waiting": counts.waiting, "rejected": counts.rejected,
            "conflicts": counts.conflicts, "enrolled": self.store.settings.is_enrolled}
        self.status.update(**{**values, **changes})

    def _on_store_event(self, event: str) -> None:
        if event == "local_write":
            self._refresh_counts()
            self.autosync.wake(debounce=True)
