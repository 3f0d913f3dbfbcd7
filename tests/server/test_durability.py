"""On SQLite, a push is acknowledged only once it is on disk: the phone forgets its copy
when the server says "applied", so a power cut right after must not take the petition.

Staff writes commit with `synchronous=FULL`. A phone's push commits in NORMAL and its answer
waits for the write-ahead log to be synced (`WriterQueue.on_disk`), one sync shared by the
pushes that committed before it began."""

from __future__ import annotations

import asyncio
import errno
import os
import sqlite3
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path

import pytest
from loops import run_in_own_loop
from serverkit import LiveServer, Phone, SeededWard, make_settings, petition_args
from sqlalchemy import text
from sqlalchemy.engine import make_url

from sync_server.storage import writers
from sync_server.storage.writers import WriterQueue

pytestmark = pytest.mark.sqlite_only

NORMAL, FULL = 1, 2  # PRAGMA synchronous


def _database(url: str) -> Path:
    database = make_url(url).database
    assert database
    return Path(database)


def _synced_files(monkeypatch: pytest.MonkeyPatch, *, fail_first: bool = False,
                  before: Callable[[], object] = lambda: None) -> list[tuple[str, object]]:
    """Spy on `os.fdatasync` (still syncing for real): the files synced, each with what
    `before()` saw at that moment; with `fail_first` the first sync fails as a dying disk
    would."""
    synced: list[tuple[str, object]] = []
    real = os.fdatasync

    def spy(fd: int) -> None:
        synced.append((os.readlink(f"/proc/self/fd/{fd}"), before()))
        if fail_first and len(synced) == 1:
            raise OSError(errno.EIO, "Input/output error")
        real(fd)

    monkeypatch.setattr(os, "fdatasync", spy)
    return synced


def _run(story: Coroutine[None, None, None]) -> None:
    run_in_own_loop(story)


def test_staff_writes_sync_each_commit_and_pushes_commit_for_a_sync_after(
        db_url: str, tmp_path: Path) -> None:
    from sync_server.app import create_app

    app = create_app(make_settings(db_url, tmp_path / "data"))
    try:
        with app.state.engine.connect() as conn:  # staff and the console
            assert conn.execute(text("PRAGMA synchronous")).scalar_one() == FULL
        with app.state.sync_engine.connect() as conn:  # the phones' syncs
            assert conn.execute(text("PRAGMA synchronous")).scalar_one() == NORMAL
    finally:
        app.state.engine.dispose()
        app.state.sync_engine.dispose()


def test_a_push_is_on_disk_before_the_phone_hears_it_was_applied(
        live_server: LiveServer, ward: SeededWard, a_device_of: Callable[..., Phone],
        monkeypatch: pytest.MonkeyPatch) -> None:
    database = _database(live_server.db_url)
    phone = a_device_of(ward.group_a)

    def petitions_committed() -> int:
        with sqlite3.connect(database) as conn:
            count: int = conn.execute("SELECT count(*) FROM petition").fetchone()[0]
        return count

    synced = _synced_files(monkeypatch, before=petitions_committed)
    answer = phone.push([phone.mutation("petition.create", petition_args()) for _ in range(3)])

    assert [r["status"] for r in answer["results"]] == ["applied"] * 3
    # the log was synced after the three petitions had committed, before the answer came
    assert (f"{database}-wal", 3) in synced


def test_a_push_whose_sync_fails_is_not_acknowledged_and_its_retry_is(
        live_server: LiveServer, ward: SeededWard, a_device_of: Callable[..., Phone],
        monkeypatch: pytest.MonkeyPatch) -> None:
    phone = a_device_of(ward.group_a)
    mutations = [phone.mutation("petition.create", petition_args()) for _ in range(2)]
    synced = _synced_files(monkeypatch, fail_first=True)

    failed = phone.push_raw(mutations)
    assert failed.status_code == 500
    assert failed.headers["content-type"] == "application/problem+json"

    retried = phone.push(mutations)  # the phone kept its outbox, and sends it again
    # committed by the first attempt: answered as a replay, once it is surely on disk
    assert [r["status"] for r in retried["results"]] == ["duplicate"] * 2
    assert len(synced) == 2  # the retry is answered only after a sync of its own
    ids = [m["args"]["id"] for m in mutations]
    with live_server.session() as session:
        stored = session.execute(text("SELECT id FROM petition")).scalars().all()
    assert sorted(stored) == sorted(ids)  # each petition once


def test_pushes_that_end_together_share_one_sync(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    queue = WriterQueue.for_url(f"sqlite:///{tmp_path / 'ward.sqlite3'}")
    (tmp_path / "ward.sqlite3-wal").write_bytes(b"frames")
    synced = _synced_files(monkeypatch)

    async def story() -> None:
        for _ in range(3):
            with queue.turn():
                pass
        await asyncio.gather(queue.on_disk(), queue.on_disk(), queue.on_disk())
        assert len(synced) == 1
        await queue.on_disk()  # nothing ended since: nothing to sync
        assert len(synced) == 1

    _run(story())


def test_a_push_ending_while_a_sync_is_under_way_waits_for_the_next_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    queue = WriterQueue.for_url(f"sqlite:///{tmp_path / 'ward.sqlite3'}")
    (tmp_path / "ward.sqlite3-wal").write_bytes(b"frames")
    release = threading.Event()
    synced: list[int] = []
    real = writers.sync_to_disk

    def slow_sync(path: Path) -> None:
        synced.append(len(synced) + 1)
        if len(synced) == 1:
            release.wait(10)  # the disk is slow with the first
        real(path)

    monkeypatch.setattr(writers, "sync_to_disk", slow_sync)

    async def story() -> None:
        with queue.turn():
            pass
        first = asyncio.create_task(queue.on_disk())
        while not synced:  # the first sync has begun
            await asyncio.sleep(0.001)
        with queue.turn():  # a second push commits while it runs
            pass
        second = asyncio.create_task(queue.on_disk())
        await asyncio.sleep(0.05)
        assert not first.done() and not second.done()
        release.set()
        await first
        await second
        assert synced == [1, 2]  # the first sync could not cover the second push

    _run(story())


def test_postgresql_pushes_need_no_sync_of_ours(monkeypatch: pytest.MonkeyPatch) -> None:
    queue = WriterQueue.for_url("postgresql+psycopg://u@localhost/ward")
    synced = _synced_files(monkeypatch)
    with queue.turn():
        pass
    _run(queue.on_disk())  # PostgreSQL's COMMIT waited for its own log
    assert synced == []


def test_where_there_is_no_fdatasync_the_log_is_fsynced(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wal = tmp_path / "ward.sqlite3-wal"
    wal.write_bytes(b"frames")
    fsynced: list[str] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        fsynced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)

    monkeypatch.delattr(os, "fdatasync")  # as on macOS and Windows
    monkeypatch.setattr(os, "fsync", fsync)
    writers.sync_to_disk(wal)
    assert fsynced == [str(wal)]
