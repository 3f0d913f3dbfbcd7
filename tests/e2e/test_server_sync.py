"""End to end over a real uvicorn socket: a group leader's phone syncs with the ward server."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from serverkit import petition_args


def test_a_petition_logged_on_a_phone_reaches_the_ward_and_the_answer_comes_back(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_a)
    petition_id = phone.create_petition(title="Đường ngõ 7 ngập nước khi mưa")

    on_server = as_staff.petition(petition_id)
    assert on_server["title"] == "Đường ngõ 7 ngập nước khi mưa"
    assert on_server["status"] == "received"

    assert as_staff.transition(petition_id, "accept", assigned_unit="Phòng Quản lý đô thị",
                               due_date="2026-12-01").status_code == 200
    answered = as_staff.transition(
        petition_id, "answer", answer="Đã nạo vét cống thoát nước ngõ 7 ngày 25/11.")
    assert answered.status_code == 200, answered.text

    phone.pull_all()
    seen = phone.latest("petition", petition_id)
    assert seen is not None
    assert seen["status"] == "answered"
    assert seen["answer"] == "Đã nạo vét cống thoát nước ngõ 7 ngày 25/11."
    assert seen["assigned_unit"] == "Phòng Quản lý đô thị"
    kinds = [entry["kind"] for entry in seen["timeline"]]
    assert kinds == ["created", "accepted", "answered"]
    assert seen["timeline"][1]["actor"] == "Cán bộ Khối dân vận"


def test_the_same_push_sent_three_times_makes_one_petition(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_a)
    args = petition_args()
    batch = [phone.mutation("petition.create", args)]

    answers = [phone.push(batch) for _ in range(3)]

    assert [a["results"][0]["status"] for a in answers] == ["applied", "duplicate", "duplicate"]
    assert {a["results"][0]["version"] for a in answers} == {answers[0]["results"][0]["version"]}
    assert all(a["last_seq"] == 1 for a in answers)
    listed = as_staff.get("/api/v1/petitions", params={"group_id": ward.group_a.id}).json()
    assert listed["total"] == 1
    assert [p["id"] for p in listed["items"]] == [args["id"]]


def test_a_gap_in_device_seq_is_refused_and_nothing_after_it_is_applied(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_a)
    first, skipped_to = petition_args(), petition_args()
    response = phone.push_raw([
        phone.mutation("petition.create", first, seq=1),
        phone.mutation("petition.create", skipped_to, seq=3),
    ])

    assert response.status_code == 409
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "sync.seq_gap"
    assert problem["expected_seq"] == 2
    assert as_staff.get(f"/api/v1/petitions/{first['id']}").status_code == 200
    assert as_staff.get(f"/api/v1/petitions/{skipped_to['id']}").status_code == 404


def test_a_rejected_mutation_does_not_block_the_ones_after_it(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_a)
    good_before, good_after = petition_args(), petition_args()
    answer = phone.push([
        phone.mutation("petition.create", good_before),
        phone.mutation("petition.withdraw", {"id": str(uuid.uuid4())}),  # no such petition
        phone.mutation("petition.create", {"id": str(uuid.uuid4()), "field": "economy"}),
        phone.mutation("petition.launch_rocket", {"id": str(uuid.uuid4())}),
        phone.mutation("petition.create", good_after),
    ])

    statuses = [(r["status"], r["code"]) for r in answer["results"]]
    assert statuses == [
        ("applied", None),
        ("rejected", "petition.not_found"),
        ("rejected", "request.validation"),
        ("rejected", "sync.unknown_mutation"),
        ("applied", None),
    ]
    assert all(r["message"] for r in answer["results"] if r["status"] == "rejected")
    assert answer["last_seq"] == 5
    assert as_staff.get(f"/api/v1/petitions/{good_after['id']}").status_code == 200


def test_a_run_of_new_petitions_with_bad_ones_inside_gives_each_its_own_result(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_a)
    other_group = a_device_of(ward.group_b)
    taken = other_group.create_petition()
    repeated = petition_args()
    batch = [
        phone.mutation("petition.create", petition_args()),
        phone.mutation("petition.create", {**petition_args(), "category": "weather"}),
        phone.mutation("petition.create", petition_args(id=taken)),
        phone.mutation("petition.create", repeated),
        phone.mutation("petition.create", repeated),
        phone.mutation("petition.create", petition_args(household_id=str(uuid.uuid4()))),
        phone.mutation("petition.create", petition_args()),
    ]

    answer = phone.push(batch)

    assert [(r["status"], r["code"]) for r in answer["results"]] == [
        ("applied", None),
        ("rejected", "request.validation"),
        ("rejected", "petition.exists"),
        ("applied", None),
        ("rejected", "petition.exists"),
        ("rejected", "household.not_found"),
        ("applied", None),
    ]
    versions = [r["version"] for r in answer["results"] if r["status"] == "applied"]
    assert versions == sorted(set(versions))
    assert as_staff.get("/api/v1/petitions",
                        params={"group_id": ward.group_a.id}).json()["total"] == 3
    again = phone.push(batch)
    assert [r["status"] for r in again["results"]] == ["duplicate"] * 7
    assert [r["code"] for r in again["results"]] == [r["code"] for r in answer["results"]]


def test_the_same_seq_with_another_mutation_is_a_mismatch_not_a_retry(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_a)
    original = phone.mutation("petition.create", petition_args())
    phone.push([original])
    impostor = phone.mutation("petition.create", petition_args(), seq=1)
    same_id_other_args = {**original, "args": petition_args(id=original["args"]["id"],
                                                            title="Khác")}

    for mutation in (impostor, same_id_other_args):
        response = phone.push_raw([mutation])
        assert response.status_code == 409
        assert response.json()["code"] == "sync.mutation_mismatch"
    assert as_staff.get(f"/api/v1/petitions/{impostor['args']['id']}").status_code == 404
    assert as_staff.petition(original["args"]["id"])["title"] == original["args"]["title"]


def test_staff_see_each_phone_with_its_last_sync_and_make_codes_for_a_group(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phone = a_device_of(ward.group_b, "Máy tổ trưởng tổ 2")
    phone.create_petition()

    devices = as_staff.get("/api/v1/devices").json()
    issued = as_staff.post(f"/api/v1/groups/{ward.group_a.id}/enrollment-codes")

    assert [(d["name"], d["group_name"]) for d in devices] == [
        ("Máy tổ trưởng tổ 2", "Tổ dân phố 2")]
    assert devices[0]["last_sync_at"] is not None
    assert devices[0]["last_seq"] == 1
    assert issued.status_code == 201
    assert issued.json()["group_id"] == ward.group_a.id
    response = httpx.post(phone.server.url + "/api/v1/devices/enroll",
                          json={"code": issued.json()["code"], "device_name": "Máy mới"})
    assert response.json()["group"]["id"] == ward.group_a.id
