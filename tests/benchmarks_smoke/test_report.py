"""Benchmarks layer: docs/performance.md is the template filled from latest.json, nothing more
(a sentence written into the page by hand would be lost at the next `scripts/bench.sh`)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from benchmarks import report

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "benchmarks/results"


def test_the_performance_page_is_the_template_filled_from_latest_json() -> None:
    latest = RESULTS / "latest.json"
    page = report.render(json.loads(latest.read_text()), report.TEMPLATE.read_text(), latest)
    assert (ROOT / "docs/performance.md").read_text() == page, (
        "docs/performance.md differs from benchmarks/performance_template.md filled from "
        "latest.json: edit the template and run `python -m benchmarks.report`")
    assert len(page.splitlines()) < 250
    assert "{{" not in page and "| push (engine) |" in page


def test_every_decision_record_the_page_links_exists() -> None:
    page = (ROOT / "docs/performance.md").read_text()
    links = re.findall(r"\]\((decisions/[^)]+)\)", page)
    assert links and all((ROOT / "docs" / link).is_file() for link in links)


def test_a_results_file_alone_renders_with_itself_as_its_only_baseline(tmp_path: Path) -> None:
    copy = tmp_path / "quick.json"
    shutil.copy(RESULTS / "latest.json", copy)
    page = report.render(json.loads(copy.read_text()), report.TEMPLATE.read_text(), copy)
    assert "| `quick.json` |" in page and "baseline-" not in page.split("## Baselines")[1][:600]


def test_a_placeholder_without_a_value_is_refused() -> None:
    latest = RESULTS / "latest.json"
    try:
        report.render(json.loads(latest.read_text()), "{{no_such_figure}}", latest)
    except KeyError as error:
        assert "no_such_figure" in str(error)
    else:
        raise AssertionError("an unknown placeholder was rendered")
