"""Fixtures for the phone's store: a fresh data directory and store per test, and a way to
feed it pages as the server would send them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from phone_pages import GROUP

from field_app.store import LocalStore
from field_app.store.settings import Enrollment


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    """An enrolled phone's store (no server needed for these tests)."""
    s = LocalStore.open(tmp_path / "phone")
    s.settings.save_enrollment(Enrollment(
        server_url="http://127.0.0.1:9", device_id="dev-1", token="t", group_id=GROUP,
        group_name="Tổ dân phố 5", ward_id="w", ward_name="Phường Quỳnh Xuân",
        device_name="Máy tổ trưởng"))
    yield s
    s.close()
