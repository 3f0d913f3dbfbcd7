"""The phone keeps the ward's deadlines: `ack_due` from the server, in lists and counts of
overdue petitions, and after an upgrade from a store that had no column for it."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

from phone_pages import page, petition_change

from field_app.store import LocalStore
from field_app.store.db import DB_FILE_NAME, Database
from field_app.store.migrations import LATEST_VERSION, migrate, schema_version


def test_a_petition_not_taken_up_is_overdue_by_its_ack_due(store: LocalStore) -> None:
    waiting, taken_up, fresh = (str(uuid.uuid4()) for _ in range(3))
    store.replica.apply_page(page(
        petition_change(waiting, 3, status="received", ack_due="2026-11-10"),
        # taken up in time: its ack_due has passed, but it now waits on its due date
        petition_change(taken_up, 4, status="accepted", ack_due="2026-11-10",
                        due_date="2026-12-30"),
        petition_change(fresh, 5, status="received", ack_due="2026-12-01"),
    ))
    today = date(2026, 11, 21)
    assert [p.id for p in store.petitions.list_overdue(today=today)] == [waiting]
    assert store.petitions.counts(today=today).overdue == 1
    assert store.petitions.get(waiting).ack_due == date(2026, 11, 10)


def test_an_upgraded_store_fills_ack_due_from_the_records_it_had(tmp_path: Path) -> None:
    db = Database(tmp_path / DB_FILE_NAME)
    migrate(db, target=8)  # the version before ack_due (v9)
    pid = str(uuid.uuid4())
    data = {"id": pid, "group_id": "g", "title": "Đèn hỏng", "field": "economy",
            "category": "lighting", "status": "received", "ack_due": "2026-11-10"}
    with db.transaction() as conn:
        conn.execute("INSERT INTO petitions (id, data, server_data, status, title, version)"
                     " VALUES (?, ?, ?, 'received', 'Đèn hỏng', 2)",
                     (pid, json.dumps(data), json.dumps(data)))
    db.close()
    store = LocalStore.open(tmp_path)
    assert schema_version(store.db) == LATEST_VERSION
    assert [p.id for p in store.petitions.list_overdue(today=date(2026, 11, 21))] == [pid]
    store.close()
