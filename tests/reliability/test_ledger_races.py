"""Two phones of one group cancel the same ledger line while offline: the server keeps one
reversal, refuses the other, and the totals agree on both phones and on the server."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

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
