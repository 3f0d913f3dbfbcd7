"""The benchmark harness itself works: a tiny run on SQLite against a real `sync-server
serve`, its JSON, and the Markdown report made from it (no timing is asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_quick_benchmark_run_measures_every_workload_and_renders_the_report(
        tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = dict(os.environ, BENCH_STEADY_SECONDS="1")
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--db", "sqlite", "--no-app-start",
         "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads(out.read_text())
    sqlite = results["databases"]["sqlite"]
    assert sqlite["push_engine"]["median"]["mutations"] == results["sizes"]["push"]
    assert sqlite["first_sync_large"]["median"]["rows"] == results["sizes"]["first_large"]
    assert sqlite["ward_at_once"]["median"]["errors"] == 0
    assert sqlite["steady"]["median"]["errors"] == 0
    naive = sqlite["naive"]["large"]
    assert naive["naive_rows"] == naive["rows"]  # the baseline re-downloaded everything
    assert naive["naive_bytes"] > naive["incremental_bytes"]
    assert sqlite["wire_cost"]["median"]["gzip_bytes_per_petition"] < \
        sqlite["wire_cost"]["median"]["uncompressed_bytes_per_petition"]

    page = tmp_path / "performance.md"
    subprocess.run([sys.executable, "-m", "benchmarks.report", str(out), str(page)], cwd=ROOT,
                   check=True, capture_output=True, timeout=60)
    text = page.read_text()
    assert "| push (engine) |" in text and "Cost grows with the changes" in text
    assert results["machine"]["nproc"] >= 1 and "sqlalchemy" in results["versions"]
