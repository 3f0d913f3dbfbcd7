"""Ward staff triage petitions from every group: filters, diacritics-free search, paging."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def test_staff_find_petitions_by_status_group_and_words_without_diacritics(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone_a, phone_b = a_device_of(ward.group_a), a_device_of(ward.group_b)
    road = phone_a.create_petition(title="Đường Điện Biên ngập sâu", category="infrastructure")
    trash = phone_a.create_petition(title="Rác thải đầu ngõ", category="environment")
    lamp = phone_b.create_petition(title="Đèn đường hỏng", category="lighting")
    as_staff.transition(trash, "accept")

    def ids(**params: Any) -> set[str]:
        response = as_staff.get("/api/v1/petitions", params=params)
        assert response.status_code == 200, response.text
        return {p["id"] for p in response.json()["items"]}

    assert ids(q="duong dien") == {road}
    assert ids(q="ĐƯỜNG") == {road, lamp}
    assert ids(status="accepted") == {trash}
    assert ids(status=["received", "accepted"]) == {road, trash, lamp}
    assert ids(group_id=ward.group_b.id) == {lamp}
    assert ids(category="environment") == {trash}
    assert ids(unassigned=True) == {road, trash, lamp}


def test_overdue_lists_open_petitions_past_their_due_date(a_device_of: Any, ward: Any,
                                                          as_staff: Any) -> None:
    phone = a_device_of(ward.group_a)
    late, on_time, answered_late = (phone.create_petition() for _ in range(3))
    yesterday = (date.today() - timedelta(days=2)).isoformat()
    next_week = (date.today() + timedelta(days=7)).isoformat()
    as_staff.transition(late, "accept", due_date=yesterday, assigned_unit="Công an phường")
    as_staff.transition(on_time, "accept", due_date=next_week)
    as_staff.transition(answered_late, "accept", due_date=yesterday)
    as_staff.transition(answered_late, "answer", answer="Đã xử lý xong.")

    overdue = as_staff.get("/api/v1/petitions", params={"overdue": True}).json()
    unassigned = as_staff.get("/api/v1/petitions", params={"unassigned": True}).json()

    assert [p["id"] for p in overdue["items"]] == [late]
    assert {p["id"] for p in unassigned["items"]} == {on_time}


def test_the_list_pages_with_a_total(a_device_of: Any, ward: Any, as_staff: Any) -> None:
    phone = a_device_of(ward.group_a)
    for n in range(5):
        phone.create_petition(title=f"Kiến nghị {n}")

    first = as_staff.get("/api/v1/petitions", params={"limit": 2, "sort": "received_at"}).json()
    rest = as_staff.get("/api/v1/petitions",
                        params={"limit": 2, "offset": 2, "sort": "received_at"}).json()

    assert first["total"] == rest["total"] == 5
    assert len(first["items"]) == len(rest["items"]) == 2
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in rest["items"]}


def test_staff_sort_by_the_deadline_that_runs_now_as_the_console_does(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_a)
    answered, later, sooner = (phone.create_petition() for _ in range(3))
    today = date.today()
    as_staff.transition(later, "accept", due_date=(today + timedelta(days=9)).isoformat())
    as_staff.transition(sooner, "accept", due_date=(today + timedelta(days=3)).isoformat())
    as_staff.transition(answered, "accept", due_date=(today + timedelta(days=1)).isoformat())
    as_staff.transition(answered, "answer", answer="Đã xử lý xong.")

    def order(sort: str) -> list[str]:
        response = as_staff.get("/api/v1/petitions", params={"sort": sort})
        assert response.status_code == 200, response.text
        return [p["id"] for p in response.json()["items"]]

    assert order("deadline") == [sooner, later, answered]  # an answered one has none running
    assert order("received_at") == [answered, later, sooner]
    assert order("-received_at") == [sooner, later, answered]
    assert as_staff.get("/api/v1/petitions", params={"sort": "age"}).status_code == 422


def test_an_answer_then_a_reopen_keeps_the_whole_story_on_the_timeline(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    petition = a_device_of(ward.group_a).create_petition()
    as_staff.transition(petition, "accept", assigned_unit="Phòng Quản lý đô thị")
    as_staff.transition(petition, "start")
    as_staff.transition(petition, "answer", answer="Đã sửa xong.")
    reopened = as_staff.transition(petition, "reopen", note="Công dân phản ánh chưa sửa.")

    assert reopened.status_code == 200
    body = reopened.json()
    assert body["status"] == "accepted"
    assert [e["kind"] for e in body["timeline"]] == [
        "created", "accepted", "started", "answered", "reopened"]
    assert all(e["at"] and e["actor"] for e in body["timeline"])
    stale = as_staff.transition(petition, "start", base_version=body["version"] - 1)
    assert stale.status_code == 409
    assert stale.json()["code"] == "record.version_conflict"


def test_a_petition_with_the_longest_description_allowed_is_kept_and_found(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    """A citizen's long account (10,000 characters, the most a description holds) is stored,
    found by a search on its last words and pulled back whole. PostgreSQL once refused it:
    an index entry there holds at most 2,704 bytes."""
    words = ["nước", "ngập", "cống", "rãnh", "đường", "ngõ", "đèn", "hỏng", "rác", "thải",
             "khu", "phố", "tổ", "dân", "xin", "đề", "nghị", "phường", "giải", "quyết"]
    text = " ".join(f"{words[(n * 7) % len(words)]}{n}" for n in range(2000))[:9990]
    description = text + " cuối thư"
    assert len(description) <= 10_000
    phone = a_device_of(ward.group_a)

    petition = phone.create_petition(title="Phản ánh dài", description=description)

    found = as_staff.get("/api/v1/petitions", params={"q": "cuoi thu"}).json()
    assert [p["id"] for p in found["items"]] == [petition]
    pulled = [c for c in phone.pull_all() if c.get("id") == petition]
    assert pulled and pulled[-1]["data"]["description"] == description
