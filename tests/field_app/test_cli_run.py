"""`field-app run` hands the screens their options and data directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import field_app.main
from field_app.cli import main
from field_app.store import default_data_dir


def test_run_passes_web_port_and_the_data_dir_to_the_screens(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[dict[str, Any]] = []
    monkeypatch.delenv("FIELD_APP_DATA_DIR", raising=False)
    monkeypatch.setattr(field_app.main, "run",
                        lambda **options: started.append(options))  # the screens are not
    # under test here; their own browser tests start them for real
    assert main(["run", "--web", "--port", "8123", "--data-dir", str(tmp_path)]) == 0
    assert started == [{"web": True, "port": 8123}]
    assert default_data_dir() == tmp_path.resolve()
    assert main(["--web"]) == 0
    assert started[-1] == {"web": True, "port": None}
