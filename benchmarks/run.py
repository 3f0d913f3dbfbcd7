"""Benchmarks layer: run the suite on SQLite and PostgreSQL and write the results JSON.

    python -m benchmarks.run [--db sqlite --db postgresql] [--quick] [--runs 3]
        [--out benchmarks/results/latest.json]

BENCH_STEADY_SECONDS shortens the steady-load minute for quick runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import workloads as w
from benchmarks.deploy import ROOT, ServerProcess, bench_database, postgres_available
from benchmarks.seed import Admin

FULL = {"push": 10_000, "first_small": 10_000, "first_large": 100_000, "empty_small": 10_000,
        "empty_large": 1_000_000, "empty_pulls": 300, "phones": 200, "groups": 14,
        "inbox": 50_000, "inbox_reps": 20, "wire": 100}
QUICK = {"push": 200, "first_small": 200, "first_large": 600, "empty_small": 200,
         "empty_large": 1_000, "empty_pulls": 20, "phones": 12, "groups": 3, "inbox": 300,
         "inbox_reps": 2, "wire": 10}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median of each numeric figure across runs (other values from the last run)."""
    out: dict[str, Any] = {}
    for key, value in runs[-1].items():
        numbers = [r[key] for r in runs if isinstance(r.get(key), int | float)
                   and not isinstance(r.get(key), bool)]
        out[key] = statistics.median(numbers) if len(numbers) == len(runs) and numbers else value
    return {"median": out, "runs": runs}


def repeat(name: str, count: int, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    runs = []
    for i in range(count):
        t0 = time.perf_counter()
        runs.append(fn())
        log(f"  {name} run {i + 1}/{count} ({time.perf_counter() - t0:.1f} s): {runs[-1]}")
    return summarize(runs)


WORKLOADS = ("push_engine", "push_raw", "wire_cost", "ward_at_once", "steady", "first_sync",
             "staff_inbox", "nothing_new")


def run_database(kind: str, sizes: dict[str, int], runs: int, steady_s: float,
                 only: set[str] | None = None) -> dict[str, Any]:
    log(f"== {kind}")

    def wanted(name: str) -> bool:
        return only is None or name in only

    results: dict[str, Any] = {}
    scratch = Path(tempfile.mkdtemp(prefix="bench-phones-"))
    with bench_database(kind) as url, ServerProcess(url) as server:
        admin = Admin(url)
        try:
            ward_id, _ = admin.ward("Phường Đo Đạc", 0)
            b = w.Bench(server, admin, ward_id, scratch, sizes)
            if wanted("push_engine"):
                results["push_engine"] = repeat("push (engine)", runs, lambda: w.push_engine(b))
            if wanted("push_raw"):
                results["push_raw"] = repeat("push (server alone)", runs, lambda: w.push_raw(b))
            if wanted("wire_cost"):
                results["wire_cost"] = repeat("3G cost", 1, lambda: w.wire_cost(b, sizes["wire"]))
            if wanted("ward_at_once") or wanted("steady"):
                fleet = w.fleet(b, sizes["phones"], sizes["groups"])

                def burst(spread_s: float = 0.0) -> dict[str, Any]:
                    time.sleep(1.0)
                    return w.ward_at_once(b, fleet, spread_s=spread_s)

                if wanted("ward_at_once"):
                    results["ward_at_once"] = repeat("ward at once", runs, burst)
                    results["ward_in_a_second"] = repeat(
                        "ward within one second", runs, lambda: burst(1.0))
                if wanted("steady"):
                    results["steady"] = repeat("steady", 1,
                                               lambda: w.steady(b, fleet, 20.0, steady_s))
            if wanted("first_sync"):
                small = [w.first_sync(b, sizes["first_small"]) for _ in range(runs)]
                results["first_sync_small"] = summarize(small)
                log(f"  first sync {sizes['first_small']}: {results['first_sync_small']['median']}")
                large = w.first_sync(b, sizes["first_large"])
                results["first_sync_large"] = summarize([large])
                log(f"  first sync {sizes['first_large']}: {large}")
                results["naive"] = {
                    "small": w.naive_vs_incremental(b, small[-1]["group_id"],
                                                    sizes["first_small"]),
                    "large": w.naive_vs_incremental(b, large["group_id"], sizes["first_large"])}
                log(f"  naive baseline: {results['naive']}")
            if wanted("staff_inbox"):
                results["staff_inbox"] = repeat("staff inbox", 1, lambda: w.staff_inbox(b))
            if wanted("nothing_new"):
                results["nothing_new"] = repeat("nothing new", 1, lambda: w.nothing_new(b))
        except Exception:
            log("server log tail:\n" + server.tail())
            raise
        finally:
            admin.close()
            shutil.rmtree(scratch, ignore_errors=True)
    return results


def calibration_ms() -> float:
    """How fast this machine runs plain Python right now: the best of five timings of a
    fixed piece of work (JSON, hashing, string folding). The machine is shared; a run
    whose calibration is slower than another's ran on a slower moment of it."""
    import hashlib

    from field_app.wire.text import fold

    description = "Tối đi lại khó khăn " * 8
    record: dict[str, Any] = {
        "title": "Đèn đường ngõ 5 hỏng", "description": description,
        "timeline": [{"at": "2026-11-20T02:14:03+00:00", "kind": "created"}] * 3}
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(2000):
            text = json.dumps(record, ensure_ascii=False)
            hashlib.sha256(text.encode()).hexdigest()
            json.loads(text)
            fold(description)
        best = min(best, time.perf_counter() - t0)
    return round(best * 1000, 1)


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text()
                      .splitlines() if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem_kb = 0
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem_kb / 1024 / 1024, 1),
            "os": platform.platform(), "loadavg_at_start": list(os.getloadavg()),
            "calibration_ms_at_start": calibration_ms()}


