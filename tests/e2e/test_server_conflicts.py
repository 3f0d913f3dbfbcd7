"""End to end: edits made on both sides surface as conflicts; the life cycle is enforced."""

from __future__ import annotations

import uuid
from typing import Any


def test_a_field_edited_on_two_phones_keeps_the_first_and_names_the_conflict(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    leader = a_device_of(ward.group_a, "Máy tổ trưởng")
    secretary = a_device_of(ward.group_a, "Máy bí thư chi bộ")
    petition_id = leader.create_petition(title="Đèn đường hỏng")
    secretary.pull_all()
    base = secretary.latest("petition", petition_id)["version"]  # type: ignore[index]

    first = leader.send("petition.update", {"id": petition_id, "title": "Đèn đường ngõ 5 hỏng"},
                        base_version=base)
    second = secretary.send("petition.update", {
        "id": petition_id, "title": "Đèn ngõ 5 hỏng 2 bóng", "location_text": "Ngõ 5"},
        base_version=base)

    assert first["status"] == "applied"
    assert second["status"] == "conflict"
    assert second["fields"] == ["title"]
    on_server = as_staff.petition(petition_id)
    assert on_server["title"] == "Đèn đường ngõ 5 hỏng"
    assert on_server["location_text"] == "Ngõ 5"  # the field nobody else touched applies
    conflict_notes = [e for e in on_server["timeline"] if e["kind"] == "conflict"]
    assert len(conflict_notes) == 1
    assert "Đèn ngõ 5 hỏng 2 bóng" in conflict_notes[0]["text"]
    assert "Đèn đường ngõ 5 hỏng" in conflict_notes[0]["text"]


def test_withdrawing_an_answered_petition_is_rejected_but_reporting_back_works(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_a)
    petition_id = phone.create_petition()
    as_staff.transition(petition_id, "accept")
    as_staff.transition(petition_id, "answer", answer="Điện lực đã thay bóng đèn.")

    withdraw = phone.send("petition.withdraw", {"id": petition_id})
    report = phone.send("petition.report_back", {"id": petition_id, "citizen_satisfied": True})

    assert (withdraw["status"], withdraw["code"]) == ("rejected", "petition.invalid_transition")
    assert report["status"] == "applied"
    petition = as_staff.petition(petition_id)
    assert petition["status"] == "reported_back"
    assert petition["citizen_satisfied"] is True
    assert as_staff.transition(petition_id, "close").status_code == 200


def test_staff_transitions_follow_the_life_cycle(a_device_of: Any, ward: Any,
                                                 as_staff: Any) -> None:
    petition_id = a_device_of(ward.group_a).create_petition()

    too_early = as_staff.transition(petition_id, "close")
    no_reason = as_staff.transition(petition_id, "reject")
    empty_answer = as_staff.transition(petition_id, "answer", answer="  ")
    rejected = as_staff.transition(petition_id, "reject", note="Không thuộc thẩm quyền phường.")

    assert too_early.status_code == 409
    assert too_early.json()["code"] == "petition.invalid_transition"
    assert no_reason.status_code == 422
    assert empty_answer.status_code in {409, 422}
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["timeline"][-1]["text"] == "Không thuộc thẩm quyền phường."


def test_a_phone_editing_the_same_field_twice_offline_never_conflicts_with_itself(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_a)
    petition_id = phone.create_petition(title="Ổ gà đường Lê Lợi")
    phone.pull_all()
    base = phone.latest("petition", petition_id)["version"]  # type: ignore[index]

    first = phone.send("petition.update", {"id": petition_id, "title": "Ổ gà lớn"},
                       base_version=base)
    second = phone.send("petition.update", {"id": petition_id, "title": "Ổ gà lớn, sâu 20 cm"},
                        base_version=base)

    assert (first["status"], second["status"]) == ("applied", "applied")
    assert as_staff.petition(petition_id)["title"] == "Ổ gà lớn, sâu 20 cm"


def test_a_campaign_target_changed_by_staff_wins_over_a_stale_phone_edit(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_a)
    campaign = str(uuid.uuid4())
    phone.send("campaign.create", {"id": campaign, "title": "Lắp đèn ngõ 4",
                                   "target": {"money_vnd": "10000000"}})
    phone.pull_all()
    base = phone.latest("campaign", campaign)["version"]  # type: ignore[index]
    staff_edit = as_staff.patch(f"/api/v1/campaigns/{campaign}", json={
        "target": {"money_vnd": "12000000"}, "base_version": base})
    assert staff_edit.status_code == 200, staff_edit.text

    stale = phone.send("campaign.update", {"id": campaign, "target": {"money_vnd": "9000000"},
                                           "purpose": "Ngõ 4 tối"}, base_version=base)

    assert stale["status"] == "conflict"
    assert stale["fields"] == ["target"]
    summary = as_staff.get(f"/api/v1/campaigns/{campaign}").json()
    assert summary["target"] == {"money_vnd": 12000000}
    assert summary["purpose"] == "Ngõ 4 tối"
