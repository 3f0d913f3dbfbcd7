"""Store layer: dialogue sessions (group meetings and the ward's monthly dialogue day).

The phone records its group's meetings (attendance, minutes, petitions raised,
commitments) and reads the ward's sessions pulled from the server.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from field_app.store import tables
from field_app.store.db import Database
from field_app.store.errors import RecordNotFound
from field_app.store.records import DialogueSessionRow, PetitionRow
from field_app.store.writer import LocalWriter
from field_app.wire.formats import today_vn
from field_app.wire.protocol import MutationName as M
from field_app.wire.records import Commitment

WARD_DIALOGUE_DAY_OF_MONTH = 15  # seed 004: the ward answers residents on the 15th
# aliases: the repository's `list` method shadows the builtin inside the class
Sessions = list[DialogueSessionRow]
Strings = list[str]
Petitions = list[PetitionRow]
OpenCommitments = list[tuple[DialogueSessionRow, Commitment]]
_DAY = "COALESCE(scheduled_on, substr(held_at, 1, 10))"


def next_ward_dialogue_date(today: date) -> date:
    """The next 15th on or after `today` (when no session has been published yet)."""
    if today.day <= WARD_DIALOGUE_DAY_OF_MONTH:
        return today.replace(day=WARD_DIALOGUE_DAY_OF_MONTH)
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return date(year, month, WARD_DIALOGUE_DAY_OF_MONTH)


class DialogueRepository:
    """Group meetings written on the phone and ward sessions read from the server."""

    def __init__(self, db: Database, writer: LocalWriter) -> None:
        self._db = db
        self._writer = writer

    def create_meeting(
        self,
        *,
        kind: str = "group_meeting",
        title: str = "",
        scheduled_on: date | None = None,
        held_at: datetime | None = None,
        place: str = "",
        chair: str = "",
        attendees: list[str] | None = None,
        attendance_count: int | None = None,
        agenda: list[str] | None = None,
        minutes: str = "",
        petition_ids: list[str] | None = None,
        commitments: list[Commitment | dict[str, Any]] | None = None,
        session_id: str | None = None,
    ) -> DialogueSessionRow:
        """Record a group meeting (or another session of this group)."""
        args: dict[str, Any] = {
            "id": session_id or str(uuid.uuid4()), "kind": kind, "title": title,
            "scheduled_on": scheduled_on, "held_at": held_at, "place": place, "chair": chair,
            "attendees": attendees or [], "attendance_count": attendance_count,
            "agenda": agenda or [], "minutes": minutes, "petition_ids": petition_ids or [],
            "commitments": [_commitment(c) for c in commitments or []],
        }
        return self._get_or_fail(self._writer.write(M.DIALOGUE_CREATE, args))

    def update(self, session_id: str, **changes: Any) -> DialogueSessionRow:
        """Patch a session: minutes, attendance, agenda, petitions raised, commitments..."""
        if "commitments" in changes and changes["commitments"] is not None:
            changes["commitments"] = [_commitment(c) for c in changes["commitments"]]
        self._get_or_fail(session_id)
        with self._db.reading() as conn:
            server = tables.read_server(conn, "dialogue_session", session_id)
        base = None if server is None else int(server.get("version") or 0)
        self._writer.write(M.DIALOGUE_UPDATE, {"id": session_id, **changes}, base_version=base)
        return self._get_or_fail(session_id)

    def get(self, session_id: str) -> DialogueSessionRow | None:
        with self._db.reading() as conn:
            rows = tables.select_rows(conn, "dialogue_session", where="id = ?",
                                      params=(session_id,))
        return rows[0] if rows else None

    def upcoming_ward_dialogue(self, *, today: date | None = None) -> DialogueSessionRow | None:
        """The next ward dialogue day on or after today, if the ward has published it."""
        day = (today or today_vn()).isoformat()
        with self._db.reading() as conn:
            rows = tables.select_rows(
                conn, "dialogue_session",
                where=f"kind = 'ward_dialogue_day' AND {_DAY} >= ?", params=(day,),
                order=f"{_DAY}, id", limit=1,
            )
        return rows[0] if rows else None

    def past_sessions(
        self, *, today: date | None = None, limit: int | None = 100
    ) -> Sessions:
        """Sessions held before today (ward and group), most recent first."""
        day = (today or today_vn()).isoformat()
        with self._db.reading() as conn:
            return tables.select_rows(conn, "dialogue_session", where=f"{_DAY} < ?",
                                      params=(day,), order=f"{_DAY} DESC, id", limit=limit)

    def group_meetings(self, *, limit: int | None = 100) -> Sessions:
        """This group's own sessions, most recent first."""
        with self._db.reading() as conn:
            return tables.select_rows(conn, "dialogue_session", where="scope = 'group'",
                                      order=f"{_DAY} DESC, id", limit=limit)

    def list(self, *, scope: str | None = None, kind: str | None = None) -> Sessions:
        where: Strings = ["1 = 1"]
        params: Strings = []
        for column, value in (("scope", scope), ("kind", kind)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        with self._db.reading() as conn:
            return tables.select_rows(conn, "dialogue_session", where=" AND ".join(where),
                                      params=params, order=f"{_DAY} DESC, id")

    def petitions_raised(self, session_id: str) -> Petitions:
        """The petitions a session lists, or that name it as where they were received."""
        session = self._get_or_fail(session_id)
        ids = list(session.petition_ids)
        with self._db.reading() as conn:
            marks = ", ".join("?" for _ in ids) or "''"
            return tables.select_rows(
                conn, "petition",
                where=f"id IN ({marks}) OR json_extract(data, '$.dialogue_session_id') = ?",
                params=[*ids, session_id], order="received_at, id",
            )

    def open_commitments(self) -> OpenCommitments:
        """Commitments not yet done, with their session, soonest due first."""
        pairs = [(s, c) for s in self.list() for c in s.commitments if c.status != "done"]
        return sorted(pairs, key=lambda p: (p[1].due_date or date.max, p[0].id))

    def _get_or_fail(self, session_id: str) -> DialogueSessionRow:
        row = self.get(session_id)
        if row is None:
            raise RecordNotFound("dialogue_session", session_id)
        return row


def _commitment(value: Commitment | dict[str, Any]) -> dict[str, Any]:
    data = value.model_dump(mode="json") if isinstance(value, Commitment) else dict(value)
    data.setdefault("id", str(uuid.uuid4()))
    return data
