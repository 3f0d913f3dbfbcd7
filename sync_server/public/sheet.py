"""Public layer: a campaign's public sheet (Bảng công khai các khoản đóng góp), by public id.

What leaves: the ward and group names, the campaign's title, purpose and dates, the
expected total, pledged / paid / still due per kind, each household's own figures under
its head's name only where the household agreed (`publish_name`), under its household
code otherwise, the expenses that stand (date, what for, amount, receipt number) and the
balance (money paid less money spent). Never an address, a phone, a payee or a note: they
are not even read from the database here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from field_app.wire.household_code import household_code
from field_app.wire.text import vn_sort_key
from sync_server.models.tables import campaign_t, entry_t, group_t, household_t, ward_t
from sync_server.services import expenses

ZERO = Decimal(0)
MONEY = "money_vnd"


@dataclass(frozen=True)
class KindLine:
    kind: str
    target: Decimal | None
    pledged: Decimal
    paid: Decimal
    due: Decimal


@dataclass(frozen=True)
class HouseholdFigures:
    label: str  # the head's name (agreed) or the household code
    named: bool
    pledged: dict[str, Decimal] = field(default_factory=dict)
    paid: dict[str, Decimal] = field(default_factory=dict)
    due: dict[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class PublicSheet:
    public_id: str
    ward: str
    group: str
    title: str
    purpose: str
    starts_on: date | None
    ends_on: date | None
    kinds: list[str]
    totals: list[KindLine]
    households: list[HouseholdFigures]
    expenses: list[expenses.Expense]
    spent: int
    paid_money: int

    @property
    def balance(self) -> int:
        """Money paid in less money spent (negative: spent more than was paid)."""
        return self.paid_money - self.spent

    def as_json(self) -> dict[str, Any]:
        def num(kind: str, value: Decimal | None) -> int | str | None:
            if value is None:
                return None
            return int(value) if kind == MONEY else format(value.normalize(), "f")

        return {
            "public_id": self.public_id, "ward": self.ward, "group": self.group,
            "title": self.title, "purpose": self.purpose,
            "starts_on": self.starts_on.isoformat() if self.starts_on else None,
            "ends_on": self.ends_on.isoformat() if self.ends_on else None,
            "totals": [{"kind": t.kind, "target": num(t.kind, t.target),
                        "pledged": num(t.kind, t.pledged), "paid": num(t.kind, t.paid),
                        "due": num(t.kind, t.due)} for t in self.totals],
            "households": [{"label": h.label, "named": h.named,
                            "kinds": {k: {"pledged": num(k, h.pledged.get(k, ZERO)),
                                          "paid": num(k, h.paid.get(k, ZERO)),
                                          "due": num(k, h.due.get(k, ZERO))}
                                      for k in self.kinds}} for h in self.households],
            "expenses": [{"spent_on": e.spent_on.isoformat(), "purpose": e.purpose,
                          "amount_vnd": e.amount_vnd, "receipt_no": e.receipt_no}
                         for e in self.expenses],
            "spent_vnd": self.spent, "paid_vnd": self.paid_money, "balance_vnd": self.balance,
        }


def find_sheet(session: Session, public_id: str) -> PublicSheet | None:
    """The sheet of the campaign with this public id, or None (whatever the reason)."""
    if not public_id or len(public_id) > 32:
        return None
    row = session.execute(
        select(campaign_t.c.id, campaign_t.c.group_id, campaign_t.c.title, campaign_t.c.purpose,
               campaign_t.c.unit_kinds, campaign_t.c.target, campaign_t.c.starts_on,
               campaign_t.c.ends_on, group_t.c.name.label("group_name"),
               ward_t.c.name.label("ward_name"))
        .join(group_t, group_t.c.id == campaign_t.c.group_id)
        .join(ward_t, ward_t.c.id == group_t.c.ward_id)
        .where(campaign_t.c.public_id == public_id)).first()
    if row is None:
        return None
    entries = session.execute(select(
        entry_t.c.id, entry_t.c.household_id, entry_t.c.entry_type, entry_t.c.kind,
        entry_t.c.quantity, entry_t.c.reverses_id).where(entry_t.c.campaign_id == row.id)).all()
    cancelled = {e.reverses_id for e in entries if e.entry_type == "reversal"}
    pledged: dict[str, dict[str, Decimal]] = {}
    paid: dict[str, dict[str, Decimal]] = {}
    for e in entries:
        if e.entry_type == "reversal" or e.id in cancelled:
            continue
        into = pledged if e.entry_type == "pledge" else paid
        per = into.setdefault(e.household_id, {})
        per[e.kind] = per.get(e.kind, ZERO) + Decimal(e.quantity)
    target = {str(k): Decimal(str(v)) for k, v in (row.target or {}).items()}
    kinds = list(dict.fromkeys([*(row.unit_kinds or [MONEY]), *target,
                                *(k for per in (*pledged.values(), *paid.values()) for k in per)]))
    people = {h.id: h for h in session.execute(select(
        household_t.c.id, household_t.c.head_name, household_t.c.publish_name,
        household_t.c.erased_at).where(household_t.c.group_id == row.group_id)).all()}
    households = []
    for hid in set(pledged) | set(paid):
        person = people.get(hid)
        named = bool(person and person.publish_name and person.erased_at is None
                     and person.head_name)
        p, r = pledged.get(hid, {}), paid.get(hid, {})
        households.append(HouseholdFigures(
            label=person.head_name if named and person else household_code(hid), named=named,
            pledged=p, paid=r, due={k: max(ZERO, p.get(k, ZERO) - r.get(k, ZERO)) for k in kinds}))
    households.sort(key=lambda h: (not h.named, vn_sort_key(h.label), h.label))
    totals = [KindLine(
        kind=k, target=target.get(k),
        pledged=sum((h.pledged.get(k, ZERO) for h in households), ZERO),
        paid=sum((h.paid.get(k, ZERO) for h in households), ZERO),
        due=sum((h.due.get(k, ZERO) for h in households), ZERO)) for k in kinds]
    standing = expenses.standing(session, row.id)
    paid_money = next((int(t.paid) for t in totals if t.kind == MONEY), 0)
    return PublicSheet(
        public_id=public_id, ward=row.ward_name, group=row.group_name, title=row.title,
        purpose=row.purpose or "", starts_on=row.starts_on, ends_on=row.ends_on, kinds=kinds,
        totals=totals, households=households, expenses=standing,
        spent=sum(e.amount_vnd for e in standing), paid_money=paid_money)
