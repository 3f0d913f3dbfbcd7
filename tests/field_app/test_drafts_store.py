"""What the leader has typed is on the phone before they stop typing: a draft survives the
app being closed (or killed) and reopened, never goes to the ward, and goes away only when
the form is saved or the leader throws it away."""

from __future__ import annotations

from pathlib import Path

from field_app.store import LocalStore
from field_app.store.migrations import LATEST_VERSION, migrate, schema_version

HALF_A_PETITION = {"title": "Cống ngõ 9 tắc", "description": "Nước tràn ra đường khi",
                   "field": "economy", "category": None, "anonymous": False}


def test_a_draft_survives_closing_and_reopening_the_store(store: LocalStore,
                                                          tmp_path: Path) -> None:
    store.drafts.save("petition:new", HALF_A_PETITION)
    store.close()
    again = LocalStore.open(tmp_path / "phone")
    try:
        draft = again.drafts.get("petition:new")
        assert draft is not None
        assert draft.data == HALF_A_PETITION
        assert [d.form for d in again.drafts.all()] == ["petition:new"]
    finally:
        again.close()


def test_a_draft_is_never_sent_to_the_ward(store: LocalStore) -> None:
    store.drafts.save("petition:new", HALF_A_PETITION)
    store.drafts.save("petition:new", {**HALF_A_PETITION, "category": "environment"})
    counts = store.outbox.counts()
    assert counts.waiting == 0
    assert store.outbox.pending() == []
    assert store.petitions.counts().total == 0


def test_the_latest_typing_replaces_the_draft_until_it_is_discarded(store: LocalStore,
                                                                   tmp_path: Path) -> None:
    store.drafts.save("petition:new", HALF_A_PETITION)
    store.drafts.save("petition:new", {**HALF_A_PETITION, "description": "Nước tràn ra đường"})
    store.drafts.save("household:new", {"head_name": "Hoàng"})
    assert store.drafts.get("petition:new").data["description"] == "Nước tràn ra đường"  # type: ignore[union-attr]
    store.drafts.discard("petition:new")
    store.close()
    again = LocalStore.open(tmp_path / "phone")
    try:
        assert again.drafts.get("petition:new") is None
        assert [d.form for d in again.drafts.all()] == ["household:new"]
    finally:
        again.close()


def test_an_older_database_gains_the_draft_table_and_keeps_its_outbox(tmp_path: Path) -> None:
    from field_app.store.db import Database

    db = Database(tmp_path / "old.sqlite3")
    migrate(db, target=5)
    with db.transaction() as conn:
        conn.execute("INSERT INTO outbox (device_seq, mutation_id, name, args, recorded_at) "
                     "VALUES (1, 'm-1', 'petition.create', '{}', '2026-01-01T00:00:00+00:00')")
    assert migrate(db) == LATEST_VERSION == schema_version(db)
    with db.reading() as conn:
        assert conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM draft").fetchone()[0] == 0
    db.close()


def test_signing_out_throws_drafts_away(store: LocalStore) -> None:
    store.drafts.save("petition:new", HALF_A_PETITION)  # a citizen's name may be in it
    store.wipe_records()
    assert store.drafts.all() == []
