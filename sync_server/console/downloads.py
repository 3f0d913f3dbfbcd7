"""Console layer: short-lived download links for files the console generates.

A Flet web app cannot hand bytes to the browser directly, so the console stores a
generated file under an unguessable one-time token issued to a signed-in staff member
and opens `/console-files/{token}`. Tokens expire after a few minutes and are served
once; an unknown, expired or used token is a 404.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from field_app.wire.formats import utcnow

DOWNLOAD_PREFIX = "/console-files"
TOKEN_LIFETIME = timedelta(minutes=5)

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True)
class PendingDownload:
    filename: str
    content: bytes
    staff_id: str
    expires_at: datetime

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES.get(self.filename.rsplit(".", 1)[-1], "application/octet-stream")


class DownloadStore:
    """In-process store of pending downloads, keyed by token."""

    def __init__(self) -> None:
        self._items: dict[str, PendingDownload] = {}
        self._lock = threading.Lock()

    def put(self, *, filename: str, content: bytes, staff_id: str) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._drop_expired()
            self._items[token] = PendingDownload(
                filename=filename,
                content=content,
                staff_id=staff_id,
                expires_at=utcnow() + TOKEN_LIFETIME,
            )
        return token

    def take(self, token: str) -> PendingDownload | None:
        with self._lock:
            self._drop_expired()
            return self._items.pop(token, None)

    def _drop_expired(self) -> None:
        now = utcnow()
        for token in [t for t, item in self._items.items() if item.expires_at <= now]:
            del self._items[token]


downloads = DownloadStore()
router = APIRouter(include_in_schema=False)


def download_url(token: str) -> str:
    return f"{DOWNLOAD_PREFIX}/{token}"


@router.get(DOWNLOAD_PREFIX + "/{token}")
def serve_download(token: str) -> Response:
    """Serve a console-generated file once, to whoever holds its fresh token."""
    item = downloads.take(token)
    if item is None:
        raise HTTPException(status_code=404, detail="download expired or unknown")
    disposition = f"attachment; filename*=UTF-8''{quote(item.filename)}"
    return Response(
        content=item.content,
        media_type=item.media_type,
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )
