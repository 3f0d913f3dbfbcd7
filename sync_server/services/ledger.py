"""Service layer: cancelling a line of an append-only ledger of a group (a contribution entry,
a campaign expense) by a `reversal` line that points at it.

Lines are never edited: a mistake is cancelled by one reversal, at most one per line, and a
reversal is never itself cancelled. A device cancels lines of its own group; staff lines of
their ward, after locking the line's group (as every writer does).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert, select

from sync_server.errors import ApiProblem, E
from sync_server.models.tables import group_t
from sync_server.services.changes import group_scope
from sync_server.services.context import WriteContext
from sync_server.services.outcome import Outcome


@dataclass(frozen=True)
class Ledger:
    """One ledger table and the problems its reversals answer with."""

    table: Table
    entity: str
    not_found: E
    bad_reversal: E
    already_reversed: E


def exists(ctx: WriteContext, ledger: Ledger, line_id: str) -> bool:
    table = ledger.table
    return ctx.session.execute(select(table.c.id).where(table.c.id == line_id)
                               ).first() is not None


def reverse(ctx: WriteContext, ledger: Ledger, *, reverses_id: str, new_id: str,
            copied: Callable[[Any], Mapping[str, Any]]) -> Outcome:
    """Write the reversal `new_id` of line `reverses_id`; `copied(original)` gives the
    columns of the reversal that its ledger takes from the line (amount, date, note...)."""
    table = ledger.table
    if ctx.group_id is None:  # staff: lock the line's group first
        gid = ctx.session.execute(select(table.c.group_id).where(
            table.c.id == reverses_id)).scalar()
        if gid is not None:
            ctx.clock.lock(group_scope(gid))
    q = select(table).join(group_t, group_t.c.id == table.c.group_id).where(
        table.c.id == reverses_id, group_t.c.ward_id == ctx.ward_id)
    if ctx.group_id:
        q = q.where(table.c.group_id == ctx.group_id)
    original = ctx.session.execute(q).first()
    if original is None:
        raise ApiProblem(ledger.not_found)
    if original.entry_type == "reversal":
        raise ApiProblem(ledger.bad_reversal, "Không thể hủy một dòng hủy.")
    if ctx.session.execute(select(table.c.id).where(table.c.reverses_id == original.id)
                           ).first():
        raise ApiProblem(ledger.already_reversed)
    if exists(ctx, ledger, new_id):
        raise ApiProblem(E.RECORD_EXISTS)
    version = ctx.group_change(ledger.entity, new_id, original.group_id, new=True)
    ctx.session.execute(insert(table).values(
        id=new_id, campaign_id=original.campaign_id, group_id=original.group_id,
        entry_type="reversal", reverses_id=original.id, version=version, created_at=ctx.now,
        **copied(original)))
    return Outcome(entity=ledger.entity, id=new_id, version=version)
