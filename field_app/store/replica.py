"""Store layer: applying the server's answers to the phone database.

Push results settle outbox entries (confirmed ones leave, rejected and conflicting
ones stay with their reason); each pulled page is applied in one transaction together
with its cursor, then every touched record is rebuilt as server copy + pending
mutations. A `sync.reset_required` starts a fresh snapshot that keeps the outbox.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from field_app.store import erasure, group_reports, journal, tables
from field_app.store.answers import NewAnswers
from field_app.store.db import Database
from field_app.store.outbox import Outbox, meta_get, meta_set, refresh_marks
from field_app.store.tracking import resend_if_refused_for_code
from field_app.store.writer import LocalWriter
from field_app.wire.protocol import Change, MutationResult, MutationStatus, PullResponse

CURSOR = "pull_cursor"
SNAPSHOT_GEN = "snapshot_gen"
RESETTING = "snapshot_resetting"
LAST_SUCCESS = "last_sync_at"
LAST_FAILURE = "last_sync_failure"


class Replica:
    """The phone's copy of its group's server records."""

    def __init__(self, db: Database, outbox: Outbox, writer: LocalWriter,
                 answers: NewAnswers | None = None) -> None:
        self._db = db
        self._answers = answers
        self._outbox = outbox
        self._writer = writer

    # -- cursor and bookkeeping ----------------------------------------------------

    def cursor(self) -> str | None:
        with self._db.reading() as conn:
            return meta_get(conn, CURSOR)

    def last_success_at(self) -> str | None:
        """ISO time (UTC) of the last sync that completed."""
        with self._db.reading() as conn:
            return meta_get(conn, LAST_SUCCESS)

    def mark_success(self, at_iso: str) -> None:
        with self._db.transaction() as conn:
            meta_set(conn, LAST_SUCCESS, at_iso)
            meta_set(conn, LAST_FAILURE, None)

    def mark_failure(self, *, code: str, transient: bool, at_iso: str) -> None:
        """Remember why the last sync failed (the command line shows it later)."""
        with self._db.transaction() as conn:
            meta_set(conn, LAST_FAILURE, json.dumps(
                {"code": code, "transient": transient, "at": at_iso}))

    def last_failure(self) -> dict[str, object] | None:
        """{code, transient, at} of the last sync if it failed, else None."""
        with self._db.reading() as conn:
            value = meta_get(conn, LAST_FAILURE)
        return None if value is None else dict(json.loads(value))

    def begin_reset(self) -> None:
        """Forget the cursor and start a fresh snapshot; the outbox is kept."""
        with self._db.transaction() as conn:
            gen = int(meta_get(conn, SNAPSHOT_GEN) or "0") + 1
            meta_set(conn, SNAPSHOT_GEN, str(gen))
            meta_set(conn, RESETTING, "1")
            meta_set(conn, CURSOR, None)

    # -- push results ----------------------------------------------------------------

    def settle_push(self, results: list[MutationResult], last_seq: int) -> int:
        """Record the server's answer to a pushed batch, in one transaction; returns how many
        entries were queued again (a petition sent anew under a fresh tracking code)."""
        touched: set[tuple[str, str]] = set()
        requeued = 0
        with self._db.transaction() as conn:
            records = self._outbox.records_of(conn, [r.mutation_id for r in results])
            confirmed: list[str] = []
            for result in results:
                record = records.get(result.mutation_id)
                if record is None:
                    continue
                outcome = effective_status(result)
                if outcome == MutationStatus.APPLIED:
                    confirmed.append(result.mutation_id)
                elif outcome == MutationStatus.REJECTED and resend_if_refused_for_code(
                        conn, self._outbox, mutation_id=result.mutation_id, code=result.code):
                    requeued += 1
                else:
                    self._outbox.keep(conn, result.mutation_id, state=str(outcome),
                                      code=result.code, message=result.message,
                                      fields=result.fields)
                entity, entity_id = record
                if entity and entity_id:
                    touched.add((entity, entity_id))
            self._outbox.confirm_many(conn, confirmed)
            for entity_id in self._outbox.trim_confirmed(conn, last_seq):
                touched.add((_entity_of(conn, entity_id), entity_id))
            self._rebuild_all(conn, touched)
        self._writer.notify("pushed")
        return requeued

    def _rebuild_all(self, conn: sqlite3.Connection, touched: set[tuple[str, str]]) -> None:
        """Rebuild the touched records. Most are new records whose create was just
        confirmed: no server copy yet and nothing left in the outbox, so a rebuild would
        only mark them synced; those are marked in one statement."""
        by_entity: dict[str, list[str]] = {}
        for entity, entity_id in touched:
            if entity in tables.TABLES:
                by_entity.setdefault(entity, []).append(entity_id)
        for entity, ids in by_entity.items():
            busy = tables.with_server_copy(conn, entity, ids) | _ids_in_outbox(conn, ids)
            tables.mark_synced(conn, entity, [i for i in ids if i not in busy])
            for entity_id in ids:
                if entity_id in busy:
                    self._writer.rebuild(conn, entity, entity_id)

    # -- pull pages --------------------------------------------------------------------

    def apply_page(self, page: PullResponse) -> int:
        """Apply one pulled page and its cursor atomically; returns the changes applied."""
        with self._db.transaction() as conn:
            gen = int(meta_get(conn, SNAPSHOT_GEN) or "0")
            if self._answers is not None:
                self._answers.note_page(conn, page.changes,
                                        first_pull=meta_get(conn, LAST_SUCCESS) is None)
            in_outbox = _ids_in_outbox(conn, [c.id for c in page.changes])
            erasures = erasure.new_erasures(conn, page.changes)
            names = erasure.erased_names(conn, erasures)
            taken = erasure.attendees_taken_out(conn, page.changes)
            for change in erasures:
                erasure.scrub_outbox(conn, change)
                journal.scrub(conn, change)
                erasure.forget_edit_draft(conn, change.entity, change.id)
            meetings = erasure.scrub_meetings(conn, names, taken)
            journal.scrub_meetings(conn, names, taken)
            quiet: dict[str, list[dict[str, Any]]] = {}
            for change in page.changes:
                if (change.op == "upsert" and change.entity in tables.TABLES
                        and change.id not in in_outbox):
                    # nothing of the user's on top: the server copy is the local view
                    quiet.setdefault(change.entity, []).append(
                        {**(change.data or {}), "id": change.id, "version": change.version})
                    continue
                self._flush_quiet(conn, quiet, gen)
                self.apply_change(conn, change, snap=gen)
            self._flush_quiet(conn, quiet, gen)
            self._rebuild_scrubbed(conn, meetings, names)
            for entity_id in self._outbox.trim_confirmed(conn, page.last_seq):
                entity = _entity_of(conn, entity_id)
                if entity in tables.TABLES:
                    self._writer.rebuild(conn, entity, entity_id)
            group_reports.drop_merged(conn)  # a month's report another phone sent first
            meta_set(conn, CURSOR, page.cursor)
            if not page.has_more and meta_get(conn, RESETTING) == "1":
                self._drop_unseen(conn, gen)
                meta_set(conn, RESETTING, None)
        if erasures or taken:
            with self._db.reading() as conn:
                erasure.forget_old_pages(conn)
        self._writer.notify("pulled")
        return len(page.changes)

    def _rebuild_scrubbed(self, conn: sqlite3.Connection, meetings: set[str],
                          names: set[str]) -> None:
        """Meetings whose unsent writes lost a name: their local view is rebuilt from the
        server's copy, or, for one the server does not have yet, scrubbed in place."""
        for meeting_id in meetings:
            if tables.read_server(conn, erasure.MEETING, meeting_id) is not None:
                self._writer.rebuild(conn, erasure.MEETING, meeting_id)
            else:
                erasure.scrub_local_meeting(conn, meeting_id, names)

    def _flush_quiet(self, conn: sqlite3.Connection, quiet: dict[str, list[dict[str, Any]]],
                     snap: int) -> None:
        for entity, rows in quiet.items():
            tables.write_synced_many(conn, entity, rows, snap=snap)
        quiet.clear()

    def apply_change(self, conn: sqlite3.Connection, change: Change, *, snap: int) -> None:
        """One server change: upsert the server copy and rebuild, or delete (tombstone)."""
        if change.entity == "reference":
            self._apply_reference(conn, change)
            return
        if change.op == "delete":
            tables.delete(conn, change.entity, change.id)
            return
        data = dict(change.data or {})
        data["id"] = change.id
        data["version"] = change.version
        tables.write_server(conn, change.entity, data, snap=snap)
        self._writer.rebuild(conn, change.entity, change.id)

    def _apply_reference(self, conn: sqlite3.Connection, change: Change) -> None:
        if change.op == "delete":
            conn.execute("DELETE FROM reference_items WHERE id = ?", (change.id,))
            return
        data = change.data or {}
        conn.execute(
            "INSERT INTO reference_items (id, kind, version, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, version = excluded.version, "
            "data = excluded.data",
            (change.id, data.get("kind") or data.get("list"), change.version,
             json.dumps(data, ensure_ascii=False)),
        )

    def _drop_unseen(self, conn: sqlite3.Connection, gen: int) -> None:
        """After a fresh snapshot: server records it did not contain are gone."""
        for spec in tables.TABLES.values():
            conn.execute(
                f"DELETE FROM {spec.table} WHERE server_data IS NOT NULL AND snap < ? "
                "AND id NOT IN (SELECT entity_id FROM outbox WHERE entity_id IS NOT NULL)",
                (gen,),
            )

    def references(self, kind: str | None = None) -> list[dict[str, object]]:
        """Reference items pulled from the ward (units, categories...)."""
        with self._db.reading() as conn:
            rows = conn.execute(
                "SELECT data FROM reference_items WHERE ? IS NULL OR kind = ? ORDER BY id",
                (kind, kind),
            ).fetchall()
        return [dict(json.loads(r["data"])) for r in rows]

    def privacy_notice(self) -> tuple[str, int]:
        """The ward's doorstep notice and its version ("", 0 until the ward wrote one)."""
        best: tuple[str, int] = ("", 0)
        for item in self.references("privacy_notice"):
            extra = item.get("extra")
            version = extra.get("version") if isinstance(extra, dict) else None
            if isinstance(version, int) and version >= best[1]:
                best = (str(item.get("value") or ""), version)
        return best


def _ids_in_outbox(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    """Which of these record ids have outbox entries (pending or kept)."""
    sql = "SELECT DISTINCT entity_id FROM outbox WHERE entity_id IN ({marks})"
    return {r["entity_id"] for r in tables.rows_in(conn, sql, ids)}


def effective_status(result: MutationResult) -> MutationStatus:
    """What happened to a mutation: a `duplicate` carries the stored first outcome."""
    if result.status != MutationStatus.DUPLICATE:
        return result.status
    if result.fields:
        return MutationStatus.CONFLICT
    if result.code:
        return MutationStatus.REJECTED
    return MutationStatus.APPLIED


def _entity_of(conn: sqlite3.Connection, entity_id: str) -> str:
    for spec in tables.TABLES.values():
        if conn.execute(f"SELECT 1 FROM {spec.table} WHERE id = ?", (entity_id,)).fetchone():
            return spec.entity
    return ""


def refresh_all_marks(conn: sqlite3.Connection) -> None:
    """Recompute every record's sync marks that the outbox mentions (after migrations)."""
    for row in conn.execute("SELECT DISTINCT entity, entity_id FROM outbox").fetchall():
        if row["entity_id"]:
            refresh_marks(conn, row["entity"], row["entity_id"])
