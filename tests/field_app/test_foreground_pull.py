"""While a window of the app is in the foreground, the background loop pulls about every
minute (FIELD_APP_PULL_SECONDS), and back to the slow interval once none is shown."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import pytest

from field_app.sync.autosync import AutoSync, foreground_interval_from_env


class CountingEngine:
    """Just what AutoSync uses of the engine: counts syncs, always succeeding."""

    def __init__(self, wanted: int) -> None:
        self.store = SimpleNamespace(settings=SimpleNamespace(is_enrolled=True))
        self.status = SimpleNamespace(update=lambda **_: None)
        self.syncs = 0
        self.enough = threading.Event()
        self.wanted = wanted

    def rng(self) -> float:
        return 0.5

    def probe(self) -> bool:
        return True

    def sync_now(self) -> Any:
        self.syncs += 1
        if self.syncs >= self.wanted:
            self.enough.set()
        return SimpleNamespace(ok=True, error_code=None)


def test_a_shown_window_makes_the_loop_pull_often() -> None:
    engine = CountingEngine(wanted=4)
    loop = AutoSync(engine, interval=3600, foreground_interval=0.05)  # type: ignore[arg-type]
    assert loop._quiet_interval() == 3600
    loop.start()
    try:
        window = object()
        loop.set_foreground(window, True)
        assert loop.in_foreground and loop._quiet_interval() == 0.05
        # with the hour-long interval alone this would take four hours
        assert engine.enough.wait(30), f"only {engine.syncs} syncs"
        loop.set_foreground(window, False)
        assert not loop.in_foreground and loop._quiet_interval() == 3600
    finally:
        loop.stop()


def test_two_windows_keep_the_fast_pace_until_both_are_hidden() -> None:
    loop = AutoSync(CountingEngine(wanted=1), interval=300,  # type: ignore[arg-type]
                    foreground_interval=60)
    first, second = object(), object()
    loop.set_foreground(first, True)
    loop.set_foreground(second, True)
    loop.set_foreground(first, False)
    assert loop._quiet_interval() == 60
    loop.set_foreground(second, False)
    assert loop._quiet_interval() == 300


@pytest.mark.parametrize(("value", "seconds"), [("", 60.0), ("2", 2.0), ("abc", 60.0),
                                                ("0", 60.0)])
def test_the_interval_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str,
                                                 seconds: float) -> None:
    monkeypatch.setenv("FIELD_APP_PULL_SECONDS", value)
    assert foreground_interval_from_env() == seconds
