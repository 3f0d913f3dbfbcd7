"""Ward staff correct a petition a phone sent (title, category...): the correction reaches the
phone, and a stale correction never overwrites a newer phone edit (its words go to the timeline)."""

from __future__ import annotations

from typing import Any

import httpx

STAFF_NAME = "Cán bộ Khối dân vận"


def is_problem(response: httpx.Response, status: int, code: str) -> bool:
    return (response.status_code == status
            and response.headers["content-type"].startswith("application/problem+json")
            and response.json()["code"] == code)


def test_staff_correct_the_category_and_the_phone_pulls_the_correction(
        a_device_of: Any, ward: Any, as_staff: Any) -> None:
    phone = a_device_of(ward.group_a)
    pid = phone.create_petition(title="Cống ngõ 9 bốc mùi", category="lighting")
    before = as_staff.petition(pid)

    response = as_staff.patch(f"/api/v1/petitions/{pid}", json={
        "category": "environment", "title": "Cống thoát nước ngõ 9 bốc mùi",
        "base_version": before["version"]})

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["category"], body["title"], body["conflict_fields"]) == (
        "environment", "Cống thoát nước ngõ 9 bốc mùi", [])
    assert body["version"] > before["version"]
    assert body["field"] == before["field"] and body["description"] == before["description"]
    edited = body["timeline"][-1]
    assert (edited["kind"], edited["actor"], edited["text"]) == ("edited", STAFF_NAME,
                                                                 "category, title")
    assert as_staff.petition(pid)["category"] == "environment"
    # the search copy follows the new title, without diacritics
    found = as_staff.get("/api/v1/petitions", params={"q": "thoat nuoc"}).json()
    assert [p["id"] for p in found["items"]] == [pid]
    # the phone gets the corrected record on its next pull
    phone.pull_all()
    pulled = phone.latest("petition", pid)
    assert pulled is not None
    assert (pulled["category"], pulled["version"]) == ("environment", body["version"])


def test_a_stale_staff_edit_keeps_the_newer_phone_title_and_logs_the_staff_words(
        a_device_of: Any, ward: Any, as_staff: Any) -> None:
    phone = a_device_of(ward.group_a)
    pid = phone.create_petition(title="Đèn hỏng")
    seen_by_staff = as_staff.petition(pid)["version"]
    phone_edit = phone.send("petition.update", {"id": pid, "title": "Đèn ngõ 5 hỏng 2 bóng"},
                            base_version=seen_by_staff)
    assert phone_edit["status"] == "applied", phone_edit

    response = as_staff.patch(f"/api/v1/petitions/{pid}", json={
        "title": "Đèn chiếu sáng ngõ 5 hỏng", "location_text": "Ngõ 5, Tổ dân phố 1",
        "base_version": seen_by_staff})

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["conflict_fields"] == ["title"]
    assert body["title"] == "Đèn ngõ 5 hỏng 2 bóng"  # the phone's newer words stay
    assert body["location_text"] == "Ngõ 5, Tổ dân phố 1"  # the untouched field went through
    [conflict] = [e for e in body["timeline"] if e["kind"] == "conflict"]
    assert conflict["actor"] == STAFF_NAME
    assert "Đèn chiếu sáng ngõ 5 hỏng" in conflict["text"]  # nothing lost
    assert "Đèn ngõ 5 hỏng 2 bóng" in conflict["text"]
    assert body["timeline"][-1]["text"] == "location_text"

    # the same staff member correcting again from the same stale view is no new conflict
    again = as_staff.patch(f"/api/v1/petitions/{pid}", json={
        "location_text": "Ngõ 5", "base_version": seen_by_staff}).json()
    assert (again["conflict_fields"], again["location_text"]) == ([], "Ngõ 5")


def test_bad_corrections_get_a_problem_and_change_nothing(
        a_device_of: Any, ward: Any, as_staff: Any) -> None:
    pid = a_device_of(ward.group_a).create_petition(title="Vỉa hè vỡ")
    before = as_staff.petition(pid)
    bodies: list[Any] = [
        {}, {"base_version": before["version"]}, {"title": ""}, {"title": "   "},
        {"title": "x" * 301}, {"category": "not-a-category"}, {"field": None},
        {"status": "closed"}, {"title": "Vỉa hè vỡ ngõ 3", "answer": "Đã sửa"},
        {"title": "Vỉa hè vỡ ngõ 3", "base_version": -1}, {"title": "Vỉa\x00hè"},
        ["title"],
    ]

    for body in bodies:
        response = as_staff.patch(f"/api/v1/petitions/{pid}", json=body)
        assert is_problem(response, 422, "request.validation"), (body, response.text)

    assert as_staff.petition(pid) == before


def test_staff_of_another_ward_and_phones_cannot_correct_a_petition(
        live_server: Any, a_device_of: Any, ward: Any, as_staff: Any) -> None:
    from sync_server.services.staff import create_staff
    from sync_server.services.wards import create_ward

    with live_server.session() as s:
        other = create_ward(s, name="Phường Khác")
        create_staff(s, ward_id=other, username="canbo-khac", password="mat-khau-khac-123")
    phone = a_device_of(ward.group_a)
    pid = phone.create_petition(title="Đèn hỏng")
    before = as_staff.petition(pid)
    outsider = {"Authorization": "Bearer " + live_server.staff_token("canbo-khac",
                                                                     "mat-khau-khac-123")}

    foreign = httpx.patch(f"{live_server.url}/api/v1/petitions/{pid}", headers=outsider,
                          json={"title": "Sửa trộm"})
    missing = as_staff.patch("/api/v1/petitions/khong-co", json={"title": "Sửa"})
    by_phone = phone.request("PATCH", f"/api/v1/petitions/{pid}", json={"title": "Sửa"})

    assert is_problem(foreign, 404, "petition.not_found")
    assert is_problem(missing, 404, "petition.not_found")
    assert by_phone.status_code == 401
    assert as_staff.petition(pid) == before


def test_a_rejected_petition_is_no_longer_corrected(a_device_of: Any, ward: Any,
                                                    as_staff: Any) -> None:
    pid = a_device_of(ward.group_a).create_petition(title="Xin lắp camera")
    assert as_staff.transition(pid, "reject", note="Không thuộc thẩm quyền phường.").is_success
    before = as_staff.petition(pid)

    response = as_staff.patch(f"/api/v1/petitions/{pid}", json={"category": "security_order"})

    assert is_problem(response, 409, "petition.invalid_transition")
    assert as_staff.petition(pid) == before
