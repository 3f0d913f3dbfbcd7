"""Faults between the phone and the ward server: no write lost, none duplicated, and the phone
ends up with the server's view of its group."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from engine_faults import FAULTS, FaultyNetwork, enrolled_phone, server_petitions

from field_app.store import tables
from field_app.sync import RetryPolicy, SyncEngine, SyncState


def log_three(phone: SyncEngine) -> list[str]:
    store = phone.store
    first = store.petitions.create(field="economy", category="lighting", title="Đèn ngõ 3 hỏng")
    store.petitions.add_note(first.id, "Đã báo tổ điện")
    second = store.petitions.create(field="culture_society", category="environment",
                                    title="Rác đầu ngõ 8")
    third = store.petitions.create(field="economy", category="infrastructure",
                                   title="Ổ gà trước nhà số 14")
    store.households.upsert(head_name="Đỗ Thị Mai", address="Số 14 ngõ 8")
    return [first.id, second.id, third.id]


def assert_converged(phone: SyncEngine, staff: Any, group_id: str, expected: list[str]) -> None:
    on_server = {p["id"]: p for p in server_petitions(staff, group_id)}
    assert sorted(on_server) == sorted(expected)  # nothing lost, nothing twice
    assert phone.store.outbox.counts().waiting == 0
    mine = {p.id: p for p in phone.store.petitions.list(limit=None)}
    assert sorted(mine) == sorted(expected)
    for pid, row in mine.items():
        assert row.sync_state == "synced"
        assert row.version == on_server[pid]["version"]
        assert row.title == on_server[pid]["title"]
    notes = [e for e in on_server[expected[0]]["timeline"] if e["kind"] == "note"]
    assert [n["text"] for n in notes] == ["Đã báo tổ điện"]


@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_on_push_is_retried_without_duplicates(
        fault: str, live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    network = FaultyNetwork()
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "p", network) as phone:
        ids = log_three(phone)
        network.inject("/sync/push", fault)
        report = phone.sync_now()
        assert report.ok, report
        assert network.plan == []  # the fault did happen
        assert_converged(phone, as_staff, ward.group_a.id, ids)


@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_on_pull_is_retried_and_nothing_is_skipped(
        fault: str, live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    network = FaultyNetwork()
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "p", network,
                        pull_limit=2) as phone:
        ids = log_three(phone)
        network.inject("/sync/pull", fault, fault)
        assert phone.sync_now().ok
        assert network.plan == []
        assert_converged(phone, as_staff, ward.group_a.id, ids)


def test_every_fault_in_one_sync_still_converges(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    network = FaultyNetwork()
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "p", network,
                        push_batch=2, pull_limit=2,
                        retry=RetryPolicy(attempts=len(FAULTS) * 2 + 2, base_delay=0)) as phone:
        ids = log_three(phone)
        network.inject("/sync/push", *FAULTS)
        network.inject("/sync/pull", *FAULTS)
        assert phone.sync_now().ok
        assert_converged(phone, as_staff, ward.group_a.id, ids)


def test_a_long_outage_goes_offline_keeps_everything_and_recovers(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    network = FaultyNetwork()
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "p", network) as phone:
        ids = log_three(phone)
        network.down = True
        report = phone.sync_now()
        assert (report.ok, report.error_code) == (False, "network.unreachable")
        status = phone.status.current
        assert (status.state, status.waiting) == (SyncState.OFFLINE, 5)
        assert "Không kết nối được" in (status.error_message("vi") or "")
        assert "Cannot reach" in (status.error_message("en") or "")
        assert all(p.sync_state == "pending" for p in phone.store.petitions.list())

        network.down = False
        network.inject("/sync/push", *["http_500"] * 4)  # the server is sick for a while
        assert not phone.sync_now().ok
        assert phone.status.current.error_code == "server.internal"
        assert phone.sync_now().ok
        assert phone.status.current.state == SyncState.IDLE
        assert_converged(phone, as_staff, ward.group_a.id, ids)


def test_a_crash_while_applying_a_page_then_a_sync_that_converges(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "p", pull_limit=3) as phone:
        ids = log_three(phone)
        assert phone.sync_now().ok
        for pid in ids:
            assert as_staff.transition(pid, "accept").status_code == 200
        real = tables.write_synced_many

        def dies_after_writing(*args: Any, **kwargs: Any) -> None:
            real(*args, **kwargs)  # rows written inside the page's transaction...
            raise OSError("the phone ran out of storage")  # ...which never commits

        monkeypatch.setattr(tables, "write_synced_many", dies_after_writing)
        cursor_before = phone.store.replica.cursor()
        failed = phone.sync_now()
        assert (failed.ok, failed.error_code) == (False, "device.apply_failed")
        assert phone.status.current.state == SyncState.ERROR
        assert phone.store.replica.cursor() == cursor_before  # the page was not half-applied
        assert {p.status for p in phone.store.petitions.list()} == {"received"}
        monkeypatch.undo()

        assert phone.sync_now().ok
        assert_converged(phone, as_staff, ward.group_a.id, ids)
        assert {p.status for p in phone.store.petitions.list()} == {"accepted"}
