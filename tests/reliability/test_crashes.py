"""Crashes with real processes: the phone's process SIGKILLed at chosen points of a sync and at
random moments, the ward server SIGKILLed in the middle of pushes, PostgreSQL restarted during
a sync. Each time the phone is started again and the end is the same: converged, nothing
lost, nothing twice."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from reliability_figures import add
from sqlalchemy import text

from field_app.store import LocalStore
from field_app.sync import RetryPolicy, SyncEngine

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("phone_runner.py")
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
ON_POSTGRES = os.environ.get("SERVER_TEST_DB", "sqlite").lower() in {"postgres", "postgresql",
                                                                       "pg"}
tally: Counter[str] = Counter()


def run_phone(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(RUNNER), str(data_dir), *args], env=ENV,
                          capture_output=True, text=True, timeout=180, check=False)


def written(output: str) -> dict[str, set[str]]:
    """Ids the phone process reported after each committed local write."""
    ids: dict[str, set[str]] = {}
    for line in output.splitlines():
        with contextlib.suppress(ValueError):
            item = json.loads(line)
            if "entity" in item:
                ids.setdefault(item["entity"], set()).add(item["id"])
    return ids


def server_rows(db_url: str, sql: str, **params: Any) -> list[Any]:
    from sync_server.storage import make_engine

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(text(sql), params))
    finally:
        engine.dispose()


def assert_converged(db_url: str, data_dir: Path, reported: dict[str, set[str]]) -> None:
    """The phone and the server hold the same records, each once; no write is lost."""
    store = LocalStore.open(data_dir)
    try:
        enrollment = store.settings.enrollment
        assert enrollment is not None
        assert store.outbox.counts().waiting == 0
        mine = {p.id: p for p in store.petitions.list(limit=None)}
        group = enrollment.group_id
        theirs = server_rows(db_url, "SELECT id, title FROM petition WHERE group_id = :g", g=group)
        assert sorted(mine) == sorted(r.id for r in theirs)
        titles = [r.title for r in theirs]
        assert len(titles) == len(set(titles)), "a petition was stored twice"
        assert reported.get("petition", set()) <= set(mine), "a committed write was lost"
        assert all(p.sync_state == "synced" for p in mine.values())
        campaign = next(iter(reported.get("campaign", set())), None)
        if campaign:
            local_entries = {e.id for e in store.contributions.entries(campaign)}
            server_entries = {r.id for r in server_rows(
                db_url, "SELECT id FROM contribution_entry WHERE campaign_id = :c", c=campaign)}
            assert local_entries == server_entries
            assert reported.get("contribution_entry", set()) <= server_entries
            local_total = store.contributions.totals(campaign)["money_vnd"].received
            server_total = sum(int(r.quantity) for r in server_rows(
                db_url, "SELECT quantity FROM contribution_entry WHERE campaign_id = :c",
                c=campaign))
            assert local_total == server_total
        logged = server_rows(db_url, "SELECT mutation_id FROM mutation_log WHERE device_id = :d",
                             d=enrollment.device_id)
        assert len(logged) == len({r.mutation_id for r in logged}), "a write was applied twice"
    finally:
        store.close()


def enrolled_phone_dir(live_server: Any, group_id: str, data_dir: Path) -> Path:
    done = run_phone(data_dir, "enroll", live_server.url, live_server.enroll_code(group_id))
    assert done.returncode == 0, done.stderr
    return data_dir


CRASH_POINTS = ["push:1:before", "push:1:after", "push:3:after", "pull:1:before",
                "pull:1:after", "pull:4:after"]


@pytest.mark.parametrize("crash_at", CRASH_POINTS)
def test_the_phone_killed_at_any_point_of_a_sync_converges_after_restart(
        crash_at: str, live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    data_dir = enrolled_phone_dir(live_server, ward.group_a.id, tmp_path / "phone")
    writes = run_phone(data_dir, "write", "12")
    assert writes.returncode == 0, writes.stderr
    reported = written(writes.stdout)
    # something for the phone to pull as well: another phone's petition and a staff answer
    other = live_server.enroll(ward.group_a)
    answered = other.create_petition(title="Ngập nước ngõ 6")
    assert as_staff.transition(answered, "accept").status_code == 200

    crashed = run_phone(data_dir, "sync", "--crash-at", crash_at)
    assert crashed.returncode == -signal.SIGKILL, (crashed.returncode, crashed.stderr)
    tally["phone_kills"] += 1

    restarted = run_phone(data_dir, "sync")
    assert restarted.returncode == 0, restarted.stdout + restarted.stderr
    again = run_phone(data_dir, "sync")
    assert json.loads(again.stdout.splitlines()[-1])["ok"]
    assert_converged(live_server.db_url, data_dir, reported)
    store = LocalStore.open(data_dir)
    try:
        row = store.petitions.get(answered)
        assert row is not None and row.status == "accepted"
    finally:
        store.close()
    add("crashes", {"phone_sigkill_at_a_point": 1, "survived": 1})


def test_the_phone_killed_at_random_moments_while_it_writes_and_syncs(
        live_server: Any, ward: Any, tmp_path: Path) -> None:
    data_dir = enrolled_phone_dir(live_server, ward.group_a.id, tmp_path / "phone")
    rng = random.Random(int(os.environ.get("RELIABILITY_SEED", "20261120")))
    kills = int(os.environ.get("RELIABILITY_RANDOM_KILLS", "5"))
    reported: dict[str, set[str]] = {}
    for _ in range(kills):
        process = subprocess.Popen([sys.executable, str(RUNNER), str(data_dir), "work", "40"],
                                   env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   text=True)
        assert process.stdout is not None
        first = process.stdout.readline()  # the phone has started and opened its store
        time.sleep(rng.uniform(0.1, 2.0))  # the moment of the kill, not an assertion
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate(timeout=60)
        out = first + out
        for entity, ids in written(out).items():
            reported.setdefault(entity, set()).update(ids)
        assert process.returncode in {-signal.SIGKILL, 0}
    finished = run_phone(data_dir, "sync")
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert reported.get("petition"), "the phone never got to write anything"
    assert_converged(live_server.db_url, data_dir, reported)
    add("crashes", {"phone_sigkill_at_random": kills, "survived": kills})


# -- the ward server as a process ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """`sync-server serve` in its own process, on one database and port across restarts."""

    def __init__(self, db_url: str, data_dir: Path) -> None:
        self.db_url, self.port = db_url, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**ENV, "DATABASE_URL": db_url, "SYNC_SERVER_CONSOLE": "false",
                    "SYNC_SERVER_DATA_DIR": str(data_dir)}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from sync_server.cli import app; app()", "serve",
             "--port", str(self.port)], env=self.env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            time.sleep(0.1)
        raise RuntimeError("sync-server did not start")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()


@pytest.fixture
def server_process(db_url: str, tmp_path: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(db_url, tmp_path / "server-data")
    server.start()
    yield server
    server.stop()


def seed(db_url: str) -> tuple[str, str]:
    """A ward with one group; returns (group id, enrollment code)."""
    from sync_server.services.enrollment import issue_code
    from sync_server.services.wards import create_group, create_ward
    from sync_server.storage import make_engine, session_scope

    engine = make_engine(db_url)
    try:
        with session_scope(engine) as s:
            ward = create_ward(s, name="Phường Mất Điện")
            group = create_group(s, ward_id=ward, name="Tổ 3", number=3)
        with session_scope(engine) as s:
            return group, issue_code(s, group_id=group).code
    finally:
        engine.dispose()


class Trigger(httpx.HTTPTransport):
    """A real transport that runs `action` when the n-th push goes out (in the middle of it)."""

    def __init__(self) -> None:
        super().__init__()
        self.pushes = 0
        self.at: dict[int, Any] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/sync/push"):
            self.pushes += 1
            action = self.at.pop(self.pushes, None)
            if action is not None:
                action()
        return super().handle_request(request)


def test_the_server_killed_in_the_middle_of_pushes_and_restarted(
        server_process: ServerProcess, tmp_path: Path) -> None:
    _group, code = seed(server_process.db_url)
    network = Trigger()
    store = LocalStore.open(tmp_path / "phone")
    phone = SyncEngine(store, transport=network, push_batch=25, pull_limit=50,
                       retry=RetryPolicy(attempts=2, base_delay=0.05), timeout=20)
    try:
        phone.enroll(server_process.url, code, device_name="Máy tổ 3")
        # enough for every sync below to be cut with batches still to send: a push of 25
        # takes a few milliseconds, and the next one goes out as soon as it is answered
        reported = {"petition": {store.petitions.create(
            field="economy", category="lighting", title=f"Đèn số {i}").id for i in range(400)}}

        def kill_soon() -> None:  # the server dies while it works on this push
            process = server_process.process  # this one, never the restarted one
            assert process is not None
            threading.Timer(0.01, process.send_signal, [signal.SIGKILL]).start()

        kills = 0
        for _ in range(3):
            network.at = {network.pushes + 2: kill_soon}  # the second push of this sync
            report = phone.sync_now()
            if not report.ok:
                kills += 1
                assert report.error_code and report.error_code.startswith(("network", "server"))
            server_process.stop()
            server_process.start()
        assert kills >= 2
        assert phone.sync_now().ok and phone.sync_now().ok
    finally:
        phone.stop()
        store.close()
    assert_converged(server_process.db_url, tmp_path / "phone", reported)
    add("crashes", {"server_sigkill_mid_push": kills, "survived": kills})


PG_RESTART = ["pg_ctlcluster", "--skip-systemctl-redirect"]


@pytest.mark.postgres
@pytest.mark.skipif(os.environ.get("RELIABILITY_PG_RESTART") != "1",
                    reason="restarts the shared PostgreSQL: set RELIABILITY_PG_RESTART=1")
def test_postgresql_restarted_during_a_sync(live_server: Any, ward: Any, tmp_path: Path) -> None:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    network = Trigger()

    def restart_postgres() -> None:
        subprocess.run([*PG_RESTART, version, "main", "restart"], check=True, timeout=120)
        tally["pg_restarts"] += 1

    store = LocalStore.open(tmp_path / "phone")
    phone = SyncEngine(store, transport=network, push_batch=20, pull_limit=30,
                       retry=RetryPolicy(attempts=3, base_delay=0.2), timeout=30)
    try:
        phone.enroll(live_server.url, live_server.enroll_code(ward.group_a.id))
        reported = {"petition": {store.petitions.create(
            field="economy", category="lighting", title=f"Cống số {i}").id for i in range(100)}}
        network.at = {3: restart_postgres}
        phone.sync_now()  # may fail while PostgreSQL is down: that is the point
        for _ in range(30):
            if phone.sync_now().ok and store.outbox.counts().waiting == 0:
                break
            time.sleep(1)
        assert phone.sync_now().ok
    finally:
        phone.stop()
        store.close()
    assert tally["pg_restarts"] == 1
    assert_converged(live_server.db_url, tmp_path / "phone", reported)
    add("crashes", {"postgresql_restart_mid_sync": 1, "survived": 1})
