"""The "Lấy vị trí" button: a position with its accuracy, or a sentence saying why not
(location off, not allowed, no GPS in this build), asked in the order Android wants."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from loops import run_in_own_loop

from field_app.i18n import Translator
from field_app.ui.location import Fix, LocationProblem, describe, locate


@dataclass
class Position:
    latitude: float | None = 21.02851
    longitude: float | None = 105.85420
    accuracy: float | None = 12.4


@dataclass
class FakeLocator:
    """What flet_geolocator.Geolocator answers, as plain values."""

    enabled: bool = True
    status: str = "whileInUse"
    asked: str = "whileInUse"
    position: Position | Exception = field(default_factory=Position)
    calls: list[str] = field(default_factory=list)

    async def is_location_service_enabled(self) -> bool:
        self.calls.append("enabled")
        return self.enabled

    async def get_permission_status(self) -> str:
        self.calls.append("status")
        return self.status

    async def request_permission(self) -> str:
        self.calls.append("request")
        return self.asked

    async def get_current_position(self) -> Any:
        self.calls.append("position")
        if isinstance(self.position, Exception):
            raise self.position
        return self.position


def _run(locator: Any) -> Fix:
    return run_in_own_loop(locate(locator))


def test_a_fix_comes_with_its_accuracy() -> None:
    locator = FakeLocator()
    assert _run(locator) == Fix(21.02851, 105.85420, 12.4)
    assert locator.calls == ["enabled", "status", "position"]


def test_permission_is_asked_once_when_not_yet_given() -> None:
    locator = FakeLocator(status="denied", asked="whileInUse")
    assert _run(locator).lat == pytest.approx(21.02851)
    assert locator.calls == ["enabled", "status", "request", "position"]


@pytest.mark.parametrize("locator, reason", [
    (None, "unavailable"),
    (FakeLocator(enabled=False), "off"),
    (FakeLocator(status="denied", asked="denied"), "refused"),
    (FakeLocator(status="deniedForever"), "refused"),
    (FakeLocator(position=TimeoutError("no fix")), "unavailable"),
    (FakeLocator(position=Position(latitude=None)), "unavailable"),
    (FakeLocator(position=Position(latitude=123.0)), "unavailable"),
])
def test_no_position_says_why(locator: Any, reason: str) -> None:
    with pytest.raises(LocationProblem) as problem:
        _run(locator)
    assert problem.value.reason == reason
    if isinstance(locator, FakeLocator) and reason in ("off", "refused"):
        assert "position" not in locator.calls


def test_the_line_under_the_button_in_vietnamese() -> None:
    t = Translator("vi")
    assert describe(t, Fix(21.02851, 105.8542, 12.4)) == \
        "Vị trí GPS: 21.02851, 105.85420 · Sai số khoảng 12 m"
    rough = describe(t, Fix(21.0, 105.8, 250.0))
    assert "Vị trí chưa chính xác (sai số khoảng 250 m)" in rough
    assert describe(t, Fix(21.0, 105.8, None)) == "Vị trí GPS: 21.00000, 105.80000"
    for key in ("pform.gps_off", "pform.gps_refused", "pform.gps_unavailable"):
        assert "ghi địa điểm bằng chữ" in t(key)
