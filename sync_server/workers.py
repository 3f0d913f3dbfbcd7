"""HTTP layer: `serve --workers N`: N uvicorn worker processes, each listening on a socket of
its own on the same port (SO_REUSEPORT), the kernel dealing new connections out over them.

uvicorn's own workers share one listening socket, and whichever worker's event loop is
waiting when connections arrive accepts them all: when a ward's 200 phones connect within
a few milliseconds, one worker took 30 of every 40 while the other was busy with a sync,
and the burst lasted as long as that worker's queue (docs/performance.md, sixth round).
With a socket per worker the kernel picks the socket for each connection by a hash of its
addresses, whatever the workers are doing.

The parent process only supervises: it starts the workers, starts again one that dies,
and stops them all on SIGINT or SIGTERM. `serve` uses it on PostgreSQL; on SQLite, or where
the platform has no SO_REUSEPORT, uvicorn's own supervisor runs the workers on one shared
socket (see `sync_server.cli.serve`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from multiprocessing.process import BaseProcess
from typing import Any

APP = "sync_server.asgi:app"
BACKLOG = 2048  # a ward's phones may all connect at once
RESTART_PAUSE_S = 1.0
STARTUP_FAILURE = 3  # uvicorn's exit code for a server that could not start
MAX_CRASHES, CRASH_WINDOW_S = 5, 60.0  # more deaths than this within the window: give up
log = logging.getLogger("uvicorn.error")


def reuse_port_available() -> bool:
    return hasattr(socket, "SO_REUSEPORT") and os.name == "posix"


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket on (host, port) in the port's group of SO_REUSEPORT sockets, listening."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


def _worker(host: str, port: int, options: dict[str, Any]) -> None:
    """One worker process: its own listening socket, one uvicorn server."""
    import uvicorn

    config = uvicorn.Config(APP, host=host, port=port, backlog=BACKLOG, **options)
    sock = listening_socket(host, port)
    uvicorn.Server(config).run(sockets=[sock])


class Workers:
    """The supervisor of `count` worker processes serving `APP` on (host, port)."""

    def __init__(self, host: str, port: int, count: int, **options: Any) -> None:
        self.host, self.port, self.count = host, port, count
        self.options = options
        self._context = multiprocessing.get_context("spawn")
        self._processes: list[BaseProcess] = []
        self._stop = threading.Event()

    def run(self) -> int:
        """Serve until SIGINT or SIGTERM; returns the exit code."""
        import uvicorn

        uvicorn.Config(APP)  # sets up uvicorn's logging, as its own supervisor does
        try:  # fail here, before any worker starts, if the port is taken by a stranger
            listening_socket(self.host, self.port).close()
        except OSError as exc:
            log.error("Cannot listen on %s:%d: %s", self.host, self.port, exc)
            return STARTUP_FAILURE
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: self._stop.set())
        log.info("Started parent process [%d]", os.getpid())
        self._processes = [self._start() for _ in range(self.count)]
        deaths: list[float] = []
        code = 0
        while not self._stop.wait(0.5):
            for i, process in enumerate(self._processes):
                if process.is_alive() or self._stop.is_set():
                    continue
                now = time.monotonic()
                deaths = [t for t in deaths if now - t < CRASH_WINDOW_S] + [now]
                if process.exitcode == STARTUP_FAILURE or len(deaths) > MAX_CRASHES:
                    log.error("Worker [%s] could not serve (exit code %s); stopping.",
                              process.pid, process.exitcode)
                    self._stop.set()
                    code = 1
                    break
                log.warning("Worker [%s] died (exit code %s); starting another.",
                            process.pid, process.exitcode)
                time.sleep(RESTART_PAUSE_S)
                self._processes[i] = self._start()
        for process in self._processes:
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)
        for process in self._processes:
            process.join(timeout=30)
            if process.is_alive():
                process.kill()
                process.join()
        log.info("Stopping parent process [%d]", os.getpid())
        return code

    def _start(self) -> BaseProcess:
        process = self._context.Process(
            target=_worker, args=(self.host, self.port, self.options), daemon=False)
        process.start()
        return process
