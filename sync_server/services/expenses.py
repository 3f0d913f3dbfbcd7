"""Service layer: what a campaign's money was spent on (campaign_expense), append-only.

Lines are never edited: a mistake is cancelled by a `reversal` line pointing at the expense
("Hủy khoản ghi", with its reason), at most one per expense. The group leader records them
from the phone (`expense.record`, `expense.reverse`), staff from the console; both travel
to the group's phones by pull. The balance is what was paid in money less what was spent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session

from field_app.wire.mutations import ExpenseRecord, ExpenseReverse
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import expense_t
from sync_server.services import campaigns, ledger
from sync_server.services.context import WriteContext
from sync_server.services.outcome import Outcome

ENTITY = "campaign_expense"
EXPENSES = ledger.Ledger(expense_t, ENTITY, E.EXPENSE_NOT_FOUND, E.BAD_EXPENSE_REVERSAL,
                         E.EXPENSE_ALREADY_REVERSED)


def record(ctx: WriteContext, args: ExpenseRecord) -> Outcome:
    """A new expense line of a campaign in the writer's group (device) or ward (staff)."""
    campaign = campaigns.load(ctx, str(args.campaign_id))
    eid = str(args.id)
    if ledger.exists(ctx, EXPENSES, eid):
        raise ApiProblem(E.RECORD_EXISTS)
    version = ctx.group_change(ENTITY, eid, campaign.group_id, new=True)
    ctx.session.execute(insert(expense_t).values(
        id=eid, campaign_id=campaign.id, group_id=campaign.group_id, entry_type="expense",
        spent_on=args.spent_on, amount_vnd=args.amount_vnd, purpose=args.purpose,
        payee=args.payee or None, receipt_no=args.receipt_no or None,
        attachments=list(args.attachments), reverses_id=None, note=None,
        recorded_by=ctx.actor, version=version, created_at=ctx.now))
    return Outcome(entity=ENTITY, id=eid, version=version)


def reverse(ctx: WriteContext, args: ExpenseReverse) -> Outcome:
    """Cancel one expense with its reason; never a reversal, never twice."""
    return ledger.reverse(ctx, EXPENSES, reverses_id=str(args.reverses_id), new_id=str(args.id),
                          copied=lambda original: {
                              "spent_on": args.spent_on, "amount_vnd": original.amount_vnd,
                              "purpose": original.purpose, "payee": None, "receipt_no": None,
                              "attachments": [], "note": args.note,
                              "recorded_by": ctx.actor})


@dataclass(frozen=True)
class Expense:
    """An expense still standing (no reversal cancels it), as a public sheet lists it."""

    spent_on: date
    amount_vnd: int
    purpose: str
    payee: str | None
    receipt_no: str | None


def standing(session: Session, campaign_id: str) -> list[Expense]:
    """The campaign's expenses that no reversal cancels, by date."""
    rows = session.execute(select(expense_t).where(expense_t.c.campaign_id == campaign_id)
                           .order_by(expense_t.c.spent_on, expense_t.c.created_at)).all()
    cancelled = {r.reverses_id for r in rows if r.entry_type == "reversal"}
    return [Expense(r.spent_on, int(r.amount_vnd), r.purpose, r.payee, r.receipt_no)
            for r in rows if r.entry_type == "expense" and r.id not in cancelled]


def lines(session: Session, campaign_id: str) -> list[dict[str, Any]]:
    """Every line of the campaign (expenses and reversals), newest first, for the console."""
    from sync_server.services.records import expense_wire

    rows = session.execute(select(expense_t).where(expense_t.c.campaign_id == campaign_id)
                           .order_by(expense_t.c.created_at.desc())).all()
    reversed_by = {r.reverses_id: r.id for r in rows if r.reverses_id}
    return [{**expense_wire(r), "reversed_by": reversed_by.get(r.id)} for r in rows]
