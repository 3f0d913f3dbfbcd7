"""Benchmarks layer: renders benchmarks/results/latest.json as docs/performance.md.

    python -m benchmarks.report [results.json] [docs/performance.md]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.deploy import ROOT

DBS = ("sqlite", "postgresql")
DB_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}".rstrip("0").rstrip(".")
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        text = str(value)
    return f"{text}{unit}"


# (label, how, target text, per-database median path(s), unit, check)
Row = tuple[str, str, str, list[str], str, Callable[[list[Any]], bool] | None]


def _rows(sizes: dict[str, int], steady_s: float) -> list[Row]:
    def at_least(limit: float) -> Callable[[list[Any]], bool]:
        return lambda v: v[0] is not None and v[0] >= limit

    def at_most(limit: float) -> Callable[[list[Any]], bool]:
        return lambda v: v[0] is not None and v[0] <= limit

    push_n = f"{sizes['push']:,}"
    return [
        ("push (engine)", f"{push_n} `petition.create` saved on a phone, pushed by SyncEngine "
         "in its batches", "≥ 6,000/s SQLite, ≥ 4,000/s PostgreSQL",
         ["push_engine.median.push_per_s"], " /s", None),
        ("push (server alone)",
         f"{push_n} `petition.create`, batches of 500 (as the engine), lean client",
         "(diagnostic)", ["push_raw.median.push_per_s"], " /s", None),
        ("push (server alone)", "server CPU per mutation", "(diagnostic)",
         ["push_raw.median.server_cpu_us_per_mutation"], " µs", None),
        ("first sync", f"new phone, {sizes['first_small']:,} records, pull + local apply",
         "≥ 10,000 rows/s", ["first_sync_small.median.rows_per_s"], " rows/s",
         at_least(10_000)),
        ("first sync", f"new phone, {sizes['first_large']:,} records, pull + local apply",
         "≥ 10,000 rows/s", ["first_sync_large.median.rows_per_s"], " rows/s",
         at_least(10_000)),
        ("nothing new", f"median pull, {sizes['empty_small']:,} rows on the server",
         "≤ 2 ms", ["nothing_new.median.median_small_ms"], " ms", at_most(2)),
        ("nothing new", f"median pull, {sizes['empty_large']:,} rows on the server",
         "≤ 2 ms", ["nothing_new.median.median_large_ms"], " ms", at_most(2)),
        ("nothing new", "ratio large / small (same run)", "≤ 1.3",
         ["nothing_new.median.ratio"], "", at_most(1.3)),
        ("a ward at once", f"{sizes['phones']} phones of {sizes['groups']} groups start "
         "together, 3 new petitions each: errors (all runs)", "0",
         ["ward_at_once.errors_all_runs"], "", at_most(0)),
        ("a ward at once", "all done after the first start", "≤ 1.0 s",
         ["ward_at_once.median.all_done_s"], " s", at_most(1.0)),
        ("a ward at once", "p95 per phone", "≤ 400 ms", ["ward_at_once.median.p95_ms"], " ms",
         at_most(400)),
        ("a ward at once", "server CPU per phone sync", "(diagnostic)",
         ["ward_at_once.median.server_cpu_ms_per_phone"], " ms", None),
        ("a ward at once", "simulated phones' CPU per phone sync (same 2 cores)",
         "(diagnostic)", ["ward_at_once.median.phones_cpu_ms_per_phone"], " ms", None),
        ("steady load", f"20 syncs/s for {steady_s:g} s (open loop): p95", "≤ 100 ms",
         ["steady.median.p95_ms"], " ms", at_most(100)),
        ("3G cost", f"bytes per petition, sync of {sizes['wire']} (HTTP incl., both ways, "
         "gzip)", "≤ 300 B", ["wire_cost.median.gzip_bytes_per_petition"], " B",
         at_most(300)),
        ("3G cost", "same, push body sent plain (answers still gzipped)", "(diagnostic)",
         ["wire_cost.median.plain_request_bytes_per_petition"], " B", None),
        ("3G cost", "same, nothing compressed", "(diagnostic)",
         ["wire_cost.median.uncompressed_bytes_per_petition"], " B", None),
        ("on the phone", "save a petition: p95", "≤ 10 ms",
         ["push_engine.median.save_p95_ms"], " ms", at_most(10)),
        ("on the phone", f"list among {sizes['push']:,}: p95 (first page of 200)", "≤ 30 ms",
         ["push_engine.median.list_p95_ms"], " ms", at_most(30)),
        ("on the phone", f"search among {sizes['push']:,}: p95", "≤ 30 ms",
         ["push_engine.median.search_p95_ms"], " ms", at_most(30)),
        ("staff lists", f"console inbox query, {sizes['inbox']:,} petitions: p95", "≤ 50 ms",
         ["staff_inbox.median.p95_ms"], " ms", at_most(50)),
    ]


def _push_check(db: str, value: Any) -> bool | None:
    if value is None:
        return None
    return bool(value >= (6000 if db == "sqlite" else 4000))


def render(data: dict[str, Any]) -> str:
    sizes, dbs = data["sizes"], data.get("databases", {})
    present = [d for d in DBS if d in dbs]
    m, v = data["machine"], data["versions"]
    out = ["# Performance", "",
           "Figures from `bash scripts/bench.sh` (the suite in `benchmarks/`): a real "
           "`sync-server serve` (uvicorn) on a freshly created database, talked to over "
           "loopback by the real phone store and sync engine (`field_app.store`, "
           "`field_app.sync`) or, for the many-phones workloads, by a lean HTTP/1.1 client "
           "that speaks the same protocol. This file is generated from "
           "`benchmarks/results/latest.json`; do not edit it by hand.", "",
           f"Run: {data['generated_at']}, {'QUICK (tiny sizes) ' if data.get('quick') else ''}"
           f"median of {data['runs']} run(s) where a workload was repeated, "
           f"{data.get('duration_s', '?')} s in all; code at commit "
           f"{data['versions'].get('commit', '?')}.", "",
           f"Machine: {m['nproc']} cores, {m['cpu']}, {m['ram_gib']} GiB RAM, {m['os']}; "
           f"load average {m['loadavg_at_start'][0]:.2f} at start, "
           f"{m.get('loadavg_at_end', [0])[0]:.2f} at end" + _calibration(m) + ".", "",
           "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + ".", "",
           "The machine is shared and noisy (2 cores; the load generator, the phone and other "
           "jobs run beside the server), so absolute times move between runs; ratios measured "
           "within one run (large vs small, naive vs incremental) carry more weight.", "",
           "## Targets", "",
           "| what | how | target | " + " | ".join(DB_NAMES[d] for d in present) + " |",
           "|---|---|---|" + "---|" * len(present)]
    for db in present:  # an error in any run counts, not the median run's
        for key in ("ward_at_once", "steady"):
            if key in dbs[db]:
                dbs[db][key]["errors_all_runs"] = sum(r.get("errors", 0)
                                                      for r in dbs[db][key]["runs"])
    for label, how, target, paths, unit, check in _rows(sizes, data["steady_seconds"]):
        cells = []
        for db in present:
            value = _get(dbs[db], paths[0])
            ok = (_push_check(db, value) if label == "push (engine)"
                  else check([value]) if check else None)
            mark = "" if ok is None else (" ✅" if ok else " ❌")
            cells.append(_fmt(value, unit) + mark)
        out.append(f"| {label} | {how} | {target} | " + " | ".join(cells) + " |")
    out += ["", "✅ meets the target, ❌ misses it (see *Findings* below).", ""]
    out += _naive(dbs, present)
    out += _details(data, dbs, present)
    out.append(FINDINGS)
    return "\n".join(out) + "\n"


def _calibration(m: dict[str, Any]) -> str:
    if "calibration_ms_at_start" not in m:
        return ""
    return (f"; a fixed piece of Python work (`benchmarks.run.calibration_ms`) took "
            f"{m['calibration_ms_at_start']} ms at start and "
            f"{m.get('calibration_ms_at_end', '?')} ms at end (lower is a faster moment of "
            "this shared machine; compare runs by it)")


def _naive(dbs: dict[str, Any], present: list[str]) -> list[str]:
    lines = ["## Cost grows with the changes, not with the data", "",
             "A phone that is up to date pulls after 10 new petitions in its group. "
             "*Incremental* is the protocol (cursor); *naive* re-downloads everything on every "
             "sync (cursor absent), the baseline a simpler design would pay.", "",
             "| database | rows in group | incremental: time | incremental: bytes | "
             "naive: time | naive: bytes | naive / incremental bytes |",
             "|---|---|---|---|---|---|---|"]
    for db in present:
        for size in ("small", "large"):
            r = _get(dbs[db], f"naive.{size}")
            if not r:
                continue
            ratio = r["naive_bytes"] / max(1, r["incremental_bytes"])
            lines.append(f"| {DB_NAMES[db]} | {r['rows']:,} | {_fmt(r['incremental_ms'], ' ms')}"
                         f" | {_fmt(r['incremental_bytes'], ' B')} | {_fmt(r['naive_ms'], ' ms')}"
                         f" | {_fmt(r['naive_bytes'], ' B')} | {ratio:,.0f}× |")
    return [*lines, ""]


def _details(data: dict[str, Any], dbs: dict[str, Any], present: list[str]) -> list[str]:
    lines = ["## More figures", ""]
    for db in present:
        d = dbs[db]
        lines.append(f"**{DB_NAMES[db]}**")
        lines.append("")
        for key in ("push_engine", "push_raw", "first_sync_small", "first_sync_large",
                    "nothing_new", "ward_at_once", "steady", "wire_cost", "staff_inbox"):
            med = _get(d, f"{key}.median")
            if med:
                shown = {k: val for k, val in med.items() if k not in ("group_id", "error_sample")}
                runs = len(_get(d, f"{key}.runs") or [])
                lines.append(f"- `{key}` (median of {runs}): "
                             + ", ".join(f"{k}={_fmt(val)}" for k, val in shown.items()))
        lines.append("")
    start = _get(data, "app_start.median")
    if start:
        lines += ["**Field app start** (headless Chromium, `field-app run --web`, from process "
                  "launch to the first usable screen):", ""]
        lines.append("- " + ", ".join(f"{k}={_fmt(val)}" for k, val in start.items()))
        lines.append("")
    return lines


FINDINGS = """## Findings and changes

