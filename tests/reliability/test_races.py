"""Races a slow 3G link produces: the phone gives up waiting and sends its push again while
the first copy is still being processed, so the server gets the same batch several times at
once. Exactly one copy is applied, the others are answered as duplicates, never a 5xx."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from typing import Any

import httpx
import pytest
from reliability_figures import add
from sqlalchemy import text


def petition(title: str) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "title": title, "field": "economy",
            "category": "lighting", "description": "Đèn hỏng"}


def send_at_once(url: str, headers: dict[str, str], body: dict[str, Any],
                 copies: int) -> list[httpx.Response]:
    answers: list[httpx.Response] = []
    gate = threading.Barrier(copies)

    def send() -> None:
        gate.wait()
        answers.append(httpx.post(url, json=body, headers=headers, timeout=60))

    threads = [threading.Thread(target=send) for _ in range(copies)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


@pytest.mark.parametrize("copies", [2, 4])
def test_the_same_push_arriving_several_times_at_once_is_applied_once(
        copies: int, live_server: Any, ward: Any, a_device_of: Any, as_staff: Any) -> None:
    phone = a_device_of(ward.group_a)
    tally: Counter[str] = Counter()
    created: list[str] = []
    for round_ in range(6):
        batch = [phone.mutation("petition.create", petition(f"Đèn {round_}-{i}"))
                 for i in range(5)]
        pid = batch[0]["args"]["id"]
        batch.append(phone.mutation("petition.note", {"id": pid, "text": f"Ghi chú {round_}"}))
        created.extend(m["args"]["id"] for m in batch[:5])
        answers = send_at_once(live_server.url + "/api/v1/sync/push", phone.headers,
                               {"protocol": 1, "mutations": batch}, copies)
        tally["pushes"] += copies
        for answer in answers:
            assert answer.status_code in {200, 409}, answer.text
            if answer.status_code == 409:  # only "that seq is being written right now"
                assert answer.json()["code"] in {"sync.seq_gap", "sync.busy"}, answer.text
        ok = [a.json() for a in answers if a.status_code == 200]
        assert ok, [a.text for a in answers]
        statuses = [r["status"] for body in ok for r in body["results"]]
        assert statuses.count("applied") == len(batch), statuses  # each once
        assert set(statuses) <= {"applied", "duplicate"}
    with live_server.session() as s:
        rows = s.execute(text("SELECT mutation_id FROM mutation_log WHERE device_id = :d"),
                         {"d": phone.device_id}).all()
        stored = s.execute(text("SELECT id FROM petition WHERE group_id = :g"),
                           {"g": ward.group_a.id}).all()
    assert len(rows) == len({r[0] for r in rows}) == 6 * 6
    assert sorted(r[0] for r in stored) == sorted(created)
    for pid in created[::5]:
        notes = [e for e in as_staff.petition(pid)["timeline"] if e["kind"] == "note"]
        assert len(notes) == 1
    add("races", tally)
