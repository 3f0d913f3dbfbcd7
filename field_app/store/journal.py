"""Store layer: the mutations the server has answered, kept a while after they leave the
outbox, so that none is lost when the ward restores its server from a backup.

A restored server holds the device's mutations only up to the backup: its `last_seq` for
the device is behind the phone's. The phone learns it from a `sync.seq_gap` (its next
push starts past the server's `last_seq + 1`) or from a `sync.reset_required` that carries
the server's `last_seq` (the restored database has a new epoch). Every mutation of the
journal after that `last_seq` then goes back into the outbox with its own mutation id and
device_seq, ahead of the unsent ones, and is sent again before the fresh snapshot is
pulled: the server applies what it lacks, and the snapshot holds every write of the phone.

Kept `KEEP_DAYS` days after the answer (longer than the 14 days of nightly backups that
deploy/backup.sh keeps). The journal holds the same personal data as the outbox did, so
it is scrubbed like the outbox when the ward erases a citizen and emptied when the ward
revokes the phone or the phone enrolls anew.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

from field_app.store.erasure import MEETING_WRITES, PERSONAL, without_attendees
from field_app.wire.formats import utcnow
from field_app.wire.protocol import Change

KEEP_DAYS = 30
_COLUMNS = "device_seq, mutation_id, name, args, base_version, recorded_at, entity, entity_id"


def remember(conn: sqlite3.Connection, *, mutation_ids: list[str] | None = None,
             up_to_seq: int | None = None) -> None:
    """Copy answered outbox entries (by id, or every pending one up to a seq) into the
    journal, and drop journal rows older than `KEEP_DAYS`; inside the answer's transaction."""
    now = utcnow()
    select = f"SELECT {_COLUMNS}, ? FROM outbox WHERE "
    insert = f"INSERT OR REPLACE INTO sent_mutations ({_COLUMNS}, answered_at) "
    if mutation_ids:
        for start in range(0, len(mutation_ids), 500):
            chunk = mutation_ids[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            conn.execute(insert + select + f"mutation_id IN ({marks})",
                         (now.isoformat(), *chunk))
    if up_to_seq is not None:
        conn.execute(insert + select + "state = 'pending' AND device_seq <= ?",
                     (now.isoformat(), up_to_seq))
    conn.execute("DELETE FROM sent_mutations WHERE answered_at < ?",
                 ((now - timedelta(days=KEEP_DAYS)).isoformat(),))


def forget_all(conn: sqlite3.Connection) -> None:
    """A new device on the server (enrolled anew) or a revoked phone: nothing to resend."""
    conn.execute("DELETE FROM sent_mutations")


def highest_seq(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(device_seq), 0) FROM sent_mutations"
                            ).fetchone()[0])


def requeue_after(conn: sqlite3.Connection, last_seq: int) -> list[tuple[str, str]]:
    """Put the journal's mutations after the server's `last_seq` back into the outbox as
    waiting, with their own ids and seqs (a kept refusal or conflict is simply waiting
    again); photos they name are uploaded again. Returns (entity, entity_id) of each."""
    rows = conn.execute("SELECT * FROM sent_mutations WHERE device_seq > ? ORDER BY device_seq",
                        (last_seq,)).fetchall()
    touched: list[tuple[str, str]] = []
    photos: list[str] = []
    for row in rows:
        conn.execute("DELETE FROM outbox WHERE mutation_id = ?", (row["mutation_id"],))
        conn.execute(
            f"INSERT INTO outbox ({_COLUMNS}, state, attempted) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 1)",
            tuple(row[c.strip()] for c in _COLUMNS.split(",")))
        if row["entity"] and row["entity_id"]:
            touched.append((str(row["entity"]), str(row["entity_id"])))
        photos.extend(str(h) for h in json.loads(row["args"]).get("attachments") or [])
    conn.execute("DELETE FROM sent_mutations WHERE device_seq > ?", (last_seq,))
    if photos:
        for start in range(0, len(photos), 500):
            chunk = photos[start:start + 500]
            marks = ", ".join("?" for _ in chunk)
            conn.execute(f"DELETE FROM attachment_uploads WHERE state = 'sent' AND sha256 IN "
                         f"({marks})", chunk)
    return touched


def scrub(conn: sqlite3.Connection, change: Change) -> None:
    """The ward erased a citizen: empty the personal fields in the journal's copies, as
    `erasure.scrub_outbox` does in the outbox."""
    blanks = PERSONAL[change.entity]
    for row in conn.execute("SELECT device_seq, name, args, entity_id FROM sent_mutations "
                            "WHERE entity_id = ? OR name = 'contribution.record'",
                            (change.id,)).fetchall():
        args = json.loads(row["args"])
        if row["entity_id"] == change.id:
            scrubbed = {k: blanks.get(k, v) for k, v in args.items()}
        elif change.entity == "household" and args.get("household_id") == change.id:
            scrubbed = {**args, "note": None}
        else:
            continue
        if scrubbed != args:
            conn.execute("UPDATE sent_mutations SET args = ? WHERE device_seq = ?",
                         (json.dumps(scrubbed, ensure_ascii=False), row["device_seq"]))


def scrub_meetings(conn: sqlite3.Connection, everywhere: set[str],
                   per_meeting: dict[str, set[str]]) -> None:
    """Take erased names (every meeting's `everywhere`, one meeting's `per_meeting`) out of
    the attendees of the journal's meeting writes, as `erasure.scrub_meetings` does in the
    outbox."""
    if not everywhere and not per_meeting:
        return
    marks = ", ".join("?" for _ in MEETING_WRITES)
    for row in conn.execute(f"SELECT device_seq, entity_id, args FROM sent_mutations "
                            f"WHERE name IN ({marks})", MEETING_WRITES).fetchall():
        args = without_attendees(row["args"], everywhere | per_meeting.get(row["entity_id"], set()))
        if args is not None:
            conn.execute("UPDATE sent_mutations SET args = ? WHERE device_seq = ?",
                         (args, row["device_seq"]))
