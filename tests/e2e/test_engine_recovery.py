"""Phones that were away: a month offline with thousands of writes, an app upgraded with an
unsent outbox, a server restored from backup, and a phone that retries by itself."""

from __future__ import annotations

import json
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from engine_faults import FaultyNetwork, enrolled_phone, phone_engine, server_petitions
from sqlalchemy import text

from field_app.store.db import DB_FILE_NAME, Database
from field_app.store.migrations import migrate
from field_app.sync import SyncState


def test_a_month_offline_with_5000_writes_syncs_in_one_go(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    network = FaultyNetwork()  # no faults: it only watches
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader", network) as leader:
        store = leader.store
        households = [store.households.upsert(head_name=f"Hộ số {n}", address=f"Số {n} ngõ 7").id
                      for n in range(500)]
        campaign = store.contributions.create_campaign(title="Bê tông hóa ngõ 7",
                                                       target={"money_vnd": 1_500_000_000})
        petitions = [store.petitions.create(field="economy", category="infrastructure",
                                            title=f"Kiến nghị {n} về đường ngõ").id
                     for n in range(1500)]
        for pid in petitions:
            store.petitions.add_note(pid, "Đã xuống kiểm tra")
        for hid in households:
            store.contributions.record(campaign_id=campaign.id, household_id=hid,
                                       entry_type="pledge", kind="money_vnd",
                                       quantity=3_000_000)
            store.contributions.record(campaign_id=campaign.id, household_id=hid,
                                       entry_type="receipt", kind="money_vnd",
                                       quantity=600_000)
        for pid in petitions[1000:1499]:
            store.petitions.update(pid, description="Mặt đường bong tróc sau mưa")
        assert store.outbox.counts().waiting == 5000
        assert [e.device_seq for e in store.outbox.pending()][-1] == 5000

        report = leader.sync_now()
        assert report.ok, report
        assert (report.pushed, report.rejected, report.conflicts) == (5000, 0, 0)
        assert store.outbox.counts().waiting == 0
        assert len(server_petitions(as_staff, ward.group_a.id)) == 1500
        assert network.gzipped.count("/api/v1/sync/push") == 10  # 500 per batch, compressed

        with enrolled_phone(live_server, ward.group_a.id, tmp_path / "new") as newcomer:
            assert newcomer.sync_now().ok
            assert newcomer.store.petitions.counts().total == 1500
            assert newcomer.store.households.count() == 500
            totals = newcomer.store.contributions.totals(campaign.id)["money_vnd"]
            assert (totals.pledged, totals.received) == (1_500_000_000, 300_000_000)
            assert len(newcomer.store.petitions.list(query="bong troc", limit=None)) == 499


def old_phone_with_unsent_outbox(data_dir: Path, live_server: Any, group_id: str) -> list[str]:
    """A phone on the first release: schema 1, enrolled, two petitions never sent."""
    enrolled = live_server.enroll(type("G", (), {"id": group_id})(), "Máy cũ")
    (data_dir).mkdir(parents=True)
    (data_dir / "settings.json").write_text(json.dumps({"enrollment": {
        "server_url": live_server.url, "device_id": enrolled.device_id, "token": enrolled.token,
        "group_id": group_id, "group_name": "Tổ dân phố 1", "ward_id": enrolled.ward_id,
        "ward_name": "Phường"}}), encoding="utf-8")
    db = Database(data_dir / DB_FILE_NAME)
    migrate(db, target=1)
    ids = [str(uuid.uuid4()) for _ in range(2)]
    with db.transaction() as conn:
        for seq, pid in enumerate(ids, start=1):
            args = {"id": pid, "title": f"Kiến nghị cũ {seq}", "field": "economy",
                    "category": "other", "description": "", "source": "household_visit"}
            conn.execute("INSERT INTO outbox (device_seq, mutation_id, name, args, recorded_at)"
                         " VALUES (?, ?, 'petition.create', ?, '2026-10-01T08:00:00+07:00')",
                         (seq, str(uuid.uuid4()), json.dumps(args)))
            conn.execute("INSERT INTO petitions (id, group_id, data, status, title, sync_state)"
                         " VALUES (?, ?, ?, 'received', ?, 'pending')",
                         (pid, group_id, json.dumps({**args, "group_id": group_id,
                                                     "status": "received"}), args["title"]))
        conn.execute("INSERT INTO meta VALUES ('next_device_seq', '3')")
    db.close()
    return ids


def test_an_upgraded_app_still_sends_what_the_old_one_had_queued(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    ids = old_phone_with_unsent_outbox(tmp_path / "old", live_server, ward.group_a.id)
    phone = phone_engine(tmp_path / "old")  # opening the store migrates it
    try:
        assert phone.store.outbox.counts().waiting == 2
        report = phone.sync_now()
        assert (report.ok, report.pushed) == (True, 2)
        assert sorted(p["id"] for p in server_petitions(as_staff, ward.group_a.id)) == sorted(ids)
        assert {p.sync_state for p in phone.store.petitions.list()} == {"synced"}
    finally:
        phone.store.close()


def test_a_server_restored_from_backup_sends_a_fresh_snapshot_and_keeps_the_outbox(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader:
        synced = leader.store.petitions.create(field="economy", category="other",
                                               title="Đã gửi trước").id
        assert leader.sync_now().ok
        with live_server.session() as s:  # as after a restore: a new epoch
            s.execute(text("UPDATE server_meta SET value = :v WHERE key = 'epoch'"),
                      {"v": uuid.uuid4().hex})
        unsent = leader.store.petitions.create(field="economy", category="other",
                                               title="Viết sau khi phường khôi phục").id
        assert leader.sync_now().ok
        on_server = {p["id"] for p in server_petitions(as_staff, ward.group_a.id)}
        assert on_server == {synced, unsent}
        assert {p.id for p in leader.store.petitions.list()} == on_server
        assert leader.store.outbox.counts().waiting == 0


def test_the_phone_retries_by_itself_when_the_server_comes_back(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    network = FaultyNetwork()
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader", network) as leader:
        leader.autosync.backoff_base = 0.05
        leader.autosync.backoff_max = 0.2
        leader.autosync.debounce = 0.01
        network.down = True
        leader.start()
        pid = leader.store.petitions.create(field="economy", category="lighting",
                                            title="Đèn hỏng khi mất mạng").id
        wait_for(lambda: leader.status.current.state == SyncState.OFFLINE)
        assert leader.status.current.waiting == 1
        wait_for(lambda: "/healthz" in network.seen)  # while offline it probes, cheaply
        network.down = False  # the network returns; nobody touches the phone
        wait_for(lambda: leader.status.current.waiting == 0
                 and leader.status.current.state == SyncState.IDLE)
        assert [p["id"] for p in server_petitions(as_staff, ward.group_a.id)] == [pid]

        leader.sign_out()  # e.g. the phone changes hands; the background loop idles
        leader.enroll(live_server.url, live_server.enroll_code(ward.group_a.id))
        again = leader.store.petitions.create(field="economy", category="other",
                                              title="Sau khi đăng ký lại").id
        wait_for(lambda: len(server_petitions(as_staff, ward.group_a.id)) == 2)
        assert again in {p["id"] for p in server_petitions(as_staff, ward.group_a.id)}
        leader.stop()


def test_the_wards_dialogue_day_reaches_the_phone(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    created = as_staff.post("/api/v1/dialogues", json={
        "scope": "ward", "kind": "ward_dialogue_day", "title": "Đối thoại tháng 12",
        "scheduled_on": "2026-12-15", "place": "Hội trường UBND phường"})
    assert created.status_code == 201, created.text
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader:
        assert leader.sync_now().ok
        upcoming = leader.store.dialogues.upcoming_ward_dialogue(today=date(2026, 12, 1))
        assert upcoming is not None
        assert (upcoming.title, upcoming.place) == ("Đối thoại tháng 12",
                                                    "Hội trường UBND phường")


def wait_for(condition: Any, limit: float = 30.0) -> None:
    """Poll until `condition()` holds (a deadline, not a timing assertion)."""
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "condition never held"
        time.sleep(0.05)
