"""Store layer: drafts of forms being typed, kept on the phone and never synced.

A draft is what the leader has typed so far into one form (`petition:new`, the edit of
one petition...), saved as it is typed so that a killed app or a flat battery loses
nothing. Drafts live in their own table and never touch the outbox: the ward sees a
record only once the leader saves it. A draft goes when the form is saved or when the
leader throws it away.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from field_app.store.db import Database
from field_app.wire.formats import utcnow


@dataclass(frozen=True)
class Draft:
    form: str
    data: dict[str, Any]
    saved_at: datetime


class DraftStore:
    """One draft per form key; writing one replaces the last."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def save(self, form: str, data: dict[str, Any]) -> None:
        text = json.dumps(data, ensure_ascii=False, default=str)
        with self._db.transaction() as conn:
            conn.execute(
                "INSERT INTO draft (form, data, saved_at) VALUES (?, ?, ?) ON CONFLICT (form) "
                "DO UPDATE SET data = excluded.data, saved_at = excluded.saved_at",
                (form, text, utcnow().isoformat()))

    def get(self, form: str) -> Draft | None:
        with self._db.reading() as conn:
            row = conn.execute("SELECT form, data, saved_at FROM draft WHERE form = ?",
                               (form,)).fetchone()
        return None if row is None else _draft(row)

    def all(self) -> list[Draft]:
        """Every draft, the latest first."""
        with self._db.reading() as conn:
            rows = conn.execute("SELECT form, data, saved_at FROM draft "
                                "ORDER BY saved_at DESC").fetchall()
        return [_draft(r) for r in rows]

    def discard(self, form: str) -> None:
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM draft WHERE form = ?", (form,))


def _draft(row: Any) -> Draft:
    return Draft(form=str(row["form"]), data=dict(json.loads(row["data"])),
                 saved_at=datetime.fromisoformat(row["saved_at"]))
