"""`sync-server serve --workers 2`, the real command: uvicorn's supervisor runs two worker
processes on one listening socket, on SQLite and PostgreSQL alike. A worker that dies is
replaced; SIGTERM stops them all."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> int:
    """How many sockets listen on 127.0.0.1:`port` (the kernel's own table)."""
    wanted = f"0100007F:{port:04X}"
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for line in lines if line.split()[1] == wanted and line.split()[3] == "0A")


def _workers(parent: int) -> list[int]:
    """The server processes `parent` runs (not multiprocessing's resource tracker)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if fields[1] == str(parent) and b"spawn_main" in command:
            out.append(int(stat.parent.name))
    return out


def _wait(check: Callable[[], bool], log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("timed out; the server said:\n" + log.read_text(errors="replace")[-2000:])


def _healthy(url: str) -> bool:
    try:
        return httpx.get(url + "/healthz", timeout=2).is_success
    except httpx.HTTPError:
        return False


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table")
def test_two_workers_serve_and_one_that_dies_is_replaced(db_url: str, tmp_path: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DATABASE_URL": db_url, "SYNC_SERVER_DATA_DIR": str(tmp_path),
           "SYNC_SERVER_CONSOLE": "false"}
    log = tmp_path / "server.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "sync_server.cli", "serve", "--port", str(port),
         "--workers", "2"], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        _wait(lambda: _healthy(url) and len(_workers(server.pid)) == 2, log)
        assert _listening(port) == 1

        os.kill(_workers(server.pid)[0], signal.SIGKILL)
        _wait(lambda: len(_workers(server.pid)) == 2 and _listening(port) == 1
              and _healthy(url), log)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert server.returncode == 0, log.read_text(errors="replace")[-2000:]
    assert _listening(port) == 0
