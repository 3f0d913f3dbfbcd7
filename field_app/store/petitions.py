"""Store layer: the petition repository (kiến nghị) of the phone.

Writes go through the outbox (create, update of field-owned fields, withdraw, report
back, note); reads serve the screens: lists by status, field, category, folded search,
overdue, answered-but-not-reported-back, home-screen counts, possible duplicates.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from field_app.store import tables
from field_app.store.db import Database
from field_app.store.errors import InvalidTransition, RecordNotFound
from field_app.store.records import DuplicateCandidate, PetitionCounts, PetitionRow
from field_app.store.similarity import DUPLICATE_THRESHOLD, similarity
from field_app.store.tracking import replaced_code
from field_app.store.writer import LocalWriter
from field_app.wire.formats import today_vn, utcnow
from field_app.wire.lifecycle import AWAITING_REPORT_BACK, OPEN_STATUSES, next_status
from field_app.wire.protocol import MutationName as M
from field_app.wire.records import PETITION_FIELD_OWNED
from field_app.wire.text import like_pattern
from field_app.wire.tracking import new_tracking_code, normalize

# aliases: the repository's `list` method shadows the builtin inside the class
Petitions = list[PetitionRow]
Strings = list[str]
Values = list[Any]
Candidates = list[DuplicateCandidate]
_OPEN = tuple(str(s) for s in OPEN_STATUSES)
# the deadline a petition waits on (wire.lifecycle.running_deadline, in SQL)
_RUNNING_DEADLINE = ("(CASE WHEN status = 'received' THEN ack_due "
                     "WHEN status IN ('accepted', 'in_progress') THEN due_date END)")
_ORDER = "COALESCE(received_at, updated_at) DESC, id"
# the ward has the petition unless its creation is still in the outbox (waiting, or
# refused) and the ward never sent a copy; a create confirmed by a push counts as there
_AT_WARD = ("(server_data IS NOT NULL OR NOT EXISTS (SELECT 1 FROM outbox o "
            "WHERE o.entity_id = petitions.id AND o.name = 'petition.create'))")


def _in(column: str, values: Iterable[str]) -> tuple[str, list[str]]:
    items = [str(v) for v in values]
    return f"{column} IN ({', '.join('?' for _ in items)})", items


class PetitionRepository:
    """Petitions of this phone's group, as the phone sees them."""

    def __init__(self, db: Database, writer: LocalWriter) -> None:
        self._db = db
        self._writer = writer

    # -- writes --------------------------------------------------------------------

    def create(
        self,
        *,
        field: str,
        category: str,
        title: str = "",
        description: str = "",
        citizen_name: str | None = None,
        citizen_phone: str | None = None,
        household_id: str | None = None,
        anonymous: bool = False,
        location_text: str | None = None,
        lat: float | None = None,
        lon: float | None = None,
        source: str = "household_visit",
        dialogue_session_id: str | None = None,
        attachments: list[str] | None = None,
        received_at: datetime | None = None,
        petition_id: str | None = None,
        tracking_code: str | None = None,
        consent: dict[str, Any] | None = None,
    ) -> PetitionRow:
        """Log a new petition (waiting to send until the next sync), with its tracking code
        made here, offline, for the citizen to take away at once."""
        args: dict[str, Any] = {
            "id": petition_id or str(uuid.uuid4()), "field": field, "category": category,
            "title": title, "description": description, "citizen_name": citizen_name,
            "citizen_phone": citizen_phone, "household_id": household_id,
            "anonymous": anonymous, "location_text": location_text, "lat": lat, "lon": lon,
            "source": source, "dialogue_session_id": dialogue_session_id,
            "attachments": attachments or [], "received_at": received_at or utcnow(),
            "tracking_code": tracking_code or new_tracking_code(),
        }
        if consent is not None:  # older callers send none; the server keeps null
            args["consent"] = consent
        return self._get_or_fail(self._writer.write(M.PETITION_CREATE, args))

    def update(self, petition_id: str, **changes: Any) -> PetitionRow:
        """Edit field-owned fields (title, description, category, citizen, place...)."""
        unknown = set(changes) - set(PETITION_FIELD_OWNED)
        if unknown:
            raise ValueError(f"not field-owned: {sorted(unknown)}")
        current = self._get_or_fail(petition_id)
        base = self._server_version(petition_id)
        self._writer.write(
            M.PETITION_UPDATE, {"id": petition_id, **changes}, base_version=base
        )
        return self._get_or_fail(current.id)

    def withdraw(self, petition_id: str, *, note: str | None = None) -> PetitionRow:
        """The citizen withdrew the petition (only while it is still open)."""
        self._check_transition(petition_id, "withdraw")
        self._writer.write(M.PETITION_WITHDRAW, {"id": petition_id, "note": note})
        return self._get_or_fail(petition_id)

    def report_back(
        self, petition_id: str, *, citizen_satisfied: bool, note: str | None = None
    ) -> PetitionRow:
        """"I told the citizen the ward's answer" (only once it is answered)."""
        self._check_transition(petition_id, "report_back")
        self._writer.write(
            M.PETITION_REPORT_BACK,
            {"id": petition_id, "citizen_satisfied": citizen_satisfied, "note": note},
        )
        return self._get_or_fail(petition_id)

    def add_note(self, petition_id: str, text: str) -> PetitionRow:
        """Append a note to the petition's timeline."""
        self._get_or_fail(petition_id)
        self._writer.write(M.PETITION_NOTE, {"id": petition_id, "text": text})
        return self._get_or_fail(petition_id)

    # -- reads ---------------------------------------------------------------------

    def get(self, petition_id: str) -> PetitionRow | None:
        with self._db.reading() as conn:
            rows = tables.select_rows(conn, "petition", where="id = ?", params=(petition_id,))
        return rows[0] if rows else None

    def list(
        self,
        *,
        status: str | Iterable[str] | None = None,
        field: str | None = None,
        category: str | None = None,
        query: str | None = None,
        sync_state: str | None = None,
        household_id: str | None = None,
        at_ward: bool | None = None,
        limit: int | None = 200,
        offset: int = 0,
    ) -> Petitions:
        """Petitions, newest first; `query` ignores diacritics and case (duong finds Đường);
        `at_ward`: only those the ward has (True) or has never had (False)."""
        where: Strings = ["1 = 1"]
        params: Values = []
        if at_ward is not None:
            where.append(_AT_WARD if at_ward else f"NOT {_AT_WARD}")
        if status is not None:
            clause, values = _in("status", [status] if isinstance(status, str) else status)
            where.append(clause)
            params += values
        for column, value in (("field", field), ("category", category),
                              ("sync_state", sync_state), ("household_id", household_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(str(value))
        if query and query.strip():
            where.append("folded LIKE ? ESCAPE '\\'")
            params.append(like_pattern(query))
        with self._db.reading() as conn:
            return tables.select_rows(conn, "petition", where=" AND ".join(where), params=params,
                                      order=_ORDER, limit=limit, offset=offset)

    def by_tracking_code(self, code: str) -> PetitionRow | None:
        """The petition a citizen's code names (as typed: any case, with or without dashes)."""
        normalized = normalize(code)
        if normalized is None:
            return None
        with self._db.reading() as conn:
            rows = tables.select_rows(conn, "petition", where="tracking_code = ?",
                                      params=(normalized,))
        return rows[0] if rows else None

    def replaced_code(self, petition_id: str) -> str | None:
        """The code first given to the citizen, when the ward had it already and the phone
        made another (they must be given the new one)."""
        with self._db.reading() as conn:
            return replaced_code(conn, petition_id)

    def list_overdue(self, *, today: date | None = None) -> Petitions:
        """Petitions past the deadline they wait on: not taken up by `ack_due`, or taken up
        and not answered by `due_date`."""
        with self._db.reading() as conn:
            return tables.select_rows(
                conn, "petition", where=f"{_RUNNING_DEADLINE} < ?",
                params=[(today or today_vn()).isoformat()], order=f"{_RUNNING_DEADLINE}, id",
            )

    def list_awaiting_report_back(self) -> Petitions:
        """Answered by the ward; the citizen has not been told yet."""
        return self.list(status=[str(s) for s in AWAITING_REPORT_BACK], limit=None)

    def counts(self, *, today: date | None = None) -> PetitionCounts:
        """Numbers for the home screen."""
        day = (today or today_vn()).isoformat()
        clause, values = _in("status", _OPEN)
        with self._db.reading() as conn:
            by_status = {r["status"]: int(r["n"]) for r in conn.execute(
                "SELECT status, COUNT(*) AS n FROM petitions GROUP BY status")}
            by_sync = {r["sync_state"]: int(r["n"]) for r in conn.execute(
                "SELECT sync_state, COUNT(*) AS n FROM petitions GROUP BY sync_state")}
            # a petition the ward has never had is "waiting to send", not also "waiting
            # for the ward": each is counted once
            at_ward_open = conn.execute(
                f"SELECT COUNT(*) FROM petitions WHERE {clause} AND {_AT_WARD}", values
            ).fetchone()[0]
            overdue = conn.execute(
                f"SELECT COUNT(*) FROM petitions WHERE {_RUNNING_DEADLINE} < ?", (day,)
            ).fetchone()[0]
        return PetitionCounts(
            total=sum(by_status.values()),
            open=int(at_ward_open),
            overdue=int(overdue),
            awaiting_report_back=sum(by_status.get(str(s), 0) for s in AWAITING_REPORT_BACK),
            waiting_to_send=by_sync.get("pending", 0),
            rejected=by_sync.get("rejected", 0),
            conflicts=by_sync.get("conflict", 0),
            by_status=by_status,
        )

    def possible_duplicates(
        self,
        *,
        category: str,
        title: str = "",
        description: str = "",
        exclude_id: str | None = None,
        limit: int = 5,
        threshold: float = DUPLICATE_THRESHOLD,
    ) -> Candidates:
        """Open petitions of the group, same category, whose folded text looks alike."""
        clause, values = _in("status", _OPEN)
        with self._db.reading() as conn:
            candidates = tables.select_rows(
                conn, "petition", where=f"category = ? AND {clause} AND id != ?",
                params=[category, *values, exclude_id or ""], order=_ORDER, limit=2000,
            )
        draft = f"{title} {description}"
        scored = [
            DuplicateCandidate(p, similarity(draft, f"{p.title} {p.description}"))
            for p in candidates
        ]
        hits = sorted((c for c in scored if c.similarity >= threshold),
                      key=lambda c: c.similarity, reverse=True)
        return hits[:limit]

    # -- helpers -------------------------------------------------------------------

    def _get_or_fail(self, petition_id: str) -> PetitionRow:
        row = self.get(petition_id)
        if row is None:
            raise RecordNotFound("petition", petition_id)
        return row

    def _server_version(self, petition_id: str) -> int | None:
        with self._db.reading() as conn:
            server = tables.read_server(conn, "petition", petition_id)
        return None if server is None else int(server.get("version") or 0)

    def _check_transition(self, petition_id: str, action: str) -> None:
        row = self._get_or_fail(petition_id)
        if next_status(action, row.status, staff=False) is None:
            raise InvalidTransition(action, str(row.status))
