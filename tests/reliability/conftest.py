"""Reliability suite fixtures: the e2e fault transport on the import path, and the figures file."""

from __future__ import annotations

import sys
from pathlib import Path

E2E = Path(__file__).resolve().parent.parent / "e2e"
if str(E2E) not in sys.path:
    sys.path.insert(0, str(E2E))  # engine_faults.FaultyNetwork is reused, not rewritten
