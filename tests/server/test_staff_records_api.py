"""Ward staff keep households and group meetings; what they change reaches the group's phones."""

from __future__ import annotations

import uuid
from typing import Any


def test_staff_add_find_and_edit_households_of_their_ward(a_device_of: Any, ward: Any,
                                                          as_staff: Any) -> None:
    created = as_staff.post("/api/v1/households", json={
        "group_id": ward.group_a.id, "head_name": "Đặng Văn Đức",
        "address": "Số 12, đường Nguyễn Du", "phone": "0987654321"})
    assert created.status_code == 201, created.text
    home = created.json()
    elsewhere = as_staff.post("/api/v1/households", json={
        "group_id": str(uuid.uuid4()), "head_name": "Không có tổ"})

    found = as_staff.get("/api/v1/households", params={"q": "dang van duc"}).json()
    by_group = as_staff.get("/api/v1/households", params={"group_id": ward.group_b.id}).json()
    edited = as_staff.put(f"/api/v1/households/{home['id']}", json={
        "head_name": "Đặng Văn Đức", "address": "Số 14, đường Nguyễn Du"})

    assert elsewhere.status_code == 404
    assert [h["id"] for h in found["items"]] == [home["id"]]
    assert by_group["total"] == 0
    assert edited.status_code == 200
    assert edited.json()["address"] == "Số 14, đường Nguyễn Du"
    assert edited.json()["version"] > home["version"]
    phone = a_device_of(ward.group_a)
    phone.pull_all()
    assert phone.latest("household", home["id"])["address"] == "Số 14, đường Nguyễn Du"  # type: ignore[index]


def test_minutes_written_by_staff_win_over_a_stale_edit_from_the_phone(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_a)
    meeting = str(uuid.uuid4())
    phone.send("dialogue.create", {"id": meeting, "title": "Họp tổ tháng 11",
                                   "scheduled_on": "2026-11-10"})
    phone.pull_all()
    base = phone.latest("dialogue_session", meeting)["version"]  # type: ignore[index]
    staff_edit = as_staff.patch(f"/api/v1/dialogues/{meeting}", json={
        "minutes": "Biên bản do phường bổ sung", "base_version": base})
    assert staff_edit.status_code == 200, staff_edit.text

    stale = phone.send("dialogue.update", {"id": meeting, "minutes": "Ghi chép của tổ",
                                           "attendance_count": 41}, base_version=base)

    assert stale["status"] == "conflict"
    assert stale["fields"] == ["minutes"]
    session = as_staff.get(f"/api/v1/dialogues/{meeting}").json()
    assert session["minutes"] == "Biên bản do phường bổ sung"
    assert session["attendance_count"] == 41
