"""An app upgrade: a phone database left by every older release, its outbox holding every kind
of write (some of them already received by the server before the old app died), is migrated
when the new app opens it, and everything syncs: each write once, nothing lost.

Extends tests/e2e/test_engine_recovery.py (one schema, petitions only)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from engine_faults import phone_engine, server_petitions
from reliability_figures import add

from field_app.store.db import DB_FILE_NAME, Database
from field_app.store.migrations import LATEST_VERSION, migrate, schema_version

TABLE_OF = {"petition": "petitions", "household": "households", "campaign": "campaigns",
            "contribution_entry": "contribution_entries"}


def old_release_outbox(group_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(mutation name, entity, args) a group leader queued on the old app, in order."""
    home, campaign, petition = (str(uuid.uuid4()) for _ in range(3))
    return [
        ("household.upsert", "household", {"id": home, "head_name": "Võ Thị Sáu",
                                           "address": "Số 8 ngõ 1", "phone": None}),
        ("campaign.create", "campaign", {"id": campaign, "title": "Lát gạch ngõ 1",
                                         "purpose": "", "unit_kinds": ["money_vnd"],
                                         "target": {"money_vnd": "20000000"}}),
        ("contribution.record", "contribution_entry", {
            "id": str(uuid.uuid4()), "campaign_id": campaign, "household_id": home,
            "entry_type": "pledge", "kind": "money_vnd", "quantity": "500000",
            "recorded_on": "2026-10-01"}),
        ("petition.create", "petition", {"id": petition, "title": "Cống ngõ 1 tắc",
                                         "field": "economy", "category": "infrastructure",
                                         "description": "", "source": "household_visit"}),
        ("petition.note", "petition", {"id": petition, "text": "Đã gọi tổ vệ sinh"}),
        ("petition.update", "petition", {"id": petition, "description": "Tắc ba ngày"}),
        ("contribution.record", "contribution_entry", {
            "id": str(uuid.uuid4()), "campaign_id": campaign, "household_id": home,
            "entry_type": "receipt", "kind": "money_vnd", "quantity": "200000",
            "recorded_on": "2026-10-02", "receipt_no": "PT-01"}),
    ]


def make_old_phone(data_dir: Path, schema: int, live_server: Any, group: Any,
                   queued: list[tuple[str, str, dict[str, Any]]]) -> Any:
    """A phone of release `schema`, enrolled, with `queued` unsent in its outbox."""
    enrolled = live_server.enroll(group, "Máy đời cũ")
    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text(json.dumps({"enrollment": {
        "server_url": live_server.url, "device_id": enrolled.device_id, "token": enrolled.token,
        "group_id": group.id, "group_name": group.name, "ward_id": enrolled.ward_id,
        "ward_name": "Phường"}}), encoding="utf-8")
    db = Database(data_dir / DB_FILE_NAME)
    migrate(db, target=schema)
    with db.transaction() as conn:
        for seq, (name, entity, args) in enumerate(queued, start=1):
            extra = ", entity, entity_id" if schema >= 2 else ""
            values = (seq, str(uuid.uuid4()), name, json.dumps(args, ensure_ascii=False),
                      *((entity, args["id"]) if schema >= 2 else ()))
            conn.execute(f"INSERT INTO outbox (device_seq, mutation_id, name, args, recorded_at"
                         f"{extra}) VALUES (?, ?, ?, ?, '2026-10-01T08:00:00+07:00'"
                         f"{', ?, ?' if schema >= 2 else ''})", values)
            if name.endswith(("create", "upsert", "record")):
                conn.execute(f"INSERT INTO {TABLE_OF[entity]} (id, group_id, data, sync_state)"
                             " VALUES (?, ?, ?, 'pending')",
                             (args["id"], group.id, json.dumps({**args, "group_id": group.id})))
        conn.execute("INSERT INTO meta VALUES ('next_device_seq', ?)", (str(len(queued) + 1),))
    db.close()
    return enrolled


@pytest.mark.parametrize("schema", range(1, LATEST_VERSION))
@pytest.mark.parametrize("already_received", [0, 3])
def test_an_old_release_with_a_full_outbox_upgrades_and_syncs_everything_once(
        schema: int, already_received: int, live_server: Any, ward: Any, as_staff: Any,
        tmp_path: Path) -> None:
    queued = old_release_outbox(ward.group_a.id)
    old = make_old_phone(tmp_path / "phone", schema, live_server, ward.group_a, queued)
    # the old app had sent the first entries, the server applied them, the answer was lost
    if already_received:
        db = Database(tmp_path / "phone" / DB_FILE_NAME)
        rows = db.conn.execute("SELECT device_seq, mutation_id, name, args FROM outbox "
                               "ORDER BY device_seq LIMIT ?", (already_received,)).fetchall()
        db.close()
        response = httpx.post(live_server.url + "/api/v1/sync/push", headers=old.headers,
                              json={"protocol": 1, "mutations": [
                                  {"mutation_id": r["mutation_id"], "device_seq": r["device_seq"],
                                   "name": r["name"], "args": json.loads(r["args"]),
                                   "base_version": None,
                                   "recorded_at": "2026-10-01T08:00:00+07:00"} for r in rows]})
        assert response.status_code == 200, response.text
        assert {r["status"] for r in response.json()["results"]} == {"applied"}

    phone = phone_engine(tmp_path / "phone")  # opening the store migrates it
    try:
        assert schema_version(phone.store.db) == LATEST_VERSION
        assert phone.store.outbox.counts().waiting == len(queued)
        report = phone.sync_now()
        assert report.ok, report
        assert (report.rejected, report.conflicts) == (0, 0)
        assert phone.store.outbox.counts() .waiting == 0

        petition_id = queued[3][2]["id"]
        on_server = server_petitions(as_staff, ward.group_a.id)
        assert [p["id"] for p in on_server] == [petition_id]
        petition = as_staff.petition(petition_id)
        assert petition["description"] == "Tắc ba ngày"
        assert [e["text"] for e in petition["timeline"] if e["kind"] == "note"] == \
            ["Đã gọi tổ vệ sinh"]
        campaign_id = queued[1][2]["id"]
        summary = as_staff.get(f"/api/v1/campaigns/{campaign_id}").json()
        assert len(summary["entries"]) == 2  # each ledger line once
        assert summary["totals"]["money_vnd"]["pledged"] == 500000
        assert summary["totals"]["money_vnd"]["received"] == 200000
        totals = phone.store.contributions.totals(campaign_id)["money_vnd"]
        assert (totals.pledged, totals.received) == (500000, 200000)
        local = phone.store.petitions.get(petition_id)
        assert local is not None and local.sync_state == "synced"
        assert local.description == "Tắc ba ngày"
        assert [h.head_name for h in phone.store.households.list()] == ["Võ Thị Sáu"]
    finally:
        phone.store.close()
    add("upgrade", {"old_databases_upgraded": 1, "queued_writes_synced": len(queued)})
