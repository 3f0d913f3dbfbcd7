"""Store layer: what a campaign's money was spent on (campaign_expense), kept on the phone.

Expense lines are never edited: a mistake is cancelled with a reversal line ("Hủy khoản
ghi", with the reason) pointing at it. The money spent and the balance leave out
cancelled lines and lines the server refused, whatever order they arrived in.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from field_app.store import tables
from field_app.store.db import Database
from field_app.store.errors import RecordNotFound
from field_app.store.records import CampaignExpenseRow
from field_app.store.writer import LocalWriter
from field_app.wire.formats import today_vn
from field_app.wire.protocol import MutationName as M


class ExpenseRepository:
    """A campaign's expenses: record, reverse, list, the sum spent."""

    def __init__(self, db: Database, writer: LocalWriter) -> None:
        self._db = db
        self._writer = writer

    def record(self, *, campaign_id: str, amount_vnd: int, purpose: str,
               spent_on: date | None = None, payee: str | None = None,
               receipt_no: str | None = None, attachments: list[str] | None = None,
               expense_id: str | None = None) -> CampaignExpenseRow:
        """Write what some of the campaign's money was spent on."""
        args: dict[str, Any] = {
            "id": expense_id or str(uuid.uuid4()), "campaign_id": campaign_id,
            "spent_on": spent_on or today_vn(), "amount_vnd": amount_vnd, "purpose": purpose,
            "payee": payee or None, "receipt_no": receipt_no or None,
            "attachments": attachments or [],
        }
        return self._or_fail(self._writer.write(M.EXPENSE_RECORD, args))

    def reverse(self, expense_id: str, *, reason: str,
                spent_on: date | None = None) -> CampaignExpenseRow:
        """Cancel an expense with a reversal line and its reason (the expense stays)."""
        self._or_fail(expense_id)
        args: dict[str, Any] = {"id": str(uuid.uuid4()), "reverses_id": expense_id,
                                "spent_on": spent_on or today_vn(), "note": reason}
        return self._or_fail(self._writer.write(M.EXPENSE_REVERSE, args))

    def lines(self, campaign_id: str) -> list[CampaignExpenseRow]:
        """Every line of the campaign (expenses and reversals), by date, each expense
        marked with the reversal that cancels it."""
        with self._db.reading() as conn:
            rows: list[CampaignExpenseRow] = tables.select_rows(
                conn, "campaign_expense", where="campaign_id = ?", params=(campaign_id,),
                order="spent_on, id")
        reversed_by = {r.reverses_id: r.id for r in rows
                       if r.reverses_id and r.sync_state != "rejected"}
        return [r.model_copy(update={"reversed_by": reversed_by.get(r.id)}) for r in rows]

    def spent(self, campaign_id: str) -> int:
        """The money spent: expenses no reversal cancels, lines the server refused left out."""
        lines = [r for r in self.lines(campaign_id) if r.sync_state != "rejected"]
        return sum(r.amount_vnd for r in lines
                   if r.entry_type == "expense" and r.reversed_by is None)

    def _or_fail(self, expense_id: str) -> CampaignExpenseRow:
        with self._db.reading() as conn:
            rows = tables.select_rows(conn, "campaign_expense", where="id = ?",
                                      params=(expense_id,))
        if not rows:
            raise RecordNotFound("campaign_expense", expense_id)
        row: CampaignExpenseRow = rows[0]
        return row
