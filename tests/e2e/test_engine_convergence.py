"""Two phones of a group and the ward work for a while over a bad network: random writes,
random staff actions, random faults on every sync. Afterwards no write is lost, none is
duplicated, and every phone holds exactly the server's view of its group."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from engine_faults import FAULTS, FaultyNetwork, enrolled_phone, server_petitions

from field_app.sync import SyncEngine

TITLES = ["Đèn đường hỏng", "Cống tắc", "Rác tồn đọng", "Ổ gà", "Lấn chiếm vỉa hè",
          "Nước sinh hoạt yếu", "Chó thả rông", "Cây đổ"]


class Day:
    """One working day of a group: what the phones wrote, for checking afterwards."""

    def __init__(self, rng: random.Random, phones: list[SyncEngine], campaign: str) -> None:
        self.rng = rng
        self.phones = phones
        self.campaign = campaign
        self.notes: Counter[str] = Counter()
        self.created: set[str] = set()

    def write_something(self, phone: SyncEngine) -> None:
        store, rng = phone.store, self.rng
        petitions = store.petitions.list(limit=None)
        households = store.households.list()
        roll = rng.random()
        if roll < 0.3 or not petitions:
            self.created.add(store.petitions.create(
                field="economy", category=rng.choice(["lighting", "environment", "other"]),
                title=f"{rng.choice(TITLES)} {rng.randint(1, 99)}").id)
        elif roll < 0.5:
            target = rng.choice(petitions).id
            store.petitions.add_note(target, f"Ghi chú {rng.randint(1, 10**6)}")
            self.notes[target] += 1
        elif roll < 0.65:
            open_ones = [p for p in petitions if p.status in ("received", "accepted")]
            if open_ones:
                store.petitions.update(rng.choice(open_ones).id,
                                       title=f"{rng.choice(TITLES)} (sửa {rng.randint(1, 9)})")
        elif roll < 0.72:
            open_ones = [p for p in petitions if p.status == "received"]
            if open_ones:  # the ward may accept it first: then the server rejects this
                store.petitions.withdraw(rng.choice(open_ones).id, note="Công dân rút")
        elif roll < 0.85 or not households:
            store.households.upsert(head_name=f"Hộ {rng.randint(1, 10**6)}", address="Ngõ 7")
        else:
            store.contributions.record(campaign_id=self.campaign,
                                       household_id=rng.choice(households).id,
                                       entry_type=rng.choice(["pledge", "receipt"]),
                                       kind="money_vnd", quantity=rng.randint(1, 50) * 100_000)

    def staff_acts(self, staff: Any, group_id: str) -> None:
        for p in server_petitions(staff, group_id):
            if p["status"] == "received" and self.rng.random() < 0.3:
                staff.transition(p["id"], "accept")
            elif p["status"] == "accepted" and self.rng.random() < 0.3:
                staff.transition(p["id"], "answer", answer="Phường đã xử lý.")


def view(phone: SyncEngine) -> dict[str, Any]:
    store = phone.store
    return {
        "petitions": {p.id: (p.version, p.status, p.title, len(p.timeline))
                      for p in store.petitions.list(limit=None)},
        "households": {h.id: (h.version, h.head_name) for h in store.households.list()},
        "ledger": {c.id: {k: (t.pledged, t.received)
                          for k, t in store.contributions.totals(c.id).items()}
                   for c in store.contributions.campaigns()},
    }


@pytest.mark.parametrize("seed", [7, 2026])
def test_random_work_over_a_bad_network_converges_without_loss_or_duplicates(
        seed: int, live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    rng = random.Random(seed)
    networks = [FaultyNetwork(), FaultyNetwork()]
    group = ward.group_a.id
    with enrolled_phone(live_server, group, tmp_path / "a", networks[0], push_batch=3,
                        pull_limit=4) as a, \
            enrolled_phone(live_server, group, tmp_path / "b", networks[1], push_batch=3,
                           pull_limit=4) as b:
        campaign = a.store.contributions.create_campaign(title="Bê tông hóa ngõ 7").id
        assert a.sync_now().ok and b.sync_now().ok
        day = Day(rng, [a, b], campaign)
        for _round in range(12):
            for phone, network in zip((a, b), networks, strict=True):
                for _ in range(rng.randint(1, 4)):
                    day.write_something(phone)
                for _ in range(rng.randint(0, 3)):
                    network.inject(rng.choice(["/sync/push", "/sync/pull"]), rng.choice(FAULTS))
                phone.sync_now()  # may fail: the next round or the end will catch up
            day.staff_acts(as_staff, group)

        for network in networks:
            network.plan.clear()
        for phone in (a, b, a):
            assert phone.sync_now().ok

        on_server = {p["id"]: p for p in server_petitions(as_staff, group)}
        assert day.created <= set(on_server)  # no write lost
        for pid, count in day.notes.items():  # none applied twice
            notes = [e for e in on_server[pid]["timeline"] if e["kind"] == "note"]
            assert len(notes) == count, pid
        assert view(a) == view(b)
        assert {pid: (v[0], v[1], v[2]) for pid, v in view(a)["petitions"].items()} == {
            pid: (p["version"], p["status"], p["title"]) for pid, p in on_server.items()}
        with enrolled_phone(live_server, group, tmp_path / "fresh") as fresh:
            assert fresh.sync_now().ok
            assert view(fresh) == view(a)
        assert a.store.outbox.counts().waiting == b.store.outbox.counts().waiting == 0
