"""The province benchmark works end to end at a tiny scale on PostgreSQL: two wards seeded in
bulk beside one ward alone, two real `sync-server serve` processes, every figure measured
with its ratio, the rush and the rate steps without an error, the databases dropped, and
the performance page's province section rendered from the results (no timing is asserted)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from serverkit import TEST_DATABASE_URL
from sqlalchemy.engine import make_url

from benchmarks import report

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ("nothing_new", "inbox", "page_month", "page_year", "rush", "max_rate")


def _databases(url: str) -> set[str]:
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as conn:
        return {str(r[0]) for r in conn.execute("SELECT datname FROM pg_database")}


@pytest.mark.postgres
def test_a_tiny_province_is_seeded_measured_beside_one_ward_and_dropped(tmp_path: Path) -> None:
    name = f"bench_province_smoke_{uuid.uuid4().hex[:8]}"
    url = make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    out = tmp_path / "province.json"
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.province", "--url", url, "--wards", "2",
         "--groups", "3", "--petitions", "600", "--rush-seconds", "2", "--step-seconds", "1",
         "--rates", "5,10", "--pulls", "5", "--reps", "2", "--out", str(out), "--drop"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    results = json.loads(out.read_text())
    province, one = results["province"], results["one_ward"]
    assert (province["wards"], province["phones"], province["petitions"]) == (2, 12, 600)
    assert (one["wards"], one["phones"], one["petitions"]) == (1, 6, 300)
    for side in (province, one):
        assert set(FIGURES) <= set(side)
        assert side["nothing_new"]["count"] == 5 and side["page_month"]["count"] == 2
        assert side["rush"]["syncs"] == side["phones"] and side["rush"]["errors"] == 0
        steps = side["max_rate"]["steps"]
        assert steps and all(step["errors"] == 0 for step in steps)
        assert [step["rate_per_s"] for step in steps] == [5.0, 10.0][:len(steps)]
    assert set(results["ratios"]) == {"nothing_new_median", "inbox_p95", "page_month_p95",
                                      "page_year_p95", "rush_p95", "max_rate"}
    assert results["ratios"]["nothing_new_median"] is not None
    assert not {name, f"{name}_one"} & _databases(TEST_DATABASE_URL)

    shutil.copy(ROOT / "benchmarks/results/latest.json", tmp_path / "latest.json")
    page = report.render(json.loads((tmp_path / "latest.json").read_text()),
                         report.TEMPLATE.read_text(), tmp_path / "latest.json")
    section = page.split("## A province on one server")[1]
    assert "2 wards x 3 groups" in section and "This is a scaled-down run" in section
    assert "| the morning rush: errors | 0 | 0 ✅ | 0 |" in section
