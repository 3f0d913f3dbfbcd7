"""Two phones send a petition that clashes with the other's at the same instant, each to its
own server process over the same database (a ward's server runs several): one petition id
sent by both, or one tracking code made by both. Each push is answered as the protocol
says, mutation by mutation: the first petition applied, the clashing one rejected with its
reason, and everything else of both batches applied exactly once. Never a 500.

"At the same instant" is made exact on PostgreSQL, where two pushes run side by side: the
first phone's push is held just before it commits (the test holds its device's row), with
its petition written; the second phone's push checks its petitions meanwhile, finds the
id or code free, and waits at its own write for the first to commit. On SQLite the
database lets one writer in at a time (each push begins with its write lock), so the
same instant is one push right after the other, and the answers must be the same.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from serverkit import ON_POSTGRES, LiveServer, Phone, SeededWard, _pg_admin_conninfo, petition_args


@contextlib.contextmanager
def first_push_held_before_commit(db_url: str, first: Phone) -> Iterator[Callable[[int], None]]:
    """PostgreSQL. While inside, the first phone's push waits before its commit, at the
    update of its device's row, which the test holds. Yields `wait_for(n)`: returns once
    `n` pushes wait for a lock (the first at that row; the second at the row the first
    wrote, or at the group's counter the first holds)."""
    import psycopg

    with psycopg.connect(_pg_admin_conninfo(db_url)) as holder, \
            psycopg.connect(_pg_admin_conninfo(db_url), autocommit=True) as watcher:
        holder.execute("SELECT 1 FROM device WHERE id = %s FOR UPDATE", [first.device_id])

        def wait_for(pushes: int) -> None:
            deadline = time.monotonic() + 60  # only so that a broken test cannot hang
            while True:
                waiting = watcher.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock'").fetchone()
                if waiting is not None and waiting[0] >= pushes:
                    return
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{pushes} pushes never waited for a lock")
                time.sleep(0.01)

        yield wait_for
        holder.rollback()  # the first push goes on and commits


def at_the_same_instant(db_url: str, first: Phone, first_batch: list[dict[str, Any]],
                        second: Phone, second_batch: list[dict[str, Any]]
                        ) -> tuple[httpx.Response, httpx.Response]:
    """Both pushes' HTTP answers. On PostgreSQL the first push is checked and written, not
    yet committed, when the second is checked, and commits while the second writes."""
    if not ON_POSTGRES:
        return first.push_raw(first_batch), second.push_raw(second_batch)
    answers: dict[str, httpx.Response] = {}
    errors: list[BaseException] = []

    def send(who: str, phone: Phone, batch: list[dict[str, Any]]) -> None:
        try:
            answers[who] = phone.push_raw(batch)
        except BaseException as exc:  # reported in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=send, args=("first", first, first_batch)),
               threading.Thread(target=send, args=("second", second, second_batch))]
    with first_push_held_before_commit(db_url, first) as wait_for:
        threads[0].start()
        wait_for(1)
        threads[1].start()
        wait_for(2)
    for t in threads:
        t.join()
    assert errors == []
    return answers["first"], answers["second"]


def outcome(response: httpx.Response) -> list[tuple[str, str | None]]:
    assert response.status_code == 200, response.text
    return [(r["status"], r.get("code")) for r in response.json()["results"]]


def on_server(server: LiveServer, ids: list[str]) -> list[tuple[str, str, str | None]]:
    """(id, group, tracking code) of each petition with one of `ids`, straight from the
    database: a petition written twice would show twice."""
    from sqlalchemy import text

    with server.session() as s:
        rows = s.execute(text("SELECT id, group_id, tracking_code FROM petition"), {}).all()
    return sorted((r[0], r[1], r[2]) for r in rows if r[0] in ids)


@pytest.fixture
def second_server(live_server_factory: Callable[..., LiveServer], ward: SeededWard
                  ) -> LiveServer:
    """Another server process of the ward, on the same database."""
    return live_server_factory()


@pytest.mark.parametrize("groups", ["same group", "two groups"])
def test_one_petition_sent_by_two_phones_at_once_is_written_once_and_both_get_answers(
        groups: str, db_url: str, live_server: LiveServer, second_server: LiveServer,
        ward: SeededWard, a_device_of: Any) -> None:
    first = a_device_of(ward.group_a, "Máy tổ trưởng")
    second = replace(a_device_of(ward.group_a if groups == "same group" else ward.group_b,
                                 "Máy tổ phó"), server=second_server)
    shared = petition_args(title="Cống thoát nước ngõ 7 bị tắc")
    own = petition_args(title="Rác ở đầu ngõ")
    later = petition_args(title="Vỉa hè bị lấn chiếm")
    first_batch = [first.mutation("petition.create", shared)]
    second_batch = [second.mutation("petition.create", own),
                    second.mutation("petition.create", shared),
                    second.mutation("petition.note", {"id": own["id"], "text": "Đã chụp ảnh"}),
                    second.mutation("petition.create", later)]

    answered_first, answered_second = at_the_same_instant(
        db_url, first, first_batch, second, second_batch)

    assert outcome(answered_first) == [("applied", None)]
    assert outcome(answered_second) == [("applied", None), ("rejected", "petition.exists"),
                                        ("applied", None), ("applied", None)]
    assert answered_second.json()["last_seq"] == 4  # the refusal wedges nothing
    assert on_server(live_server, [shared["id"], own["id"], later["id"]]) == sorted([
        (shared["id"], ward.group_a.id, None), (own["id"], second.group.id, None),
        (later["id"], second.group.id, None)])
    # the phone's retry of the same batch is answered from the log, changing nothing
    again = second.push(second_batch)
    assert [r["status"] for r in again["results"]] == ["duplicate"] * 4
    assert [r.get("code") for r in again["results"]] == [None, "petition.exists", None, None]


def test_one_tracking_code_made_by_two_phones_at_once_is_refused_to_the_second_only(
        db_url: str, live_server: LiveServer, second_server: LiveServer, ward: SeededWard,
        a_device_of: Any) -> None:
    first = a_device_of(ward.group_a, "Máy tổ 1")
    second = replace(a_device_of(ward.group_b, "Máy tổ 2"), server=second_server)
    mine = petition_args(title="Đèn đường hỏng", tracking_code="K7M-2Q9-XDA")
    other = petition_args(title="Nước sinh hoạt bị đục", tracking_code="P4R-8ST-UVW")
    unlucky = petition_args(title="Chó thả rông", tracking_code="K7M-2Q9-XDA")
    first_batch = [first.mutation("petition.create", mine)]
    second_batch = [second.mutation("petition.create", other),
                    second.mutation("petition.create", unlucky)]

    answered_first, answered_second = at_the_same_instant(
        db_url, first, first_batch, second, second_batch)

    assert outcome(answered_first) == [("applied", None)]
    assert outcome(answered_second) == [("applied", None),
                                        ("rejected", "petition.tracking_code_taken")]
    assert answered_second.json()["last_seq"] == 2
    # the phone makes another code for the refused petition and sends it again
    remade = second.send("petition.create", {**unlucky, "tracking_code": "Q9X-DA2-K7M"})
    assert remade["status"] == "applied"
    assert on_server(live_server, [mine["id"], other["id"], unlucky["id"]]) == sorted([
        (mine["id"], ward.group_a.id, "K7M-2Q9-XDA"),
        (other["id"], ward.group_b.id, "P4R-8ST-UVW"),
        (unlucky["id"], ward.group_b.id, "Q9X-DA2-K7M")])
