"""Store layer: the ward's answers the leader has not looked at yet (Home's badge).

While a pulled page is applied, a petition whose answer is new or changed is noted; the
note goes when the leader opens that petition. The very first pull after enrolling notes
nothing: an answer older than the phone is not news.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from field_app.store.db import Database
from field_app.wire.formats import utcnow
from field_app.wire.protocol import Change


class NewAnswers:
    """Petitions with an answer from the ward that the leader has not opened since."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def note_page(self, conn: sqlite3.Connection, changes: list[Change], *,
                  first_pull: bool) -> None:
        """Inside the page's transaction, before it is written: note the answers it brings."""
        if first_pull:
            return
        answered = {c.id: str((c.data or {}).get("answer") or "").strip() for c in changes
                    if c.entity == "petition" and c.op == "upsert"
                    and str((c.data or {}).get("answer") or "").strip()}
        if not answered:
            return
        marks = ",".join("?" * len(answered))
        known = {str(r["id"]): _answer_of(r["server_data"], r["data"]) for r in conn.execute(
            f"SELECT id, server_data, data FROM petitions WHERE id IN ({marks})",
            list(answered))}
        now = utcnow().isoformat()
        for petition_id, answer in answered.items():
            if known.get(petition_id) != answer:
                conn.execute("INSERT INTO new_answer (petition_id, noted_at) VALUES (?, ?) "
                             "ON CONFLICT (petition_id) DO UPDATE SET noted_at = excluded.noted_at",
                             (petition_id, now))

    def count(self) -> int:
        with self._db.reading() as conn:
            return int(conn.execute("SELECT COUNT(*) FROM new_answer").fetchone()[0])

    def ids(self) -> list[str]:
        """The petitions with unseen answers, the latest first."""
        with self._db.reading() as conn:
            rows = conn.execute("SELECT petition_id FROM new_answer "
                                "ORDER BY noted_at DESC").fetchall()
        return [str(r["petition_id"]) for r in rows]

    def seen(self, petition_id: str) -> bool:
        """The leader opened this petition; True when an answer was waiting."""
        with self._db.transaction() as conn:
            gone = conn.execute("DELETE FROM new_answer WHERE petition_id = ?", (petition_id,))
            return gone.rowcount > 0


def _answer_of(server_data: Any, data: Any) -> str:
    for text in (server_data, data):
        if text and text != "=":
            try:
                return str(json.loads(text).get("answer") or "").strip()
            except (ValueError, AttributeError):
                continue
    return ""
