"""The ward head's audit page reads the ward's audit log: newest first, paged, filtered, with
who did it."""

from __future__ import annotations

import time
from typing import Any

from sync_server.services import audit
from sync_server.services.staff import create_staff, staff_for_token
from sync_server.services.wards import create_ward


def test_ward_entries_are_newest_first_paged_filtered_and_say_who(
        live_server: Any, ward: Any, a_device_of: Any) -> None:
    phone = a_device_of(ward.group_a)
    with live_server.session() as s:
        officer = staff_for_token(s, live_server.staff_token())
        head = create_staff(s, ward_id=ward.id, username="truongkhoi",
                            password="mat-khau-thu-123", full_name="Nguyễn Văn Hùng",
                            role="ward_head")
        other = create_ward(s, name="Phường Khác")
    looks = [(officer.id, "staff", "petition.view_personal", "p1"),
             (head, "staff", "petition.search", "*"),
             (phone.device_id, "device", "petition.view_personal", "p2"),
             (officer.id, "staff", "household.list_personal", "*"),
             (officer.id, "staff", "petition.view_personal", "p3")]
    for actor_id, kind, action, entity_id in looks:
        with live_server.session() as s:
            audit.record(s, ward_id=ward.id, actor_id=actor_id, action=action,
                         entity=action.split(".")[0], entity_id=entity_id,
                         detail={"n": entity_id}, actor_kind=kind)
        time.sleep(0.002)  # distinct times
    with live_server.session() as s:
        audit.record(s, ward_id=other, actor_id="someone", action="petition.search",
                     entity="petition", entity_id="*")

    with live_server.session() as s:
        first, total = audit.ward_entries(s, ward.id, page=1, page_size=2)
        second, _ = audit.ward_entries(s, ward.id, page=2, page_size=2)
        third, _ = audit.ward_entries(s, ward.id, page=3, page_size=2)
        beyond, _ = audit.ward_entries(s, ward.id, page=4, page_size=2)
        mine, mine_total = audit.ward_entries(s, ward.id, page=1, page_size=10,
                                              actor_id=officer.id)
        views, views_total = audit.ward_entries(s, ward.id, page=1, page_size=10,
                                                action="petition.view_personal")
        both, _ = audit.ward_entries(s, ward.id, page=1, page_size=10, actor_id=officer.id,
                                     action="petition.view_personal")
        elsewhere, elsewhere_total = audit.ward_entries(s, other, page=1, page_size=10)

    assert total == 5
    assert [r["entity_id"] for r in first + second + third] == ["p3", "*", "p2", "*", "p1"]
    assert beyond == []
    newest = first[0]
    assert (newest["username"], newest["full_name"], newest["actor_kind"]) == (
        "canbo", "Cán bộ Khối dân vận", "staff")
    assert newest["detail"] == {"n": "p3"} and newest["at"] is not None
    by_device = second[0]
    assert (by_device["actor_kind"], by_device["username"], by_device["device_name"]) == (
        "device", None, "Điện thoại tổ trưởng")
    assert (second[1]["username"], second[1]["full_name"]) == ("truongkhoi", "Nguyễn Văn Hùng")
    assert mine_total == 3 and {r["actor_id"] for r in mine} == {officer.id}
    assert views_total == 3 and [r["entity_id"] for r in views] == ["p3", "p2", "p1"]
    assert [r["entity_id"] for r in both] == ["p3", "p1"]
    assert elsewhere_total == 1 and elsewhere[0]["username"] is None


def test_a_look_through_the_api_reaches_the_audit_page(live_server: Any, ward: Any,
                                                        as_staff: Any) -> None:
    as_staff.get("/api/v1/households", params={"q": "nguyen"})
    with live_server.session() as s:
        rows, total = audit.ward_entries(s, ward.id, page=1, page_size=10)
    assert total == 1
    assert (rows[0]["action"], rows[0]["username"], rows[0]["detail"]["filter"]["q"]) == (
        "household.search", "canbo", "nguyen")
