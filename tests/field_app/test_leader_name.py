"""The leader's own name: kept in the phone's settings, written as author of what the phone
creates and as collector of contributions; forgotten on signing out."""

from __future__ import annotations

from pathlib import Path

from field_app.store import LocalStore
from field_app.sync.engine import name_for_server


def test_the_leader_name_is_the_author_of_what_the_phone_creates(store: LocalStore) -> None:
    assert store.settings.user_name == "Máy tổ trưởng"  # before a name: the device's name
    store.settings.user_name = "  Nguyễn   Thị Lan "
    assert store.settings.leader_name == "Nguyễn Thị Lan"
    petition = store.petitions.create(field="economy", category="lighting", title="Đèn hỏng")
    timeline = store.petitions.get(petition.id).timeline  # type: ignore[union-attr]
    assert [entry.actor for entry in timeline] == ["Nguyễn Thị Lan"]


def test_the_name_survives_reopening_and_goes_with_signing_out(tmp_path: Path,
                                                               store: LocalStore) -> None:
    store.settings.user_name = "Trần Văn Hùng"
    data_dir = store.data_dir
    store.close()
    reopened = LocalStore.open(data_dir)
    try:
        assert reopened.settings.user_name == "Trần Văn Hùng"
        reopened.settings.clear_enrollment()
        assert reopened.settings.leader_name == ""
        assert reopened.settings.user_name == ""
    finally:
        reopened.close()


def test_the_server_learns_the_name_inside_the_device_name() -> None:
    assert name_for_server("Nguyễn Thị Lan", "Máy tổ trưởng") == "Nguyễn Thị Lan – Máy tổ trưởng"
    assert name_for_server("Nguyễn Thị Lan", "") == "Nguyễn Thị Lan"
    assert name_for_server("", " Máy tổ ") == "Máy tổ"
    assert len(name_for_server("A" * 90, "B" * 90)) == 100  # the protocol's limit
