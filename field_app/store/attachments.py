"""Store layer: the phone's photos, content-addressed files `<data dir>/attachments/<sha256>`.

A petition's `attachments` lists the hashes; the bytes live in files (written by the
screens, or fetched from the server) and the database remembers which ones the server
already has, so each photo is uploaded once.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from field_app.store.db import Database

_SHA = re.compile(r"^[0-9a-f]{64}$")
SENT = "sent"
REFUSED = "refused"


class AttachmentStore:
    """Photo files and their upload state."""

    def __init__(self, db: Database, data_dir: Path) -> None:
        self._db = db
        self.directory = Path(data_dir) / "attachments"

    def path(self, sha256: str) -> Path:
        if not _SHA.match(sha256):
            raise ValueError("not a sha256")
        return self.directory / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def save(self, data: bytes) -> str:
        """Keep a photo; returns its sha256 (the name petitions refer to it by)."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if not target.exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".photo-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        return sha

    def read(self, sha256: str) -> bytes | None:
        path = self.path(sha256)
        return path.read_bytes() if path.is_file() else None

    def to_upload(self, hashes: list[str]) -> list[str]:
        """Of these hashes, the photos on this phone the server has not got (nor refused)."""
        wanted = sorted({h for h in hashes if _SHA.match(h) and self.has(h)})
        if not wanted:
            return []
        with self._db.reading() as conn:
            marks = ", ".join("?" for _ in wanted)
            done = {r["sha256"] for r in conn.execute(
                f"SELECT sha256 FROM attachment_uploads WHERE sha256 IN ({marks})", wanted)}
        return [h for h in wanted if h not in done]

    def mark(self, sha256: str, *, state: str, code: str | None = None) -> None:
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO attachment_uploads (sha256, state, code) VALUES (?, ?, ?) "
                "ON CONFLICT (sha256) DO UPDATE SET state = excluded.state, code = excluded.code",
                (sha256, state, code))

    def state(self, sha256: str) -> str | None:
        """'sent', 'refused' or None (not uploaded yet)."""
        with self._db.reading() as conn:
            row = conn.execute("SELECT state FROM attachment_uploads WHERE sha256 = ?",
                               (sha256,)).fetchone()
        return None if row is None else str(row["state"])
