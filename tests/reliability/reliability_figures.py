"""Test support: counters of the reliability suite (cases, faults, crashes, inputs, findings),
merged into test-artifacts/reliability-figures.json so scripts/reliability.sh can report them."""

from __future__ import annotations

import fcntl
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
FIGURES = Path(os.environ.get("RELIABILITY_FIGURES", ROOT / "test-artifacts" /
                              "reliability-figures.json"))


def backend() -> str:
    db = os.environ.get("SERVER_TEST_DB", "sqlite").lower()
    return "postgresql" if db in {"postgres", "postgresql", "pg"} else "sqlite"


def add(section: str, counts: dict[str, int] | Counter[str], **notes: Any) -> None:
    """Add `counts` to `section` of this backend's figures (safe across processes)."""
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    with open(FIGURES.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data: dict[str, Any] = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
        bucket = data.setdefault(backend(), {}).setdefault(section, {})
        for key, value in counts.items():
            bucket[key] = int(bucket.get(key, 0)) + int(value)
        for key, value in notes.items():
            bucket[key] = value
        tmp = FIGURES.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))
        tmp.replace(FIGURES)
