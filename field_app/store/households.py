"""Store layer: the household repository (hộ gia đình) of the phone's group."""

from __future__ import annotations

import uuid

from field_app.store import tables
from field_app.store.db import Database
from field_app.store.errors import RecordNotFound
from field_app.store.records import HouseholdRow
from field_app.store.writer import LocalWriter
from field_app.wire.protocol import MutationName as M
from field_app.wire.text import like_pattern


class HouseholdRepository:
    """Households of the group: add, correct, search (diacritics ignored)."""

    def __init__(self, db: Database, writer: LocalWriter) -> None:
        self._db = db
        self._writer = writer

    def upsert(
        self,
        *,
        head_name: str,
        address: str = "",
        phone: str | None = None,
        household_id: str | None = None,
        publish_name: bool | None = None,
    ) -> HouseholdRow:
        """Add a household (no id) or replace its head name, address and phone; with
        `publish_name`, record whether the head agreed to be named on public sheets."""
        args: dict[str, object] = {"id": household_id or str(uuid.uuid4()),
                                   "head_name": head_name, "address": address,
                                   "phone": phone or None}
        if publish_name is not None:
            args["publish_name"] = publish_name
        record_id = self._writer.write(M.HOUSEHOLD_UPSERT, args)
        row = self.get(record_id)
        if row is None:
            raise RecordNotFound("household", record_id)
        return row

    def get(self, household_id: str) -> HouseholdRow | None:
        with self._db.reading() as conn:
            rows = tables.select_rows(conn, "household", where="id = ?", params=(household_id,))
        return rows[0] if rows else None

    def list(
        self, *, query: str | None = None, limit: int | None = 500, offset: int = 0
    ) -> list[HouseholdRow]:
        """Households by head name; `query` matches name, address or phone without diacritics."""
        where, params = "1 = 1", []
        if query and query.strip():
            where, params = "folded LIKE ? ESCAPE '\\'", [like_pattern(query)]
        with self._db.reading() as conn:
            return tables.select_rows(conn, "household", where=where, params=params,
                                      order="folded, id", limit=limit, offset=offset)

    def count(self) -> int:
        with self._db.reading() as conn:
            return int(conn.execute("SELECT COUNT(*) FROM households").fetchone()[0])
