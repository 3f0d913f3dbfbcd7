"""The group's households: added on the phone, found again without typing diacritics."""

from __future__ import annotations

from field_app.store import LocalStore


def test_households_are_found_by_name_address_or_phone_without_diacritics(
        store: LocalStore) -> None:
    duc = store.households.upsert(head_name="Nguyễn Văn Đức", address="Số 3 ngõ Đình",
                                  phone="0912 345 678")
    store.households.upsert(head_name="Trần Thị Lan", address="Số 5 đường Lê Lợi")
    assert [h.id for h in store.households.list(query="duc")] == [duc.id]
    assert [h.head_name for h in store.households.list(query="DUONG LE LOI")] == ["Trần Thị Lan"]
    assert [h.id for h in store.households.list(query="0912 345")] == [duc.id]
    moved = store.households.upsert(household_id=duc.id, head_name="Nguyễn Văn Đức",
                                    address="Số 9 ngõ Đình")
    assert (moved.address, moved.sync_state, store.households.count()) == (
        "Số 9 ngõ Đình", "pending", 2)
    assert [e.name for e in store.outbox.pending()] == ["household.upsert"] * 3
