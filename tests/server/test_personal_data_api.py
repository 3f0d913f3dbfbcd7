"""Privacy in the API: citizens' names, phones and addresses only to a caller who asks for
them (`personal=true`), each such look and each search written to the ward's audit log."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from sync_server.models.tables import audit_t
from sync_server.services.staff import create_staff
from sync_server.services.wards import create_ward

NAME, PHONE = "Nguyễn Thị Lan", "0912345678"
HEAD, HOME_PHONE, ADDRESS = "Đặng Văn Đức", "0987654321", "Số 12, đường Nguyễn Du"


def _audit(live_server: Any) -> list[Any]:
    with live_server.session() as session:
        return list(session.execute(select(audit_t).order_by(audit_t.c.at)).all())


def _seed(ward: Any, a_device_of: Any, as_staff: Any) -> tuple[str, str, str]:
    phone = a_device_of(ward.group_a)
    named = phone.create_petition(title="Cống thoát nước tắc", citizen_name=NAME,
                                  citizen_phone=PHONE)
    anonymous = phone.create_petition(title="Đèn đường hỏng", anonymous=True,
                                      citizen_name=None, citizen_phone=None)
    home = as_staff.post("/api/v1/households", json={
        "group_id": ward.group_a.id, "head_name": HEAD, "address": ADDRESS,
        "phone": HOME_PHONE})
    assert home.status_code == 201, home.text
    return named, anonymous, home.json()["id"]


def test_lists_and_records_hide_names_and_phones_unless_asked(
        live_server: Any, ward: Any, a_device_of: Any, as_staff: Any) -> None:
    named, _anonymous, home = _seed(ward, a_device_of, as_staff)
    before = len(_audit(live_server))

    answers = [as_staff.get(url) for url in (
        "/api/v1/petitions", f"/api/v1/petitions/{named}", "/api/v1/households",
        f"/api/v1/households/{home}")]
    moved = as_staff.transition(named, "accept", assigned_unit="Công an phường")
    edited = as_staff.patch(f"/api/v1/petitions/{named}", json={"title": "Cống tắc"})

    for response in (*answers, moved, edited):
        assert response.status_code == 200, response.text
        for secret in (NAME, PHONE, HEAD, HOME_PHONE, ADDRESS):
            assert secret not in response.text, (response.url, secret)
    listed = answers[0].json()["items"]
    assert {p["citizen_name"] for p in listed} == {None}
    assert {p["citizen_phone"] for p in listed} == {None}
    assert answers[2].json()["items"][0]["head_name"] is None
    assert len(_audit(live_server)) == before  # nothing shown, nothing recorded


def test_asking_for_personal_data_shows_it_and_writes_one_audit_row_per_call(
        live_server: Any, ward: Any, a_device_of: Any, as_staff: Any) -> None:
    named, anonymous, home = _seed(ward, a_device_of, as_staff)
    before = len(_audit(live_server))

    petitions = as_staff.get("/api/v1/petitions", params={"personal": "true",
                                                          "group_id": ward.group_a.id})
    homes = as_staff.get("/api/v1/households", params={"personal": "true"})
    one_home = as_staff.get(f"/api/v1/households/{home}", params={"personal": "true"})

    assert petitions.status_code == homes.status_code == one_home.status_code == 200
    by_id = {p["id"]: p for p in petitions.json()["items"]}
    assert (by_id[named]["citizen_name"], by_id[named]["citizen_phone"]) == (NAME, PHONE)
    assert (homes.json()["items"][0]["head_name"], homes.json()["items"][0]["phone"],
            homes.json()["items"][0]["address"]) == (HEAD, HOME_PHONE, ADDRESS)
    assert one_home.json()["head_name"] == HEAD
    rows = _audit(live_server)[before:]
    assert [(r.action, r.entity, r.actor_kind) for r in rows] == [
        ("petition.list_personal", "petition", "staff"),
        ("household.list_personal", "household", "staff"),
        ("household.view_personal", "household", "staff")]
    listed = rows[0].detail
    assert (listed["count"], listed["ids"]) == (1, [named])  # the anonymous one showed nothing
    assert anonymous not in listed["ids"]
    assert listed["filter"]["group_id"] == ward.group_a.id and listed["total"] == 2
    assert rows[1].detail["ids"] == [home]
    assert rows[2].entity_id == home
    assert {r.ward_id for r in rows} == {ward.id}


def test_every_search_is_audited_with_its_text(live_server: Any, ward: Any,
                                               a_device_of: Any, as_staff: Any) -> None:
    named, _anonymous, home = _seed(ward, a_device_of, as_staff)
    before = len(_audit(live_server))

    by_name = as_staff.get("/api/v1/petitions", params={"q": "nguyen thi lan"})
    homes = as_staff.get("/api/v1/households", params={"q": "dang van duc"})
    shown = as_staff.get("/api/v1/petitions", params={"q": "cong thoat", "personal": "true"})
    blank = as_staff.get("/api/v1/petitions", params={"q": "  "})

    # the search still finds by name, but the answer names nobody
    assert [p["id"] for p in by_name.json()["items"]] == [named]
    assert by_name.json()["items"][0]["citizen_name"] is None
    assert [h["id"] for h in homes.json()["items"]] == [home]
    assert shown.json()["items"][0]["citizen_name"] == NAME
    assert blank.status_code == 200
    rows = _audit(live_server)[before:]
    assert [(r.action, r.detail["filter"]["q"], r.detail["count"]) for r in rows] == [
        ("petition.search", "nguyen thi lan", 1), ("household.search", "dang van duc", 1),
        ("petition.list_personal", "cong thoat", 1)]


def test_a_phone_asking_for_its_groups_names_is_audited_as_the_device(
        live_server: Any, ward: Any, a_device_of: Any, as_staff: Any) -> None:
    named, _anonymous, _home = _seed(ward, a_device_of, as_staff)
    phone = a_device_of(ward.group_a)
    before = len(_audit(live_server))

    plain = phone.get("/api/v1/petitions")
    asked = phone.get(f"/api/v1/petitions/{named}", params={"personal": "true"})

    assert NAME not in plain.text
    assert asked.json()["citizen_name"] == NAME
    rows = _audit(live_server)[before:]
    assert [(r.action, r.actor_kind, r.actor_id) for r in rows] == [
        ("petition.view_personal", "device", phone.device_id)]


def test_another_wards_staff_see_and_find_nothing(live_server: Any, ward: Any,
                                                  a_device_of: Any, as_staff: Any) -> None:
    named, _anonymous, home = _seed(ward, a_device_of, as_staff)
    with live_server.session() as s:
        other = create_ward(s, name="Phường Khác")
        create_staff(s, ward_id=other, username="canbo-khac", password="mat-khau-khac-123")
    outsider = {"Authorization": "Bearer " + live_server.staff_token("canbo-khac",
                                                                     "mat-khau-khac-123")}
    url = live_server.url
    lists = [httpx.get(url + path, headers=outsider, params=params) for path, params in (
        ("/api/v1/petitions", {"personal": "true"}),
        ("/api/v1/petitions", {"q": "nguyen thi lan", "personal": "true"}),
        ("/api/v1/households", {"personal": "true"}),
        ("/api/v1/households", {"q": "dang van duc"}))]
    records = [httpx.get(url + path, headers=outsider, params={"personal": "true"})
               for path in (f"/api/v1/petitions/{named}", f"/api/v1/households/{home}")]

    for response in lists:
        assert response.status_code == 200
        assert response.json()["items"] == [] and response.json()["total"] == 0
    assert [r.status_code for r in records] == [404, 404]
    for response in (*lists, *records):
        for secret in (NAME, PHONE, HEAD, HOME_PHONE, ADDRESS):
            assert secret not in response.text
    # their lists are recorded in their own ward's audit, and show no ids of ours
    rows = [r for r in _audit(live_server) if r.ward_id == other]
    assert len(rows) == 4 and all(r.detail["count"] == 0 for r in rows)
    assert not [r for r in _audit(live_server) if r.entity_id in (named, home)]
