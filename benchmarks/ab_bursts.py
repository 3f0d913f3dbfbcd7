"""Benchmarks layer: a ward's burst, two servers side by side, in alternating rounds.

    python -m benchmarks.ab_bursts --before /path/to/old/checkout [--after .] [--db postgresql]
        [--rounds 5] [--bursts 5] [--out results.jsonl]

Each round starts a `sync-server serve` of the `before` checkout on a fresh database, runs
`--bursts` bursts of 200 phones at once (`workloads.ward_at_once`), then does the same
with the `after` checkout: the machine's drift falls on both sides alike. Besides the
burst's own figures it records the database's own CPU per phone (PostgreSQL's processes
on this machine) and how the server's CPU split over its worker processes. The medians
per side are printed; every burst is written to `--out`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import workloads as w
from benchmarks.deploy import ServerProcess, bench_database
from benchmarks.seed import Admin

FIGURES = ("all_done_s", "p95_ms", "server_cpu_ms_per_phone", "db_cpu_ms_per_phone",
           "phones_cpu_ms_per_phone")


def _ticks(match: Any) -> dict[str, int]:
    """CPU ticks (user + system) of the processes `match(pid, name, ppid)` selects."""
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        if match(stat.parent.name, name, fields[1]):
            out[stat.parent.name] = int(fields[11]) + int(fields[12])
    return out


def side(kind: str, checkout: str, label: str, bursts: int) -> list[dict[str, Any]]:
    """`bursts` bursts against a server of `checkout` on a fresh database."""
    os.environ["BENCH_SERVER_PYTHONPATH"] = checkout
    try:
        with bench_database(kind) as url, ServerProcess(url) as server:
            admin = Admin(url)
            try:
                ward_id, _ = admin.ward("Phường Đo Đạc", 0)
                b = w.Bench(server, admin, ward_id, Path(tempfile.mkdtemp()), {})
                fleet = w.fleet(b, 200, 14)
                parent = str(server.pid())
                results = []
                for _ in range(bursts):
                    time.sleep(1.0)
                    db0 = sum(_ticks(lambda _p, name, _pp: name.startswith("postgres")).values())
                    wk0 = _ticks(lambda _p, _n, ppid: ppid == parent)
                    r = w.ward_at_once(b, fleet)
                    db1 = sum(_ticks(lambda _p, name, _pp: name.startswith("postgres")).values())
                    wk1 = _ticks(lambda _p, _n, ppid: ppid == parent)
                    hz = os.sysconf("SC_CLK_TCK")
                    r["db_cpu_ms_per_phone"] = round((db1 - db0) / hz / r["phones"] * 1000, 2)
                    r["worker_cpu_ticks"] = sorted(wk1[k] - wk0.get(k, 0) for k in wk1)
                    r.pop("error_sample", None)
                    results.append({"side": label, "db": kind, **r})
                return results
            finally:
                admin.close()
    finally:
        os.environ.pop("BENCH_SERVER_PYTHONPATH", None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the old checkout (a git worktree)")
    parser.add_argument("--after", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--bursts", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    rows: list[dict[str, Any]] = []
    for _ in range(args.rounds):
        for label, checkout in (("before", args.before), ("after", args.after)):
            rows += side(args.db, checkout, label, args.bursts)
    if args.out:
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    for label in ("before", "after"):
        mine = [r for r in rows if r["side"] == label]
        medians = {k: round(statistics.median(r[k] for r in mine), 3) for k in FIGURES}
        print(label, len(mine), "bursts, medians:", medians)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
