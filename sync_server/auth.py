"""Security layer: password hashing (argon2), opaque tokens stored as sha256, and rate limits."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import defaultdict, deque

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from field_app.wire.codes import ErrorCode
from sync_server.errors import ApiProblem

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# A constant hash to verify against when the user does not exist (same cost, no user oracle).
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def burn_password_check(password: str) -> None:
    verify_password(_DUMMY_HASH, password)


def new_token() -> str:
    """32 random bytes, URL-safe: a bearer token for a device or a staff session."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps of a token or enrollment code: its sha256."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed on a phone


def new_enrollment_code() -> str:
    """A code a group leader can type: XXXX-XXXX-XXXX (60 bits)."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize_code(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else raw


class FailureLimiter:
    """In-memory sliding window of failed attempts per client (per process; enough for one ward)."""

    def __init__(self, limit: int, window_seconds: float) -> None:
        self.limit = limit
        self.window = window_seconds
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        hits = self._hits[key]
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def check(self, key: str) -> None:
        """Refuse with 429 auth.rate_limited while `key` has used up its failures."""
        now = time.monotonic()
        with self._lock:
            hits = self._prune(key, now)
            if not hits:
                del self._hits[key]  # forget quiet clients: memory stays bounded
                return
            if len(hits) >= self.limit:
                retry = max(1, int(hits[0] + self.window - now) + 1)
                raise ApiProblem(ErrorCode.RATE_LIMITED, headers={"Retry-After": str(retry)})

    def fail(self, key: str) -> None:
        with self._lock:
            self._hits[key].append(time.monotonic())
