"""End to end: a phone sees only its own group (and the ward's shared records), and a revoked
phone is refused on its next request."""

from __future__ import annotations

from typing import Any

import httpx


def test_a_phone_of_group_a_gets_404_for_group_b_petitions_and_never_pulls_them(
    a_device_of: Any, ward: Any
) -> None:
    phone_a = a_device_of(ward.group_a)
    phone_b = a_device_of(ward.group_b)
    mine = phone_a.create_petition(title="Rác thải tồn đọng đầu ngõ 3")
    theirs = phone_b.create_petition(title="Xin hỗ trợ hộ nghèo")

    # group A cannot touch B's petition: same answer as for a petition that does not exist
    note = phone_a.send("petition.note", {"id": theirs, "text": "Đã xem"})
    assert (note["status"], note["code"]) == ("rejected", "petition.not_found")
    not_theirs = phone_a.get(f"/api/v1/petitions/{theirs}")
    assert not_theirs.status_code == 404
    assert not_theirs.json()["code"] == "petition.not_found"
    assert phone_a.get(f"/api/v1/petitions/{mine}").json()["title"] == "Rác thải tồn đọng đầu ngõ 3"
    listed = phone_a.get("/api/v1/petitions", params={"group_id": ward.group_b.id}).json()
    assert [p["id"] for p in listed["items"]] == [mine]

    pulled_ids = {c["id"] for c in phone_a.pull_all()}
    assert mine in pulled_ids
    assert theirs not in pulled_ids
    assert all(c["data"]["group_id"] == ward.group_a.id
               for c in phone_a.seen if c["entity"] == "petition")


def test_a_revoked_phone_gets_401_on_its_next_request(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_a)
    phone.create_petition()

    revoked = as_staff.post(f"/api/v1/devices/{phone.device_id}/revoke")
    assert revoked.status_code == 200, revoked.text

    for response in (phone.pull(), phone.push_raw([])):
        assert response.status_code == 401
        assert response.json()["code"] == "auth.token_revoked"
        assert response.headers["content-type"].startswith("application/problem+json")


def test_requests_without_a_valid_token_are_401_problems(live_server: Any, ward: Any) -> None:
    none = httpx.get(live_server.url + "/api/v1/sync/pull")
    wrong = httpx.get(live_server.url + "/api/v1/sync/pull",
                      headers={"Authorization": "Bearer not-a-token"})
    for response in (none, wrong):
        assert response.status_code == 401
        assert response.json()["code"] == "auth.unauthorized"


def test_staff_of_another_ward_see_nothing_of_this_ward(
    live_server: Any, a_device_of: Any, ward: Any
) -> None:
    from sync_server.services.staff import create_staff
    from sync_server.services.wards import create_ward

    with live_server.session() as s:
        other = create_ward(s, name="Phường Khác")
        create_staff(s, ward_id=other, username="canbo-khac", password="mat-khau-khac-123")
    petition = a_device_of(ward.group_a).create_petition()
    token = live_server.staff_token("canbo-khac", "mat-khau-khac-123")
    headers = {"Authorization": f"Bearer {token}"}

    detail = httpx.get(f"{live_server.url}/api/v1/petitions/{petition}", headers=headers)
    listed = httpx.get(f"{live_server.url}/api/v1/petitions", headers=headers).json()
    accept = httpx.post(f"{live_server.url}/api/v1/petitions/{petition}/transition",
                        headers=headers, json={"action": "accept"})

    assert detail.status_code == 404
    assert listed["total"] == 0
    assert accept.status_code == 404
