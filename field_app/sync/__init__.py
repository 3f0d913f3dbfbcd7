"""Sync layer: the phone's sync engine, its HTTP client and its observable status.

    engine = SyncEngine(store)
    engine.enroll("https://phuong.example.vn", "ABCD-1234", device_name="Tổ 5")
    engine.status.subscribe(lambda status: ...)   # SyncStatus snapshots
    engine.start()                                 # background sync; engine.stop()
    engine.sync_now()                              # one sync, returns a SyncReport

Nothing here imports flet.
"""

from field_app.sync.client import SyncClient
from field_app.sync.engine import SyncEngine
from field_app.sync.errors import (
    BadResponse,
    NetworkTimeout,
    NetworkUnreachable,
    NotEnrolledError,
    ProblemError,
    ResetRequired,
    SeqGap,
    ServerUnavailable,
    SyncError,
    TransientError,
    Unauthorized,
    UpgradeRequired,
)
from field_app.sync.messages import message_for
from field_app.sync.status import StatusBoard, SyncReport, SyncState, SyncStatus
from field_app.sync.transfer import RetryPolicy

__all__ = [
    "BadResponse",
    "NetworkTimeout",
    "NetworkUnreachable",
    "NotEnrolledError",
    "ProblemError",
    "ResetRequired",
    "RetryPolicy",
    "SeqGap",
    "ServerUnavailable",
    "StatusBoard",
    "SyncClient",
    "SyncEngine",
    "SyncError",
    "SyncReport",
    "SyncState",
    "SyncStatus",
    "TransientError",
    "Unauthorized",
    "UpgradeRequired",
    "message_for",
]
