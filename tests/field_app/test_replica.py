"""What the server sends is applied whole or not at all, and a fresh snapshot keeps the outbox."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from phone_pages import page, petition_change

from field_app.store import LocalStore, tables
from field_app.wire.protocol import Change, MutationResult


def test_a_page_that_fails_halfway_leaves_no_trace_and_keeps_the_cursor(
        store: LocalStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.replica.apply_page(page(petition_change(str(uuid.uuid4()), 1), cursor="before"))
    mine = store.petitions.create(field="economy", category="other", title="Của tôi").id
    ids = [str(uuid.uuid4()) for _ in range(5)]
    real = tables.write_synced_many

    def dies_after_writing(*args: Any, **kwargs: Any) -> None:
        real(*args, **kwargs)  # the rows are written inside the transaction...
        raise RuntimeError("battery died")  # ...and the phone dies before the commit

    monkeypatch.setattr(tables, "write_synced_many", dies_after_writing)
    changes = [petition_change(ids[0], 2), petition_change(mine, 3, title="Của tôi"),
               *(petition_change(i, 2) for i in ids[1:])]
    with pytest.raises(RuntimeError):
        store.replica.apply_page(page(*changes, cursor="after"))
    monkeypatch.undo()
    assert store.replica.cursor() == "before"
    assert store.petitions.counts().total == 2
    store.replica.apply_page(page(*changes, cursor="after"))
    assert store.replica.cursor() == "after"
    assert store.petitions.counts().total == 7
    row = store.petitions.get(mine)
    assert row is not None and (row.version, row.sync_state) == (3, "pending")


def test_a_fresh_snapshot_drops_what_the_server_no_longer_has_but_keeps_local_work(
        store: LocalStore) -> None:
    gone, kept = str(uuid.uuid4()), str(uuid.uuid4())
    store.replica.apply_page(page(petition_change(gone, 1), petition_change(kept, 2)))
    mine = store.petitions.create(field="economy", category="other", title="Chưa gửi").id
    store.replica.begin_reset()
    store.replica.apply_page(page(petition_change(kept, 5), cursor="s1", has_more=True))
    assert store.petitions.get(gone) is not None  # not before the snapshot is complete
    store.replica.apply_page(page(cursor="s2"))
    assert store.petitions.get(gone) is None
    assert store.petitions.get(kept) is not None
    assert store.petitions.get(mine) is not None
    assert store.outbox.counts().waiting == 1


def test_tombstones_delete_and_results_settle_the_outbox(store: LocalStore) -> None:
    pid = store.petitions.create(field="economy", category="other", title="Ống nước vỡ").id
    hid = store.households.upsert(head_name="Phạm Văn Bình").id
    [create, upsert] = store.outbox.pending()
    store.replica.settle_push([
        MutationResult(mutation_id=create.mutation_id, device_seq=1, status="applied"),
        MutationResult(mutation_id=upsert.mutation_id, device_seq=2, status="rejected",
                       code="request.validation", message="head_name: quá dài"),
    ], last_seq=2)
    assert store.outbox.counts().waiting == 0
    [kept] = store.outbox.kept()
    assert (kept.code, kept.message) == ("request.validation", "head_name: quá dài")
    household = store.households.get(hid)
    assert household is not None
    assert (household.sync_state, household.sync_message) == ("rejected", "head_name: quá dài")
    petition = store.petitions.get(pid)
    assert petition is not None and petition.sync_state == "synced"
    store.outbox.dismiss(kept.mutation_id)
    assert store.outbox.kept() == []
    store.replica.apply_page(page(Change(entity="petition", id=pid, op="delete", version=9)))
    assert store.petitions.get(pid) is None


def test_a_duplicate_answer_carries_the_first_outcome(store: LocalStore) -> None:
    pid = str(uuid.uuid4())
    store.replica.apply_page(page(petition_change(pid, 3)))
    store.petitions.update(pid, title="Sửa lại tiêu đề")
    [entry] = store.outbox.pending()
    store.replica.settle_push([MutationResult(
        mutation_id=entry.mutation_id, device_seq=entry.device_seq, status="duplicate",
        fields=["title"])], last_seq=entry.device_seq)
    row = store.petitions.get(pid)
    assert row is not None
    assert (row.sync_state, row.conflict_fields) == ("conflict", ["title"])


def test_a_pulled_petition_is_kept_once_and_an_edit_still_rebases_on_the_wards_copy(
        store: LocalStore) -> None:
    """Untouched, a pulled record keeps the ward's copy once (a first sync writes its JSON
    once, not twice); the leader's edit and the ward's next version still meet as they should."""
    pid = str(uuid.uuid4())
    store.replica.apply_page(page(petition_change(pid, 1, title="Đường ngõ 7 ngập nước")))
    with store.db.reading() as conn:
        raw = conn.execute("SELECT server_data FROM petitions WHERE id = ?", (pid,)).fetchone()
        assert raw["server_data"] == tables.SAME_AS_DATA
        assert (tables.read_server(conn, "petition", pid) or {})["title"] == \
            "Đường ngõ 7 ngập nước"

    store.petitions.update(pid, title="Đường ngõ 7 ngập sau mưa")
    with store.db.reading() as conn:
        ward_copy = tables.read_server(conn, "petition", pid) or {}
    assert ward_copy["title"] == "Đường ngõ 7 ngập nước"  # the ward's copy, not the edit
    assert ward_copy["version"] == 1

    # the ward moves the petition on before the edit is sent: the phone shows both
    store.replica.apply_page(page(petition_change(
        pid, 2, title="Đường ngõ 7 ngập nước", status="in_progress"), cursor="c2"))
    row = store.petitions.get(pid)
    assert row is not None
    assert (row.title, row.status, row.version, row.sync_state) == (
        "Đường ngõ 7 ngập sau mưa", "in_progress", 2, "pending")
    with store.db.reading() as conn:
        ward_copy = tables.read_server(conn, "petition", pid) or {}
    assert (ward_copy["title"], ward_copy["status"]) == ("Đường ngõ 7 ngập nước", "in_progress")
