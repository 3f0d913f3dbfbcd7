"""The phone's expense lines: recorded offline, cancelled once with a reason, the sum spent
leaves out the cancelled line."""

from __future__ import annotations

from typing import Any

import pytest

from field_app.wire.money import parse_vnd


def test_an_expense_typed_as_people_write_it_is_cancelled_with_its_reason(store: Any) -> None:
    campaign = store.contributions.create_campaign(title="Lắp đèn đường ngõ 12")
    kept = store.expenses.record(campaign_id=campaign.id, amount_vnd=parse_vnd("3tr5"),
                                 purpose="Mua bóng đèn LED")
    wrong = store.expenses.record(campaign_id=campaign.id, amount_vnd=parse_vnd("500k"),
                                  purpose="Ghi nhầm")
    reversal = store.expenses.reverse(wrong.id, reason="Ghi nhầm số tiền")
    assert (reversal.entry_type, reversal.amount_vnd, reversal.note) == (
        "reversal", 500_000, "Ghi nhầm số tiền")
    assert store.expenses.spent(campaign.id) == 3_500_000 == kept.amount_vnd
    marks = {e.id: e.reversed_by for e in store.expenses.lines(campaign.id)}
    assert marks[wrong.id] == reversal.id and marks[kept.id] is None
    with store.db.reading() as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM outbox ORDER BY device_seq")]
    assert names[-3:] == ["expense.record", "expense.record", "expense.reverse"]


def test_an_expense_without_a_purpose_is_refused_before_it_is_queued(store: Any) -> None:
    campaign = store.contributions.create_campaign(title="Lắp đèn đường ngõ 12")
    with pytest.raises(ValueError):
        store.expenses.record(campaign_id=campaign.id, amount_vnd=1000, purpose="")
