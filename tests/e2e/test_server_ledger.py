"""End to end: a contribution campaign kept on a phone, with totals and balances at the ward."""

from __future__ import annotations

import uuid
from typing import Any


def test_pledges_receipts_and_a_reversal_add_up_per_kind_and_per_household(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_a)
    campaign, home_1, home_2 = (str(uuid.uuid4()) for _ in range(3))
    phone.send("household.upsert", {"id": home_1, "head_name": "Lê Văn Nam"})
    phone.send("household.upsert", {"id": home_2, "head_name": "Đỗ Thị Lan"})
    created = phone.send("campaign.create", {
        "id": campaign, "title": "Bê tông hóa đường nội khối TDP 5",
        "unit_kinds": ["money_vnd", "land_m2"],
        "target": {"money_vnd": "90000000", "land_m2": "350.5"},
        "suggested_per_household": 3000000, "instalments": 5})
    assert created["status"] == "applied", created

    def entry(home: str, entry_type: str, kind: str, quantity: str) -> str:
        entry_id = str(uuid.uuid4())
        result = phone.send("contribution.record", {
            "id": entry_id, "campaign_id": campaign, "household_id": home,
            "entry_type": entry_type, "kind": kind, "quantity": quantity,
            "recorded_on": "2026-11-20", "collector": "Thủ quỹ tổ"})
        assert result["status"] == "applied", result
        return entry_id

    entry(home_1, "pledge", "money_vnd", "3000000")
    entry(home_1, "receipt", "money_vnd", "600000")
    mistaken = entry(home_2, "receipt", "money_vnd", "6000000")
    entry(home_2, "pledge", "land_m2", "12.5")
    reversal = phone.send("contribution.reverse", {
        "id": str(uuid.uuid4()), "reverses_id": mistaken, "recorded_on": "2026-11-21",
        "note": "Ghi nhầm số tiền"})
    twice = phone.send("contribution.reverse", {
        "id": str(uuid.uuid4()), "reverses_id": mistaken, "recorded_on": "2026-11-21"})
    half_dong = phone.send("contribution.record", {
        "id": str(uuid.uuid4()), "campaign_id": campaign, "household_id": home_1,
        "entry_type": "receipt", "kind": "money_vnd", "quantity": "1000.5",
        "recorded_on": "2026-11-20"})

    assert reversal["status"] == "applied"
    assert (twice["status"], twice["code"]) == ("rejected", "contribution.already_reversed")
    assert half_dong["status"] == "rejected"

    summary = as_staff.get(f"/api/v1/campaigns/{campaign}").json()
    assert summary["totals"]["money_vnd"] == {"pledged": 3000000, "received": 600000,
                                              "target": 90000000}
    assert summary["totals"]["land_m2"] == {"pledged": "12.5", "received": "0",
                                            "target": "350.5"}
    balances = {h["head_name"]: h["kinds"] for h in summary["households"]}
    assert balances["Lê Văn Nam"]["money_vnd"]["balance"] == 2400000
    assert balances["Đỗ Thị Lan"]["money_vnd"]["received"] == 0
    assert len(summary["entries"]) == 5  # append-only: the mistaken line is still there


def test_staff_record_receipts_for_a_group_campaign(live_server: Any, a_device_of: Any,
                                                    ward: Any, as_staff: Any) -> None:
    home = as_staff.post("/api/v1/households", json={
        "group_id": ward.group_a.id, "head_name": "Phạm Văn Sơn", "address": "Số 9"}).json()
    campaign = as_staff.post("/api/v1/campaigns", json={
        "group_id": ward.group_a.id, "title": "Lắp đèn đường ngõ 12",
        "target": {"money_vnd": "20000000"}})
    assert campaign.status_code == 201, campaign.text
    cid = campaign.json()["id"]
    receipt = as_staff.post(f"/api/v1/campaigns/{cid}/entries", json={
        "household_id": home["id"], "entry_type": "receipt", "kind": "money_vnd",
        "quantity": "500000", "recorded_on": "2026-11-21", "receipt_no": "PT-001"})
    assert receipt.status_code == 201, receipt.text

    phone = a_device_of(ward.group_a)
    phone.pull_all()
    assert phone.latest("campaign", cid)["title"] == "Lắp đèn đường ngõ 12"  # type: ignore[index]
    assert phone.latest("contribution_entry", receipt.json()["id"])["quantity"] == "500000"  # type: ignore[index]


def test_staff_correct_a_receipt_with_a_reversal_and_the_totals_follow(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    home = as_staff.post("/api/v1/households", json={
        "group_id": ward.group_a.id, "head_name": "Vũ Thị Hằng"}).json()
    cid = as_staff.post("/api/v1/campaigns", json={
        "group_id": ward.group_a.id, "title": "Thùng rác công cộng"}).json()["id"]
    other = as_staff.post("/api/v1/campaigns", json={
        "group_id": ward.group_a.id, "title": "Quỹ khuyến học"}).json()["id"]
    entry = as_staff.post(f"/api/v1/campaigns/{cid}/entries", json={
        "household_id": home["id"], "entry_type": "receipt", "kind": "money_vnd",
        "quantity": "200000", "recorded_on": "2026-11-21"}).json()["id"]

    wrong_campaign = as_staff.post(f"/api/v1/campaigns/{other}/entries/{entry}/reverse",
                                   json={"recorded_on": "2026-11-22"})
    reversed_ = as_staff.post(f"/api/v1/campaigns/{cid}/entries/{entry}/reverse",
                              json={"recorded_on": "2026-11-22", "note": "Thu nhầm"})
    again = as_staff.post(f"/api/v1/campaigns/{cid}/entries/{entry}/reverse",
                          json={"recorded_on": "2026-11-22"})

    assert wrong_campaign.status_code == 404
    assert reversed_.status_code == 201
    assert again.status_code == 409
    assert again.json()["code"] == "contribution.already_reversed"
    totals = as_staff.get(f"/api/v1/campaigns/{cid}").json()["totals"]
    assert totals["money_vnd"]["received"] == 0
