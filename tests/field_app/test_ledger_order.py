"""A campaign's totals do not depend on the order in which ledger lines reach the phone."""

from __future__ import annotations

import random
import tempfile
import uuid
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from phone_pages import GROUP, page

from field_app.store import LocalStore
from field_app.wire.protocol import Change

CAMPAIGN = str(uuid.UUID(int=1))
HOUSEHOLDS = [str(uuid.UUID(int=100 + n)) for n in range(3)]

lines = st.lists(st.tuples(st.sampled_from(HOUSEHOLDS), st.sampled_from(["pledge", "receipt"]),
                           st.integers(min_value=1, max_value=20_000_000), st.booleans()),
                 min_size=1, max_size=12)


def ledger_changes(drawn: list[tuple[str, str, int, bool]]) -> list[Change]:
    changes = []
    for n, (household, entry_type, amount, reversed_) in enumerate(drawn):
        eid = str(uuid.UUID(int=1000 + n))
        base = {"campaign_id": CAMPAIGN, "household_id": household, "kind": "money_vnd",
                "recorded_on": "2026-11-20", "group_id": GROUP}
        changes.append(Change(entity="contribution_entry", id=eid, op="upsert", version=n + 2,
                              data={**base, "id": eid, "entry_type": entry_type,
                                    "quantity": str(amount)}))
        if reversed_:
            rid = str(uuid.UUID(int=5000 + n))
            changes.append(Change(entity="contribution_entry", id=rid, op="upsert",
                                  version=n + 500, data={**base, "id": rid,
                                                         "entry_type": "reversal",
                                                         "quantity": str(amount),
                                                         "reverses_id": eid}))
    return changes


def totals_after(changes: list[Change]) -> tuple[Decimal, Decimal, list[tuple[str, Decimal]]]:
    with tempfile.TemporaryDirectory() as tmp:
        store = LocalStore.open(Path(tmp))
        campaign = Change(entity="campaign", id=CAMPAIGN, op="upsert", version=1, data={
            "id": CAMPAIGN, "group_id": GROUP, "title": "Bê tông hóa",
            "target": {"money_vnd": 100_000_000}})
        store.replica.apply_page(page(campaign, *changes))
        money = store.contributions.totals(CAMPAIGN)["money_vnd"]
        balances = [(b.household_id, b.outstanding)
                    for b in store.contributions.household_balances(CAMPAIGN)]
        store.close()
        return money.pledged, money.received, balances


@settings(max_examples=25, deadline=None)
@given(drawn=lines, seed=st.randoms(use_true_random=False))
def test_totals_are_the_same_whatever_the_arrival_order(drawn: list[tuple[str, str, int, bool]],
                                                        seed: random.Random) -> None:
    changes = ledger_changes(drawn)
    shuffled = list(changes)
    seed.shuffle(shuffled)
    assert totals_after(changes) == totals_after(shuffled)
    pledged, received, _ = totals_after(changes)
    assert pledged == sum(a for _, t, a, r in drawn if t == "pledge" and not r)
    assert received == sum(a for _, t, a, r in drawn if t == "receipt" and not r)
