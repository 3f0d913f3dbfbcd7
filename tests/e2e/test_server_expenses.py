"""End to end: a campaign's expenses (campaign_expense) pushed by a phone and by staff, pulled
by the group's phones only; append-only, a reversal at most once, retries harmless."""

from __future__ import annotations

import uuid
from typing import Any


def _campaign(phone: Any) -> str:
    campaign = str(uuid.uuid4())
    created = phone.send("campaign.create", {
        "id": campaign, "title": "Bê tông hóa đường nội khối TDP 5",
        "target": {"money_vnd": "90000000"}})
    assert created["status"] == "applied", created
    return campaign


def test_an_expense_and_its_reversal_reach_the_group_and_a_second_reversal_is_refused(
        a_device_of: Any, ward: Any) -> None:
    phone = a_device_of(ward.group_a)
    campaign = _campaign(phone)
    expense = str(uuid.uuid4())
    recorded = phone.send("expense.record", {
        "id": expense, "campaign_id": campaign, "spent_on": "2026-11-22",
        "amount_vnd": 12_500_000, "purpose": "Mua xi măng", "payee": "Cửa hàng VLXD Hòa",
        "receipt_no": "HĐ-0012"})
    assert recorded["status"] == "applied", recorded
    first = phone.send("expense.reverse", {
        "id": str(uuid.uuid4()), "reverses_id": expense, "spent_on": "2026-11-23",
        "note": "Ghi nhầm số tiền"})
    second = phone.send("expense.reverse", {
        "id": str(uuid.uuid4()), "reverses_id": expense, "spent_on": "2026-11-23",
        "note": "Lần nữa"})
    after = phone.send("expense.record", {
        "id": str(uuid.uuid4()), "campaign_id": campaign, "spent_on": "2026-11-24",
        "amount_vnd": 12_000_000, "purpose": "Mua xi măng"})
    assert first["status"] == "applied", first
    assert (second["status"], second["code"]) == ("rejected", "expense.already_reversed")
    assert after["status"] == "applied"  # the refusal did not wedge the queue

    other = a_device_of(ward.group_a)
    other.pull_all()
    line = other.latest("campaign_expense", expense)
    assert line is not None
    assert (line["amount_vnd"], line["purpose"], line["receipt_no"]) == (
        12_500_000, "Mua xi măng", "HĐ-0012")
    reversal = other.latest("campaign_expense", first["id"])
    assert reversal is not None
    assert (reversal["entry_type"], reversal["reverses_id"], reversal["note"]) == (
        "reversal", expense, "Ghi nhầm số tiền")


def test_a_retried_push_answers_duplicate_and_writes_nothing_twice(
        a_device_of: Any, ward: Any, as_staff: Any) -> None:
    phone = a_device_of(ward.group_a)
    campaign = _campaign(phone)
    args = {"id": str(uuid.uuid4()), "campaign_id": campaign, "spent_on": "2026-11-22",
            "amount_vnd": 3_000_000, "purpose": "Thuê máy trộn"}
    mutation = phone.mutation("expense.record", args)
    first = phone.push([mutation])["results"][0]
    again = phone.push([mutation])["results"][0]
    assert first["status"] == "applied"
    assert (again["status"], again["id"]) == ("duplicate", args["id"])
    other = a_device_of(ward.group_a)
    pulled = [c for c in other.pull_all() if c["entity"] == "campaign_expense"]
    assert [c["id"] for c in pulled] == [args["id"]]


def test_another_groups_phone_neither_sees_nor_reverses_an_expense(
        a_device_of: Any, ward: Any) -> None:
    phone_a = a_device_of(ward.group_a)
    phone_b = a_device_of(ward.group_b)
    campaign = _campaign(phone_a)
    expense = str(uuid.uuid4())
    assert phone_a.send("expense.record", {
        "id": expense, "campaign_id": campaign, "spent_on": "2026-11-22",
        "amount_vnd": 1_000_000, "purpose": "Mua cát"})["status"] == "applied"
    into = phone_b.send("expense.record", {
        "id": str(uuid.uuid4()), "campaign_id": campaign, "spent_on": "2026-11-22",
        "amount_vnd": 1_000_000, "purpose": "Chi lạ"})
    undo = phone_b.send("expense.reverse", {
        "id": str(uuid.uuid4()), "reverses_id": expense, "spent_on": "2026-11-22",
        "note": "Thử hủy"})
    assert (into["status"], into["code"]) == ("rejected", "campaign.not_found")
    assert (undo["status"], undo["code"]) == ("rejected", "expense.not_found")
    phone_b.pull_all()
    assert phone_b.latest("campaign_expense", expense) is None


def test_a_household_s_consent_to_be_named_travels_and_stays_when_not_sent(
        a_device_of: Any, ward: Any) -> None:
    phone = a_device_of(ward.group_a)
    home = str(uuid.uuid4())
    phone.send("household.upsert", {"id": home, "head_name": "Lê Văn Nam",
                                    "publish_name": True})
    phone.send("household.upsert", {"id": home, "head_name": "Lê Văn Nam", "address": "Số 3"})
    other = a_device_of(ward.group_a)
    other.pull_all()
    record = other.latest("household", home)
    assert record is not None
    assert (record["publish_name"], record["address"]) == (True, "Số 3")
