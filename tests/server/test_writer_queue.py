"""Pushes to a SQLite database take turns across server processes (db.WriterQueue): a
process that wants to write waits while another holds its turn, and goes on when it ends."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from sync_server.storage.writers import WriterQueue

HOLDER = """
import sys, time
from sync_server.storage.writers import WriterQueue
queue = WriterQueue.for_url(sys.argv[1])
with queue.turn():
    print("holding", flush=True)
    time.sleep(0.5)
    print(f"released {time.time()!r}", flush=True)
"""


def test_a_second_process_waits_for_the_first_ones_turn(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ward.sqlite3'}"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, url], stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "holding"

    with WriterQueue.for_url(url).turn():
        got_it = time.time()
    released = float(holder.stdout.readline().split()[1])
    holder.wait(timeout=30)

    assert got_it >= released  # not before the other process let go
    assert WriterQueue.for_url(url).across_processes


def test_postgresql_and_memory_databases_queue_within_the_process_only() -> None:
    for url in ("postgresql+psycopg://u@localhost/ward", "sqlite:///:memory:"):
        queue = WriterQueue.for_url(url)
        with queue.turn():
            pass
        assert not queue.across_processes
