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
