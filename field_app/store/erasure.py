"""Store layer: a citizen's personal data erased by the ward leaves the phone completely.

The erased record itself arrives as an ordinary pulled upsert (personal fields empty,
`erased_at` set) and replaces the local copy. What else could still hold the old text:
the outbox's copies of the mutations that wrote it (their args), SQLite's freed pages
(the database runs with `secure_delete`, so they are zeroed) and the write-ahead log
(cut to nothing after a page that brought an erasure). An edit draft of the erased record
goes too: the form would otherwise offer the old name again.

Meetings have no `erased_at`: the ward erases a person from a meeting by taking the name
out of its attendees, and the page brings the meeting with the shorter list. The names it
took out, and the names of the people whose petitions or households the page erases, leave
the attendees of the phone's unsent meeting writes and meeting drafts too.
"""

from __future__ import annotations

import json
import re
import sqlite3

from field_app.store import tables
from field_app.wire.protocol import Change
from field_app.wire.text import fold

# per entity: the personal fields and what an erased one holds
PERSONAL: dict[str, dict[str, str | None]] = {
    "petition": {"citizen_name": None, "citizen_phone": None, "household_id": None},
    "household": {"head_name": "", "address": "", "phone": None},
}
# a meeting's personal field: the citizens' names in its attendees (the chair is the
# group's or the ward's officer; the minutes are its content, as a petition's description)
MEETING = "dialogue_session"
MEETING_PERSONAL: dict[str, list[str]] = {"attendees": []}
MEETING_WRITES = ("dialogue.create", "dialogue.update")
# the fields holding the person's name, as the phone held it before the erasure
_NAME_FIELD = {"petition": "citizen_name", "household": "head_name"}
EDIT_DRAFT = re.compile(r"^(petition|household|meeting):([0-9a-f-]{36})$")
DRAFT_ENTITY = {"petition": "petition", "household": "household", "meeting": MEETING}


def new_erasures(conn: sqlite3.Connection, changes: list[Change]) -> list[Change]:
    """The changes of a page that erase a record the phone did not yet know as erased."""
    fresh = []
    for change in changes:
        data = change.data or {}
        if change.op != "upsert" or change.entity not in PERSONAL or not data.get("erased_at"):
            continue
        known = tables.read_server(conn, change.entity, change.id)
        if known is None or known.get("erased_at") != data.get("erased_at"):
            fresh.append(change)
    return fresh


def scrub_outbox(conn: sqlite3.Connection, change: Change) -> None:
    """Empty the personal fields in the outbox entries about an erased record (and, for a
    household, the notes of its contribution lines). Entries already sent and still
    waiting for an answer are left alone: changing them would make their retry differ
    from what the server logged; the server leaves their personal fields out anyway."""
    blanks = PERSONAL[change.entity]
    rows = conn.execute(
        "SELECT id, args FROM outbox WHERE entity_id = ? AND NOT (state = 'pending' "
        "AND attempted = 1)", (change.id,)).fetchall()
    for row in rows:
        args = json.loads(row["args"])
        scrubbed = {k: blanks.get(k, v) for k, v in args.items()}
        if scrubbed != args:
            conn.execute("UPDATE outbox SET args = ? WHERE id = ?",
                         (json.dumps(scrubbed, ensure_ascii=False), row["id"]))
    if change.entity == "household":
        lines = conn.execute(
            "SELECT id, args FROM outbox WHERE name = 'contribution.record' AND NOT "
            "(state = 'pending' AND attempted = 1)").fetchall()
        for row in lines:
            args = json.loads(row["args"])
            if args.get("household_id") == change.id and args.get("note"):
                conn.execute("UPDATE outbox SET args = ? WHERE id = ?",
                             (json.dumps({**args, "note": None}, ensure_ascii=False), row["id"]))


def forget_old_pages(conn: sqlite3.Connection) -> None:
    """Copy the write-ahead log into the database and cut it to nothing: the log still
    held the pages as they were before the erasure."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def forget_edit_draft(conn: sqlite3.Connection, entity: str, record_id: str) -> None:
    """The draft editing one record: it holds the record's personal fields as typed."""
    form = {v: k for k, v in DRAFT_ENTITY.items()}[entity]
    conn.execute("DELETE FROM draft WHERE form = ?", (f"{form}:{record_id}",))


