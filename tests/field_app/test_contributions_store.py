"""A group keeps the ledger of a campaign and shows it openly on the notice board."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from field_app.store import LocalStore


def test_totals_balances_and_the_transparency_sheet_subtract_reversals(
        store: LocalStore) -> None:
    lan = store.households.upsert(head_name="Trần Thị Lan", address="Số 2 ngõ 7")
    hung = store.households.upsert(head_name="Nguyễn Văn Hùng", address="Số 9 ngõ 7")
    road = store.contributions.create_campaign(
        title="Bê tông hóa đường nội khối TDP 5", unit_kinds=["money_vnd", "land_m2"],
        target={"money_vnd": 150_000_000, "land_m2": Decimal("40.5")},
        suggested_per_household=3_000_000, instalments=5, starts_on=date(2026, 11, 1))
    ledger = store.contributions
    ledger.record(campaign_id=road.id, household_id=lan.id, entry_type="pledge",
                  kind="money_vnd", quantity=3_000_000)
    ledger.record(campaign_id=road.id, household_id=lan.id, entry_type="receipt",
                  kind="money_vnd", quantity=600_000, receipt_no="PT-001",
                  recorded_on=date(2026, 11, 10))
    typo = ledger.record(campaign_id=road.id, household_id=lan.id, entry_type="receipt",
                         kind="money_vnd", quantity=6_000_000, receipt_no="PT-002")
    ledger.reverse(typo.id, note="Ghi nhầm số tiền")
    ledger.record(campaign_id=road.id, household_id=hung.id, entry_type="pledge",
                  kind="land_m2", quantity="12.5")

    totals = ledger.totals(road.id)
    assert totals["money_vnd"].pledged == 3_000_000
    assert totals["money_vnd"].received == 600_000
    assert totals["money_vnd"].target == 150_000_000
    assert totals["land_m2"].pledged == Decimal("12.5")
    assert totals["land_m2"].target == Decimal("40.5")

    balances = {(b.head_name, b.kind): b for b in ledger.household_balances(road.id)}
    assert balances[("Trần Thị Lan", "money_vnd")].outstanding == 2_400_000
    assert balances[("Nguyễn Văn Hùng", "land_m2")].outstanding == Decimal("12.5")

    sheet = {(r.head_name, r.kind): r for r in ledger.transparency_rows(road.id)}
    assert sheet[("Trần Thị Lan", "money_vnd")].receipt_nos == ["PT-001"]
    assert sheet[("Trần Thị Lan", "money_vnd")].last_receipt_on == date(2026, 11, 10)

    entries = ledger.entries(road.id, household_id=lan.id)
    assert [e.entry_type for e in entries].count("reversal") == 1
    assert next(e for e in entries if e.id == typo.id).reversed_by is not None
    assert all(e.sync_state == "pending" for e in entries)
