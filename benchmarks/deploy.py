"""Benchmarks layer: the system as deployed: a fresh database and a `sync-server serve` process.

`bench_database("sqlite"|"postgresql")` yields a URL to a database created for this run only
(a new SQLite file, or `CREATE DATABASE bench_<hex>` on the PostgreSQL server of
BENCH_DATABASE_URL, dropped afterwards). `ServerProcess` runs the real CLI on a free loopback
port and stops it again.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_DATABASE_URL",
                        os.environ.get("TEST_DATABASE_URL",
                                       "postgresql+psycopg://postgres@127.0.0.1/test"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _pg_admin(sql: str) -> None:
    import psycopg

    conninfo = make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql.encode())


def postgres_available() -> bool:
    try:
        _pg_admin("SELECT 1")
    except Exception:
        return False
    return True


@contextmanager
def bench_database(kind: str) -> Iterator[str]:
    """A database of this run's own; removed afterwards (never touches another database)."""
    if kind == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="bench-sqlite-"))
        try:
            yield f"sqlite:///{folder / 'server.sqlite3'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    name = f"bench_{uuid.uuid4().hex[:12]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class ServerProcess:
    """`sync-server serve` in a subprocess on 127.0.0.1:<free port> (migrates on start)."""

    def __init__(self, db_url: str, *, console: bool = True) -> None:
        self.db_url = db_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = Path(tempfile.mkdtemp(prefix="bench-server-"))
        self.console = console
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 90.0) -> ServerProcess:
        env = {**os.environ, "DATABASE_URL": self.db_url,
               "SYNC_SERVER_DATA_DIR": str(self.data_dir),
               "SYNC_SERVER_CONSOLE": "true" if self.console else "false"}
        other = os.environ.get("BENCH_SERVER_PYTHONPATH")
        if other:  # an A/B: another checkout's server under this load generator
            env["PYTHONPATH"] = other
        exe = Path(sys.executable).parent / "sync-server"
        cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "sync_server.cli"]
        self.log = open(self.data_dir / "server.log", "wb")  # noqa: SIM115
        # deployed as docs/performance.md recommends for a ward server: one worker per core
        workers = os.environ.get("BENCH_SERVER_WORKERS", str(min(2, os.cpu_count() or 1)))
        self.proc = subprocess.Popen([*cmd, "serve", "--host", "127.0.0.1",
                                      "--port", str(self.port), "--workers", workers],
                                     env=env, cwd=ROOT,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("sync-server exited: " + self.tail())
            try:
                if httpx.get(self.url + "/healthz", timeout=2).is_success:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("sync-server did not start: " + self.tail())

    def tail(self) -> str:
        try:
            return (self.data_dir / "server.log").read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def cpu_seconds(self) -> float:
        """CPU time (user + system, all threads) the server has used so far: its process and
        its worker processes (`--workers N`)."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if stat.parent.name == str(self.pid()) or fields[1] == str(self.pid()):
                ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if hasattr(self, "log"):
            self.log.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