def erased_names(conn: sqlite3.Connection, erasures: list[Change]) -> set[str]:
    """The folded names of the people a page erases: the citizen names of their petitions
    and the head names of their households, as the phone held them (read before the page
    replaces them)."""
    names: set[str] = set()
    for change in erasures:
        name_field = _NAME_FIELD[change.entity]
        for copy in (tables.read_server(conn, change.entity, change.id),
                     tables.read_data(conn, change.entity, change.id)):
            if copy and isinstance(copy.get(name_field), str) and copy[name_field].strip():
                names.add(fold(copy[name_field]).strip())
    return names


def attendees_taken_out(conn: sqlite3.Connection, changes: list[Change]) -> dict[str, set[str]]:
    """Per meeting of a page: the folded names the ward took out of its attendees since the
    phone's copy (an erasure; or an edit, which an older write of the phone would lose to on
    the server anyway: its attendees would conflict and the ward's list stays)."""
    taken: dict[str, set[str]] = {}
    for change in changes:
        data = change.data or {}
        if change.entity != MEETING or change.op != "upsert" or "attendees" not in data:
            continue  # a record without its list says nothing about who left it
        known = tables.read_server(conn, MEETING, change.id)
        if known is None:
            continue
        now = {fold(a).strip() for a in data["attendees"] or []}
        gone = {fold(a).strip() for a in known.get("attendees") or []} - now
        if gone:
            taken[change.id] = gone
    return taken



def without_attendees(args_json: str, names: set[str]) -> str | None:
    """A meeting write's arguments (JSON) with the attendees whose folded name is in
    `names` taken out, or None when none of them is there."""
    args = json.loads(args_json)
    people = args.get("attendees")
    if not names or not isinstance(people, list):
        return None
    kept = [a for a in people if fold(str(a)).strip() not in names]
    if len(kept) == len(people):
        return None
    return json.dumps({**args, "attendees": kept}, ensure_ascii=False)

def scrub_meetings(conn: sqlite3.Connection, everywhere: set[str],
                   per_meeting: dict[str, set[str]]) -> set[str]:
    """Take the names out of the attendees of the phone's unsent meeting writes (every
    meeting for `everywhere`, one meeting for `per_meeting`) and of its meeting drafts;
    returns the meetings whose outbox entries changed. Entries already sent and waiting
    for an answer are left alone, as for petitions."""
    if not everywhere and not per_meeting:
        return set()
    touched: set[str] = set()
    marks = ", ".join("?" for _ in MEETING_WRITES)
    rows = conn.execute(
        f"SELECT id, entity_id, args FROM outbox WHERE name IN ({marks}) AND NOT "
        "(state = 'pending' AND attempted = 1)", MEETING_WRITES).fetchall()
    for row in rows:
        args = without_attendees(row["args"], everywhere | per_meeting.get(row["entity_id"], set()))
        if args is not None:
            conn.execute("UPDATE outbox SET args = ? WHERE id = ?", (args, row["id"]))
            touched.add(row["entity_id"])
    for row in conn.execute("SELECT form, data FROM draft WHERE form LIKE 'meeting:%'"
                            ).fetchall():
        names = everywhere | per_meeting.get(row["form"].split(":", 1)[1], set())
        data = json.loads(row["data"])
        typed = data.get("attendees")
        if not names or not isinstance(typed, str):
            continue
        lines = typed.splitlines()
        kept_lines = [line for line in lines if fold(line).strip() not in names]
        if len(kept_lines) != len(lines):
            conn.execute("UPDATE draft SET data = ? WHERE form = ?", (json.dumps(
                {**data, "attendees": "\n".join(kept_lines)}, ensure_ascii=False),
                row["form"]))
    return touched


def scrub_local_meeting(conn: sqlite3.Connection, meeting_id: str, names: set[str]) -> None:
    """A meeting the server does not have yet: its local view is what the user wrote (no
    server copy to rebuild it from), so the names leave it here."""
    data = tables.read_data(conn, MEETING, meeting_id)
    if data is None:
        return
    people = data.get("attendees") or []
    kept = [a for a in people if fold(str(a)).strip() not in names]
    if len(kept) != len(people):
        tables.write_local(conn, MEETING, {**data, "attendees": kept})