Profiled with py-spy (the server process, `--nonblocking`) and pyinstrument (the phone side).
Each change is its own commit; the sync, engine, console and reliability tests pass on SQLite
and PostgreSQL. Before the first changes, on this machine: engine push of 10,000 about
120/s, first sync of 10,000 about 1,300 rows/s, 200 phones at once 155 errors (HTTP 500)
and 121 s, staff inbox p95 about 570 ms, list of 10,000 on the phone about 90 ms.

Server:

- **3G cost** (`a8e75ff`): the server now takes `Content-Encoding: gzip` request bodies
  (inflated size capped at the body limit, 413; corrupt gzip, 400) and gzips answers of
  500 bytes and more. With the engine compressing push bodies of 2 KB and more (`03fed5d`),
  a sync of 100 new petitions costs about 265 bytes per petition, HTTP included, both ways,
  against about 1,870 uncompressed.
- **Connection pool starvation** (`6b44634`): with 200 phones at once every request took a
  connection during device auth and then waited for a worker thread while holding it, so
  others timed out after 30 s (HTTP 500). Auth now gives the connection back at once and
  the SQLite pool is sized to the worker threads: 0 errors.
- **Worker threads** (`7aa12ae`): sync endpoints are mostly Python holding the GIL; anyio's
  40 threads fought over it. 8 threads (`SYNC_SERVER_WORKER_THREADS`): the 200-phone burst
  went from about 2.9 s to 2.1 s (4 threads: about 1.8 s).
