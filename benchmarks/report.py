"""Benchmarks layer: renders a results JSON into docs/performance.md through its template.

    python -m benchmarks.report [results.json] [docs/performance.md] [template.md]

Only tables and figures come from here; every sentence is in
benchmarks/performance_template.md, whose {{name}} placeholders this module fills.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import report_province
from benchmarks.deploy import ROOT
from benchmarks.report_format import _fmt, _get, _table

DBS = ("sqlite", "postgresql")
DB_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
TEMPLATE = ROOT / "benchmarks/performance_template.md"
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
DETAIL_KEYS = ("push_engine", "push_raw", "first_sync_small", "first_sync_large", "nothing_new",
               "ward_at_once", "steady", "wire_cost", "staff_inbox")
HIDDEN = ("group_id", "error_sample")


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
        ("a ward within a second", "the same phones, each starting at a random moment of "
         "one second: p95 per phone", "(diagnostic)", ["ward_in_a_second.median.p95_ms"],
         " ms", None),
        ("a ward within a second", "the same: all done after the first start",
         "(diagnostic)", ["ward_in_a_second.median.all_done_s"], " s", None),
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


def _count_errors(dbs: dict[str, Any], present: list[str]) -> None:
    """An error in any run counts, not only the median run's."""
    for db in present:
        for key in ("ward_at_once", "ward_in_a_second", "steady"):
            if key in dbs[db]:
                dbs[db][key]["errors_all_runs"] = sum(r.get("errors", 0)
                                                      for r in dbs[db][key]["runs"])


def _targets(data: dict[str, Any], dbs: dict[str, Any], present: list[str]) -> dict[str, str]:
    rows: list[list[str]] = []
    checked = met = 0
    for label, how, target, paths, unit, check in _rows(data["sizes"], data["steady_seconds"]):
        cells = [label, how, target]
        for db in present:
            value = _get(dbs[db], paths[0])
            ok = (_push_check(db, value) if label == "push (engine)"
                  else check([value]) if check else None)
            if ok is not None:
                checked += 1
                met += ok
            cells.append(_fmt(value, unit) + ("" if ok is None else (" ✅" if ok else " ❌")))
        rows.append(cells)
    table = _table(["what", "how", "target", *(DB_NAMES[d] for d in present)], rows)
    bursts = [r.get("p95_ms") for r in _get(dbs, "postgresql.ward_at_once.runs") or []]
    return {"targets_table": table, "targets_met": str(met), "targets_total": str(checked),
            "pg_burst_runs": ", ".join(_fmt(b) for b in bursts if b is not None) or "–"}


def _naive(dbs: dict[str, Any], present: list[str]) -> str:
    rows = []
    for db in present:
        for size in ("small", "large"):
            r = _get(dbs[db], f"naive.{size}")
            if r:
                ratio = r["naive_bytes"] / max(1, r["incremental_bytes"])
                rows.append([DB_NAMES[db], _fmt(r["rows"]), _fmt(r["incremental_ms"], " ms"),
                             _fmt(r["incremental_bytes"], " B"), _fmt(r["naive_ms"], " ms"),
                             _fmt(r["naive_bytes"], " B"), f"{ratio:,.0f}×"])
    return _table(["database", "rows in group", "incremental: time", "incremental: bytes",
                   "naive: time", "naive: bytes", "naive / incremental bytes"], rows)


def _figures(median: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_fmt(v)}" for k, v in median.items() if k not in HIDDEN)


def _details(dbs: dict[str, Any], present: list[str]) -> str:
    rows = []
    for db in present:
        for key in DETAIL_KEYS:
            med = _get(dbs[db], f"{key}.median")
            if med:
                runs = len(_get(dbs[db], f"{key}.runs") or [])
                rows.append([DB_NAMES[db], f"`{key}`", str(runs), _figures(med)])
    return _table(["database", "workload", "runs", "medians"], rows)


def _baselines(results: Path, latest: dict[str, Any]) -> str:
    runs = [(results.name, latest)]
    runs += [(p.name, json.loads(p.read_text()))
             for p in sorted(results.parent.glob("baseline-*.json"))]
    rows = []
    for name, run in runs:
        dbs, m = run.get("databases", {}), run["machine"]

        def both(path: str, unit: str = "", dbs: dict[str, Any] = dbs) -> str:
            return " · ".join(_fmt(_get(dbs, f"{db}.{path}"), unit) for db in DBS)

        rows.append([f"`{name}`", f"`{run['versions'].get('commit', '?')}`",
                     f"{m['cpu']}, {_fmt(m.get('calibration_ms_at_start'))} ms",
                     both("push_engine.median.push_per_s", "/s"),
                     both("first_sync_large.median.rows_per_s"),
                     both("ward_at_once.median.p95_ms", " ms"),
                     _fmt(_get(dbs, "postgresql.staff_inbox.median.p95_ms"), " ms")])
    return _table(["file", "code", "machine, calibration", "push (engine)",
                   "first sync 100k, rows/s", "ward at once, p95", "inbox (PG), p95"], rows)


def values(data: dict[str, Any], results: Path) -> dict[str, str]:
    """Every placeholder of the template, filled from one results file (and the province
    benchmark's file beside it, if there is one)."""
    dbs = data.get("databases", {})
    present = [d for d in DBS if d in dbs]
    _count_errors(dbs, present)
    m = data["machine"]
    start = _get(data, "app_start.median")
    return {
        "generated_at": data["generated_at"], "runs": _fmt(data["runs"]),
        "duration_s": _fmt(data.get("duration_s")), "quick": _fmt(bool(data.get("quick"))),
        "commit": data["versions"].get("commit", "?"), "nproc": _fmt(m["nproc"]),
        "cpu": m["cpu"], "ram_gib": _fmt(m["ram_gib"]), "os": m["os"],
        "load_start": f"{m['loadavg_at_start'][0]:.2f}",
        "load_end": f"{m.get('loadavg_at_end', [0])[0]:.2f}",
        "calibration_start": _fmt(m.get("calibration_ms_at_start")),
        "calibration_end": _fmt(m.get("calibration_ms_at_end")),
        "versions": ", ".join(f"{k} {v}" for k, v in data["versions"].items()),
        **_targets(data, dbs, present),
        "naive_table": _naive(dbs, present),
        "more_figures": _details(dbs, present),
        "app_start": _figures(start) if start else "–",
        "baselines_table": _baselines(results, data),
        **report_province.values(results.parent),
    }


def render(data: dict[str, Any], template: str, results: Path) -> str:
    filled = values(data, results)
    unknown = sorted(set(PLACEHOLDER.findall(template)) - set(filled))
    if unknown:
        raise KeyError(f"placeholders without a value: {unknown}")
    return PLACEHOLDER.sub(lambda match: filled[match.group(1)], template)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    src = Path(args[0]) if args else ROOT / "benchmarks/results/latest.json"
    dst = Path(args[1]) if len(args) > 1 else ROOT / "docs/performance.md"
    template = Path(args[2]) if len(args) > 2 else TEMPLATE
    dst.write_text(render(json.loads(src.read_text()), template.read_text(), src))
    print(f"wrote {dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