def versions(kinds: list[str]) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    try:
        out["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                       capture_output=True, text=True, timeout=10
                                       ).stdout.strip() or "?"
    except (OSError, subprocess.SubprocessError):
        out["commit"] = "?"
    for pkg in ("dan-van", "fastapi", "starlette", "uvicorn", "uvloop", "httptools", "sqlalchemy",
                "sqlmodel", "pydantic", "psycopg", "httpx", "flet", "playwright"):
        with contextlib.suppress(PackageNotFoundError):
            out[pkg] = version(pkg)
    import sqlite3

    out["sqlite"] = sqlite3.sqlite_version
    if "postgresql" in kinds:
        import psycopg
        from sqlalchemy.engine import make_url

        from benchmarks.deploy import PG_URL

        info = make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(info) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            out["postgresql"] = str(row[0]) if row else "?"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--quick", action="store_true", help="tiny sizes (smoke test)")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--no-app-start", action="store_true")
    parser.add_argument("--only", action="append", choices=WORKLOADS,
                        help="run only these workloads (a partial run, for profiling)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/latest.json")
    args = parser.parse_args(argv)
    kinds = args.db or ["sqlite", "postgresql"]
    if "postgresql" in kinds and not postgres_available():
        log("PostgreSQL is not reachable: running on SQLite only")
        kinds = [k for k in kinds if k != "postgresql"]
    sizes = QUICK if args.quick else FULL
    runs = args.runs or (1 if args.quick else 3)
    steady_s = float(os.environ.get("BENCH_STEADY_SECONDS", "3" if args.quick else "60"))
    started = time.perf_counter()
    result: dict[str, Any] = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick, "runs": runs, "sizes": sizes, "steady_seconds": steady_s,
        "machine": machine(), "versions": versions(kinds), "databases": {}}
    for kind in kinds:
        result["databases"][kind] = run_database(kind, sizes, runs, steady_s,
                                                 set(args.only) if args.only else None)
    if not args.no_app_start and not args.only:
        from benchmarks.appstart import app_start

        result["app_start"] = repeat("app start", runs, app_start)
    result["machine"]["loadavg_at_end"] = list(os.getloadavg())
    result["machine"]["calibration_ms_at_end"] = calibration_ms()
    result["duration_s"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str) + "\n")
    log(f"wrote {args.out} in {result['duration_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