- **Pull** (`d57cc73`, `e33a5ac`): constant statements compiled once, records read through a
  join on the change-log range instead of `IN` lists of 500 ids, only wire columns, changes
  built without re-validation, the response serialized once. A raw pull of 10,000 rows went
  from about 6,200 to 17,500 rows/s. A pull with nothing new (`89bc303`) is answered from
  one statement (the scope counters with the server epoch) before any snapshot is opened,
  so its cost does not grow with the data (ratio above) and PostgreSQL is spared the
  isolation-level round trips.
- **Staff inbox** (`b575f1b`, `e11c1ff`, `0c2c52e`, `ca0c703`): migration 0004 indexes a
  ward's petitions in received order and by status and due date, migration 0005 adds a
  covering index (ward, folded text, status) for searches; `serve` runs `ANALYZE` on SQLite
  (without statistics SQLite picked the ward index for group and search counts); the total
  comes from the per-status counts (one scan instead of two) and those are grouped by an
  expression so that SQLite filters with the selective index.
- **Push** (server helper, `7b2d826`, `2778350`): runs of `petition.create` go through one
  check query and `executemany` in one savepoint (one-by-one fallback), and the response is
  serialized once: about 150-200 µs of server CPU per mutation.

Phone:

- **Outbox lookups** (`a7f316c`): SQLite used the (state, device_seq) index and scanned every
  pending entry for each record, so settling a push of 10,000 was quadratic.
