"""End to end: many phones of one group writing at once while another phone pulls.

The puller must receive every change exactly once: no petition skipped because a
transaction that took an earlier position committed later, none delivered twice.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from serverkit import petition_args


def run_writers_and_a_puller(a_device_of: Any, ward: Any, *, writers: int, pushes: int,
                             per_push: int) -> None:
    phones = [a_device_of(ward.group_a, f"Máy {n}") for n in range(writers)]
    puller = a_device_of(ward.group_a, "Máy đọc")
    created: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(writers + 1)
    writing_done = threading.Event()

    def write(phone: Any) -> None:
        try:
            start.wait()
            for _ in range(pushes):
                batch = [phone.mutation("petition.create", petition_args())
                         for _ in range(per_push)]
                answer = phone.push(batch)
                assert [r["status"] for r in answer["results"]] == ["applied"] * per_push
                with lock:
                    created.extend(m["args"]["id"] for m in batch)
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    pulled: list[tuple[str, int]] = []

    def pull() -> None:
        try:
            start.wait()
            while True:
                finished = writing_done.is_set()
                changes = puller.pull_all(limit=7)
                pulled.extend((c["id"], c["version"]) for c in changes
                              if c["entity"] == "petition")
                if finished:
                    return
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(p,)) for p in phones]
    reader = threading.Thread(target=pull)
    for t in [*threads, reader]:
        t.start()
    for t in threads:
        t.join()
    writing_done.set()
    reader.join()

    assert errors == []
    assert len(created) == writers * pushes * per_push
    counts = Counter(pid for pid, _ in pulled)
    assert set(counts) == set(created)
    assert set(counts.values()) == {1}


@pytest.mark.postgres
def test_twenty_concurrent_writers_on_postgresql_and_the_puller_gets_every_change_once(
    a_device_of: Any, ward: Any
) -> None:
    run_writers_and_a_puller(a_device_of, ward, writers=20, pushes=6, per_push=4)


def test_concurrent_writers_and_a_puller_on_the_default_database(a_device_of: Any,
                                                                 ward: Any) -> None:
    run_writers_and_a_puller(a_device_of, ward, writers=5, pushes=4, per_push=3)


@pytest.mark.postgres
def test_edits_and_staff_answers_racing_a_puller_end_in_the_servers_exact_state(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    phones = [a_device_of(ward.group_a, f"Máy {n}") for n in range(8)]
    puller = a_device_of(ward.group_a, "Máy đọc")
    mine = {p.device_id: [p.create_petition() for _ in range(3)] for p in phones}
    errors: list[BaseException] = []
    done = threading.Event()
    start = threading.Barrier(len(phones) + 2)

    def edit(phone: Any) -> None:
        try:
            start.wait()
            for round_ in range(5):
                batch = [phone.mutation("petition.note", {"id": pid, "text": f"Lần {round_}"})
                         for pid in mine[phone.device_id]]
                assert {r["status"] for r in phone.push(batch)["results"]} == {"applied"}
        except BaseException as exc:
            errors.append(exc)

    def staff() -> None:
        try:
            start.wait()
            for pids in mine.values():
                assert as_staff.transition(pids[0], "accept").status_code == 200
        except BaseException as exc:
            errors.append(exc)

    delivered: list[tuple[str, int]] = []
    latest: dict[str, int] = {}

    def pull() -> None:
        try:
            start.wait()
            while True:
                finished = done.is_set()
                for change in puller.pull_all(limit=5):
                    delivered.append((change["id"], change["version"]))
                    latest[change["id"]] = change["data"]["version"]
                if finished:
                    return
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=edit, args=(p,)) for p in phones]
    threads.append(threading.Thread(target=staff))
    reader = threading.Thread(target=pull)
    for t in [*threads, reader]:
        t.start()
    for t in threads:
        t.join()
    done.set()
    reader.join()

    assert errors == []
    assert len(delivered) == len(set(delivered))  # no change delivered twice
    on_server = as_staff.get("/api/v1/petitions", params={"limit": 500}).json()["items"]
    assert {p["id"]: p["version"] for p in on_server} == {
        pid: latest[pid] for pid in latest if any(pid in v for v in mine.values())}


def test_staff_moves_the_server_refuses_never_hold_up_the_groups_phones(
    a_device_of: Any, ward: Any, as_staff: Any
) -> None:
    """A refused move is refused after the group's lock was taken, and the phones' pushes
    wait for that lock. The move must let go of it when it fails, whoever waits: every
    route's database work runs in a worker thread (sync_server/api/deps.py), so its
    session is closed however busy the event loop is (when the phones' syncs ran on the
    event loop, a waiting push once waited for itself: 30 s and a 500 on SQLite, for ever
    on PostgreSQL)."""
    phones = [a_device_of(ward.group_a, f"Máy {n}") for n in range(4)]
    target = phones[0].create_petition()
    errors: list[BaseException] = []
    refusals: list[int] = []
    created: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(phones) + 2)

    def refuse(times: int) -> None:
        try:
            start.wait()
            for _ in range(times):  # a new petition cannot be closed: 409, after the lock
                response = as_staff.transition(target, "close")
                with lock:
                    refusals.append(response.status_code)
        except BaseException as exc:
            errors.append(exc)

    def write(phone: Any) -> None:
        try:
            start.wait()
            for _ in range(8):
                batch = [phone.mutation("petition.create", petition_args()) for _ in range(2)]
                answer = phone.push(batch)
                assert [r["status"] for r in answer["results"]] == ["applied", "applied"]
                with lock:
                    created.extend(m["args"]["id"] for m in batch)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=refuse, args=(25,)) for _ in range(2)]
    threads += [threading.Thread(target=write, args=(p,)) for p in phones]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert not any(t.is_alive() for t in threads), "a sync waited for a lock nobody released"
    assert errors == []
    assert refusals == [409] * 50
    assert len(created) == len(phones) * 8 * 2
    assert as_staff.petition(target)["status"] == "received"
