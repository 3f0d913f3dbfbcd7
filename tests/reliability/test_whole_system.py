"""Three phones in two groups and a ward staff member, at random, over a faulty network: when
things go quiet and every phone has synced, nothing is lost, nothing is twice, and every phone
holds its group exactly as the server has it, campaign expenses and their cancellations included,
and a citizen the ward erased is named nowhere (SQLite, and PostgreSQL with
SERVER_TEST_DB=postgres).

RELIABILITY_EXAMPLES sets how many cases, RELIABILITY_STEPS how many steps each takes at the
most; RELIABILITY_SEED draws the cases from that seed (scripts/reliability.sh draws and prints
one; the same seed gives the same cases). Without a seed the cases are fixed (CI)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis.stateful import get_state_machine_test
from reliability_figures import add
from whole_system import Figures, build_machine

EXAMPLES = int(os.environ.get("RELIABILITY_EXAMPLES", "8"))
STEPS = int(os.environ.get("RELIABILITY_STEPS", "30"))
SEED = os.environ.get("RELIABILITY_SEED")


@pytest.mark.slow
@pytest.mark.timeout(max(300, EXAMPLES * 90))
def test_phones_staff_and_a_bad_network_always_converge(live_server: Any) -> None:
    figures = Figures()
    machine = build_machine(live_server, figures)
    try:
        run = get_state_machine_test(machine, settings=settings(
            max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
            derandomize=SEED is None,
            phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck), database=None))
        (run if SEED is None else seed(int(SEED))(run))()
    finally:
        add("stateful", figures.counts, **{})
        add("faults", figures.faults)
