"""Sync layer: the errors of talking to the server, each with a stable code.

    SyncError                      .code, .transient (retrying later may help)
    ├── TransientError             retried with backoff, then by the background loop
    │   ├── NetworkUnreachable     network.unreachable (connection refused, DNS, reset)
    │   ├── NetworkTimeout         network.timeout
    │   ├── ServerUnavailable      5xx (server.unavailable / server.internal)
    │   └── BadResponse            server.bad_response (truncated or non-JSON body)
    ├── ProblemError               a 4xx problem+json answer; .status, .detail, .extra
    │   ├── ResetRequired          sync.reset_required: pull a fresh snapshot
    │   ├── SeqGap                 sync.seq_gap; .expected_seq
    │   ├── Unauthorized           401: token wrong or revoked
    │   └── UpgradeRequired        426
    ├── NotEnrolledError           device.not_enrolled: nothing to sync with
    └── LocalFailure               device.apply_failed: the phone could not store an answer
"""

from __future__ import annotations

from typing import Any


class SyncError(Exception):
    code = "sync.error"
    transient = False

    def __init__(self, detail: str = "", *, code: str | None = None) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        if code:
            self.code = code


class TransientError(SyncError):
    transient = True


class NetworkUnreachable(TransientError):
    code = "network.unreachable"


class NetworkTimeout(TransientError):
    code = "network.timeout"


class ServerUnavailable(TransientError):
    code = "server.unavailable"


class BadResponse(TransientError):
    code = "server.bad_response"


class ProblemError(SyncError):
    """The server answered with an RFC 9457 problem."""

    def __init__(self, status: int, code: str, detail: str = "", extra: dict[str, Any] | None = None
                 ) -> None:
        super().__init__(detail, code=code)
        self.status = status
        self.extra = extra or {}


class ResetRequired(ProblemError):
    @property
    def last_seq(self) -> int | None:
        """The server's `last_seq` for this device (servers before it was sent: None)."""
        value = self.extra.get("last_seq")
        return None if value is None else int(value)


class SeqGap(ProblemError):
    @property
    def expected_seq(self) -> int:
        return int(self.extra.get("expected_seq") or 1)


class Unauthorized(ProblemError):
    pass


class UpgradeRequired(ProblemError):
    pass


class NotEnrolledError(SyncError):
    code = "device.not_enrolled"


class LocalFailure(SyncError):
    """Applying the server's answer on the phone failed; nothing half-done was kept."""

    code = "device.apply_failed"
