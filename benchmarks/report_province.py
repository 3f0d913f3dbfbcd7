"""Benchmarks layer: the province benchmark's figures (benchmarks/results/province.json, made by
`benchmarks.province`) as the performance page's placeholders `province_run`,
`province_table` and `province_steps`; a dash where no province run is recorded."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.report_format import _fmt, _get, _table

FILE = "province.json"
FULL = {"wards": 100, "groups": 30, "phones_per_group": 2, "petitions": 1_000_000,
        "rush_seconds": 600}

# (what, target, path in each deployment's figures, unit, ratio key, check of the province's
# figure, check of the ratio)
Check = Callable[[Any], bool] | None
ROWS: list[tuple[str, str, str, str, str | None, Check, Check]] = [
    ("a phone's pull, nothing new: median", "≤ 2 ms, flat (ratio ≤ 1.3)",
     "nothing_new.median_ms", " ms", "nothing_new_median", lambda v: v <= 2, lambda r: r <= 1.3),
    ("a phone's pull, nothing new: p95", "(diagnostic)", "nothing_new.p95_ms", " ms", None,
     None, None),
    ("a ward's inbox, first page (the query): p95", "≤ 50 ms", "inbox.p95_ms", " ms",
     "inbox_p95", lambda v: v <= 50, None),
    ("the province page, a month (HTTP): p95", "≤ 300 ms", "page_month.p95_ms", " ms",
     "page_month_p95", lambda v: v <= 300, None),
    ("the province page, a year (HTTP): p95", "(diagnostic)", "page_year.p95_ms", " ms",
     "page_year_p95", None, None),
    ("the morning rush: p95 per sync", "≤ 100 ms", "rush.p95_ms", " ms", "rush_p95",
     lambda v: v <= 100, None),
    ("the morning rush: errors", "0", "rush.errors", "", None, lambda v: v == 0, None),
    ("the morning rush: server CPU per sync, its idle work included", "(diagnostic)",
     "rush.server_cpu_ms_per_sync", " ms", None, None, None),
    ("the most syncs a second with p95 < 200 ms", "(measured)", "max_rate.sustained_per_s",
     " /s", "max_rate", None, None),
]


def _marked(value: Any, check: Check, unit: str) -> str:
    text = _fmt(value, unit)
    if check is None or value is None:
        return text
    return text + (" ✅" if check(value) else " ❌")


def _figures(run: dict[str, Any]) -> str:
    rows = []
    for what, target, path, unit, ratio_key, check, ratio_check in ROWS:
        province, one = _get(run, f"province.{path}"), _get(run, f"one_ward.{path}")
        if path == "max_rate.sustained_per_s":  # the steps ran out before p95 crossed
            province, one = (_at_least(run, "province", province),
                             _at_least(run, "one_ward", one))
        ratio = _get(run, f"ratios.{ratio_key}") if ratio_key else None
        rows.append([what, target, _marked(province, check, unit), _fmt(one, unit),
                     _marked(ratio, ratio_check, "×") if ratio_key else ""])
    return _table(["what", "target", "province", "one ward alone", "province / one ward"],
                  rows)


def _at_least(run: dict[str, Any], side: str, value: Any) -> Any:
    crossed = _get(run, f"{side}.max_rate.crossed")
    return value if crossed or value is None else f"≥ {_fmt(value)}"


def _steps(run: dict[str, Any]) -> str:
    parts = []
    for side, label in (("province", "province"), ("one_ward", "one ward")):
        steps = _get(run, f"{side}.max_rate.steps") or []
        shown = ", ".join(f"{_fmt(s['rate_per_s'])}/s {_fmt(s['p95_ms'])} ms"
                          + (f" ({s['errors']} errors)" if s["errors"] else "") for s in steps)
        parts.append(f"{label}: {shown or '–'}")
    return "; ".join(parts)


def _run(run: dict[str, Any]) -> str:
    scale, m = run["scale"], run["machine"]
    phones = _get(run, "province.phones")
    per_ward = scale["petitions"] // max(1, scale["wards"])
    return (f"{scale['wards']} wards x {scale['groups']} groups, {scale['phones_per_group']} "
            f"phones a group ({_fmt(phones)} phones), {_fmt(scale['petitions'])} petitions "
            f"({_fmt(per_ward)} a ward); the rush: {_fmt(phones)} phones x "
            f"{scale['per_phone']} petitions over {_fmt(float(scale['rush_seconds']))} s "
            f"({_fmt(_get(run, 'province.rush.rate_per_s'))} syncs/s); steps of "
            f"{_fmt(float(scale['step_seconds']))} s; server `--workers "
            f"{scale.get('workers', '?')}`. Run {run['generated_at']}, commit "
            f"`{run['versions'].get('commit', '?')}`, {_fmt(run.get('duration_s'))} s in all "
            f"(seeding {_fmt(_get(run, 'province.seed_s'))} s); {m['cpu']}, "
            f"{m['nproc']} cores, load average {m['loadavg_at_start'][0]:.2f} at start and "
            f"{m.get('loadavg_at_end', [0])[0]:.2f} at end, calibration "
            f"{_fmt(m.get('calibration_ms_at_start'))} ms")


def values(results_dir: Path) -> dict[str, str]:
    path = results_dir / FILE
    if not path.is_file():
        return {"province_run": "no province run recorded", "province_scale_note": "",
                "province_table": "–", "province_steps": "–"}
    run = json.loads(path.read_text())
    return {"province_run": _run(run), "province_scale_note": _scale_note(run["scale"]),
            "province_table": _figures(run), "province_steps": _steps(run)}


def _scale_note(scale: dict[str, Any]) -> str:
    if all(scale.get(k) == v for k, v in FULL.items()):
        return "This is the issue's scale."
    return ("**This is a scaled-down run**, made on the development machine while other "
            "jobs shared it: the issue's scale (100 wards, 6,000 phones, 1,000,000 "
            "petitions, a 10-minute rush) has not been measured yet, and p95s that rise and fall "
            "from one step to the next are those other jobs, not the server.")
