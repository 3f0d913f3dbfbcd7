"""End to end: pulling pages, cursors, tombstones and the ward's shared records."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any


def test_pages_follow_the_cursor_and_deliver_every_change_once(
    a_device_of: Any, ward: Any
) -> None:
    writer = a_device_of(ward.group_a)
    created = {writer.create_petition(title=f"Kiến nghị số {n}") for n in range(7)}
    reader = a_device_of(ward.group_a)

    pages = []
    while True:
        page = reader.pull(cursor=reader.cursor, limit=3).json()
        pages.append(page)
        reader.cursor = page["cursor"]
        if not page["has_more"]:
            break

    ids = [c["id"] for p in pages for c in p["changes"] if c["entity"] == "petition"]
    assert sorted(ids) == sorted(created)
    assert [len(p["changes"]) for p in pages] == [3, 3, 1]
    versions = [c["version"] for p in pages for c in p["changes"]]
    assert versions == sorted(versions)
    assert all(c["data"]["version"] == c["version"] for p in pages for c in p["changes"])

    nothing_new = reader.pull(cursor=reader.cursor).json()
    assert nothing_new["changes"] == []
    assert nothing_new["has_more"] is False


def test_the_phone_learns_which_mutations_the_server_has(a_device_of: Any, ward: Any) -> None:
    phone = a_device_of(ward.group_a)
    phone.create_petition()
    phone.create_petition()
    assert phone.pull().json()["last_seq"] == 2


def test_a_cursor_from_another_server_epoch_needs_a_reset(a_device_of: Any, ward: Any) -> None:
    phone = a_device_of(ward.group_a)
    phone.pull_all()
    body = json.loads(base64.urlsafe_b64decode(phone.cursor + "=" * (-len(phone.cursor) % 4)))
    body["e"] = uuid.uuid4().hex
    foreign = base64.urlsafe_b64encode(json.dumps(body).encode()).decode().rstrip("=")

    response = phone.pull(cursor=foreign)
    garbage = phone.pull(cursor="not-a-cursor!")

    assert response.status_code == 409
    assert response.json()["code"] == "sync.reset_required"
    assert garbage.status_code in {400, 409}
    assert garbage.json()["code"] in {"sync.bad_cursor", "sync.reset_required"}


def test_a_household_removed_by_staff_reaches_the_phone_as_a_tombstone(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_a)
    household = str(uuid.uuid4())
    assert phone.send("household.upsert", {"id": household, "head_name": "Trần Văn Bình",
                                           "address": "Số 3, ngõ 2"})["status"] == "applied"
    phone.pull_all()
    assert phone.latest("household", household)["head_name"] == "Trần Văn Bình"  # type: ignore[index]

    assert as_staff.delete(f"/api/v1/households/{household}").status_code == 200
    changes = phone.pull_all()

    assert [(c["entity"], c["id"], c["op"], c["data"]) for c in changes] == [
        ("household", household, "delete", None)]


def test_the_ward_dialogue_day_reaches_the_phones_of_every_group(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone_a, phone_b = a_device_of(ward.group_a), a_device_of(ward.group_b)
    created = as_staff.post("/api/v1/dialogues", json={
        "scope": "ward", "kind": "ward_dialogue_day", "title": "Ngày đối thoại tháng 12",
        "scheduled_on": "2026-12-15", "place": "Hội trường UBND phường",
        "agenda": ["Trả lời kiến nghị"]})
    assert created.status_code == 201, created.text
    session_id = created.json()["id"]
    commitment = {"id": str(uuid.uuid4()), "text": "Sửa đèn ngõ 12", "owner": "Điện lực",
                  "due_date": "2026-12-30", "status": "open"}
    patched = as_staff.patch(f"/api/v1/dialogues/{session_id}",
                             json={"commitments": [commitment]})
    assert patched.status_code == 200, patched.text

    for phone in (phone_a, phone_b):
        phone.pull_all()
        seen = phone.latest("dialogue_session", session_id)
        assert seen is not None
        assert seen["scope"] == "ward"
        assert seen["commitments"][0]["text"] == "Sửa đèn ngõ 12"

    edit = phone_a.send("dialogue.update", {"id": session_id, "minutes": "Ghi chép của tổ"})
    assert edit["status"] == "rejected"


def test_a_group_meeting_logged_on_one_phone_stays_in_its_group(
    a_device_of: Any, ward: Any
) -> None:
    phone_a, phone_b = a_device_of(ward.group_a), a_device_of(ward.group_b)
    meeting = str(uuid.uuid4())
    result = phone_a.send("dialogue.create", {
        "id": meeting, "kind": "group_meeting", "title": "Họp tổ tháng 11",
        "scheduled_on": "2026-11-10", "attendance_count": 34, "agenda": ["Vệ sinh môi trường"]})
    assert result["status"] == "applied", result

    assert meeting in {c["id"] for c in phone_a.pull_all()}
    assert meeting not in {c["id"] for c in phone_b.pull_all()}


def test_the_wards_list_of_units_reaches_every_phone_and_removals_follow(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_b)
    added = as_staff.post("/api/v1/references", json={"list": "unit",
                                                       "value": "Công an phường"})
    assert added.status_code == 201, added.text
    unit = added.json()["id"]
    phone.pull_all()
    assert phone.latest("reference", unit) == {**added.json()}

    assert as_staff.delete(f"/api/v1/references/{unit}").status_code == 200
    assert [(c["id"], c["op"]) for c in phone.pull_all()] == [(unit, "delete")]
    assert as_staff.get("/api/v1/references", params={"list": "unit"}).json() == []


def test_phones_of_a_group_pulling_the_same_records_always_get_their_newest_data(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    """The server keeps recently pulled records for the group's other phones; a record
    changed since (by the ward or by a phone) must still arrive as it is now."""
    writer = a_device_of(ward.group_a)
    first, second = a_device_of(ward.group_a), a_device_of(ward.group_a)
    pid = writer.create_petition(title="Đèn đường ngõ 5 hỏng")
    assert first.pull_all()[0]["data"]["title"] == "Đèn đường ngõ 5 hỏng"
    assert second.pull_all()[0]["data"]["title"] == "Đèn đường ngõ 5 hỏng"

    edited = as_staff.patch(f"/api/v1/petitions/{pid}",
                            json={"title": "Đèn đường ngõ 5 hỏng từ tuần trước"})
    assert edited.status_code == 200, edited.text
    assert as_staff.transition(pid, "accept").status_code == 200

    seen = first.pull_all()
    assert [c["data"]["status"] for c in seen] == ["accepted"]
    assert seen[0]["data"]["title"] == "Đèn đường ngõ 5 hỏng từ tuần trước"
    late = a_device_of(ward.group_a)  # a phone enrolled now: a full snapshot
    snapshot = [c for c in late.pull_all() if c["entity"] == "petition"]
    assert [(c["data"]["title"], c["data"]["status"]) for c in snapshot] == [
        ("Đèn đường ngõ 5 hỏng từ tuần trước", "accepted")]
    assert second.pull_all()[0]["data"]["version"] == seen[0]["version"]


def test_a_record_written_while_a_pull_reads_comes_with_the_next_pull_never_as_a_stale_copy(
    live_server: Any, a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    """A pull reads its change rows, then the records they name, with no transaction
    around the two reads. A petition staff accept and a household they remove between
    those reads are left out of the page (not sent at the version the change row named,
    not turned into a delete); the next pull brings them as they are now."""
    from sqlmodel import Session

    from sync_server.services import pull
    from sync_server.services.changes import group_scope

    phone = a_device_of(ward.group_a)
    petitions = [phone.create_petition(title=f"Kiến nghị {n}") for n in range(4)]
    household = str(uuid.uuid4())
    assert phone.send("household.upsert", {"id": household, "head_name": "Lê Thị Hoa",
                                           "address": "Số 9"})["status"] == "applied"
    scope = group_scope(ward.group_a.id)
    with Session(live_server.app.state.sync_engine) as session:
        epoch = pull.server_epoch(session)
        (position,) = pull._epoch_and_counters(session, [scope])[1].values()
        rows = pull._CHANGES.rows(session, {"scope": scope, "lo": 0, "hi": position, "n": 100})
        assert {r.entity_id for r in rows} >= {*petitions, household}

        assert as_staff.transition(petitions[1], "accept").status_code == 200
        assert as_staff.delete(f"/api/v1/households/{household}").status_code == 200

        # most of the page missing: the records of the whole range are read
        first = [json.loads(c) for c in pull._with_data(session, epoch, scope, 0, position, rows)]
        # the others now cached: the accepted petition alone is read, by its id
        again = [json.loads(c) for c in pull._with_data(session, epoch, scope, 0, position, rows)]

    for page in (first, again):
        sent = {c["id"]: c for c in page}
        assert petitions[1] not in sent and household not in sent
        assert {petitions[0], petitions[2], petitions[3]} <= set(sent)
        assert all(c["op"] == "upsert" and c["data"]["version"] == c["version"]
                   for c in page)

    cursor = pull.encode_cursor(epoch, {scope: position, f"ward:{ward.id}": 0})
    later = phone.pull(cursor=cursor).json()["changes"]
    now = {c["id"]: c for c in later}
    assert now[petitions[1]]["data"]["status"] == "accepted"
    assert now[petitions[1]]["version"] > position
    assert (now[household]["op"], now[household]["data"]) == ("delete", None)
