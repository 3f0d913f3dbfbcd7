"""Two phones of one group cancel the same ledger line while offline: the server keeps one
reversal, refuses the other, and the totals agree on both phones and on the server."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from engine_faults import enrolled_phone


def test_the_same_line_cancelled_on_two_phones_counts_once_everywhere(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "a1") as a1, \
            enrolled_phone(live_server, ward.group_a.id, tmp_path / "a2") as a2:
        home = a1.store.households.upsert(head_name="Ngô Văn Lộc", address="Số 5")
        campaign = a1.store.contributions.create_campaign(title="Đèn ngõ", unit_kinds=[
            "money_vnd"])
        line = a1.store.contributions.record(campaign_id=campaign.id, household_id=home.id,
                                             entry_type="receipt", kind="money_vnd",
                                             quantity=300_000)
        kept = a1.store.contributions.record(campaign_id=campaign.id, household_id=home.id,
                                             entry_type="receipt", kind="money_vnd",
                                             quantity=200_000)
        assert a1.sync_now().ok and a2.sync_now().ok
        a1.store.contributions.reverse(line.id, note="Ghi nhầm")
        a2.store.contributions.reverse(line.id, note="Thu trùng")
        for phone in (a1, a2, a1, a2):
            assert phone.sync_now().ok

        summary = as_staff.get(f"/api/v1/campaigns/{campaign.id}").json()
        assert [e["entry_type"] for e in summary["entries"]].count("reversal") == 1
        assert Decimal(str(summary["totals"]["money_vnd"]["received"])) == 200_000
        for phone in (a1, a2):
            totals = phone.store.contributions.totals(campaign.id)["money_vnd"]
            assert totals.received == 200_000, phone.store.contributions.entries(campaign.id)
            balances = phone.store.contributions.household_balances(campaign.id)
            assert [b.received for b in balances] == [200_000]
        assert kept.id in {e["id"] for e in summary["entries"]}




def test_a_ledger_line_the_server_refuses_is_not_counted_on_the_phone(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    """Found by the state machine: a line the server refused (48,054,249 workdays, over the
    limit) still counted in the phone's totals. The phone now refuses such a line itself; one
    queued by an older release is refused by the server and no longer counted."""
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "a1") as a1:
        store = a1.store
        home = store.households.upsert(head_name="Đinh Thị Hoa", address="Số 1")
        campaign = store.contributions.create_campaign(title="Sửa cống", unit_kinds=[
            "money_vnd", "workdays"])
        store.contributions.record(campaign_id=campaign.id, household_id=home.id,
                                   entry_type="pledge", kind="workdays", quantity=3)
        with pytest.raises(ValueError):
            store.contributions.record(campaign_id=campaign.id, household_id=home.id,
                                       entry_type="pledge", kind="workdays",
                                       quantity=48_054_249)
        old = store.contributions.record(campaign_id=campaign.id, household_id=home.id,
                                         entry_type="pledge", kind="workdays", quantity=2)
        with store.db.transaction() as conn:  # as an older release queued it
            for table, column in (("outbox", "args"), ("contribution_entries", "data")):
                where = "mutation_id IN (SELECT mutation_id FROM outbox WHERE entity_id = ?)" \
                    if table == "outbox" else "id = ?"
                raw = conn.execute(f"SELECT {column} FROM {table} WHERE {where}",
                                   (old.id,)).fetchone()[0]
                conn.execute(f"UPDATE {table} SET {column} = ? WHERE {where}",
                             (raw.replace('"quantity": "2"', '"quantity": "48054249"'), old.id))
            conn.execute("UPDATE contribution_entries SET quantity = '48054249' WHERE id = ?",
                         (old.id,))
        assert store.contributions.totals(campaign.id)["workdays"].pledged == 48_054_252
        assert a1.sync_now().ok
        assert [e.id for e in store.contributions.entries(campaign.id)
                if e.sync_state == "rejected"] == [old.id]
        summary = as_staff.get(f"/api/v1/campaigns/{campaign.id}").json()
        assert Decimal(str(summary["totals"]["workdays"]["pledged"])) == 3
        assert store.contributions.totals(campaign.id)["workdays"].pledged == 3