- **List and search** (`1696ba2`, `74f1697`): a store migration indexes petitions newest
  first, with the folded text in the index: the list of 10,000 from about 90 to 3 ms, a
  search with no hit from about 20 to 2 ms.
- **Search folding** (`a6a028f`): `field_app.wire.text.fold` folds through a per-character
  table, 3× faster with identical results (property-tested against the old code).
- **First sync** (`c9939e2`, `673936b`, store helper `24e3f54`): pages of 1,000, the next page
  fetched while the current one is applied (still in order, each with its cursor), and
  records with nothing waiting written with one `executemany` per page.

Errors seen: in the final run PostgreSQL itself was restarted by another job on this
shared machine during the first of the three PostgreSQL bursts (its log at that second:
"received fast shutdown request"), which gave that burst 42 HTTP 500 answers; the other
bursts, and six more bursts run afterwards, had none.

Tried and not kept: queueing SQLite writers on an in-process lock instead of SQLite's
sleeping busy handler: no measurable change on this CPU-bound, shared machine.

What still misses, and why:

- **Push** stays under 6,000/s: the server spends about 150-200 µs of CPU per mutation
  (request validation, four JSON columns bound per row, the mutation log, the response),
  and the benchmark client and phone share the two cores with it. Next steps: JSON columns
  serialized once per batch, batches of 500 (the protocol's maximum; the engine sends 200).
- **A ward at once**: each phone sync costs the server about 8-10 ms of CPU (TCP connect,
  push of 3, pull, gzip), so 200 phones need about 2 CPU-seconds; one server process on a
  2-core machine shared with the 200 simulated phones cannot finish them in 1 s. No
  errors of the server's own, about 2.3 s. Next steps: several worker processes on PostgreSQL
  (`sync-server serve --workers N`), leaner sync routes.
- **First sync** reaches about 7,700 rows/s on SQLite and 4,900 on PostgreSQL (from about
  1,300): the server's page of 1,000 records (rows to JSON, gzip) and the phone's apply
  (JSON parse, folding, one upsert per record) now overlap, and each is about 0.6-1 s per
  10,000 on this machine. Next steps: a lighter wire form of the timeline, `orjson`.
- **Nothing new** on PostgreSQL: about 2.5 ms median against 1.4 ms on SQLite, with about
  1.5 ms of server CPU; each statement (token lookup, counters, end of transaction) is a
  round trip to the database server. The ratio 1M/10k, measured side by side, is about 1
  on both.

How to reproduce one figure: `.venv/bin/python -m benchmarks.run --db sqlite --runs 1` runs
everything on SQLite only; `--quick` runs tiny sizes in about 30 seconds;
`BENCH_STEADY_SECONDS=10` shortens the steady-load minute. Server CPU per sync or per
mutation (in *More figures*) is the figure least moved by the machine's noise.
"""


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    src = Path(args[0]) if args else ROOT / "benchmarks/results/latest.json"
    dst = Path(args[1]) if len(args) > 1 else ROOT / "docs/performance.md"
    dst.write_text(render(json.loads(src.read_text())))
    print(f"wrote {dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
