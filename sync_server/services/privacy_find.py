"""Service layer: finding everything the ward holds about one person (by phone or name,
diacritics-insensitive) across petitions, households, contribution lines and meetings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from field_app.wire.text import fold, like_pattern
from sync_server.models.tables import (
    dialogue_t,
    entry_t,
    group_t,
    household_t,
    petition_t,
)
from sync_server.services.records import (
    dialogue_wire,
    entry_wire,
    household_wire,
    petition_wire,
)

MIN_PHONE_DIGITS = 6  # fewer digits than this is a name (or nothing), not a phone number


@dataclass
class Holdings:
    """What the ward holds about a person: wire records of each kind (erased ones included)."""

    query: str
    petitions: list[dict[str, Any]] = field(default_factory=list)
    households: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    dialogues: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.petitions or self.households or self.entries or self.dialogues)

    def as_json(self) -> dict[str, Any]:
        return {"query": self.query, "petitions": self.petitions,
                "households": self.households, "contribution_entries": self.entries,
                "dialogue_sessions": self.dialogues}


def digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


@dataclass(frozen=True)
class PersonQuery:
    """A phone number (its digits) or a name (folded words, matched as whole words)."""

    phone: str | None
    name: str | None

    @classmethod
    def parse(cls, text: str) -> PersonQuery:
        number = digits(text)
        if len(number) >= MIN_PHONE_DIGITS and not re.search(r"[^\d\s+().-]", text):
            return cls(phone=number, name=None)
        folded = fold(text).strip()
        return cls(phone=None, name=folded or None)

    def matches_phone(self, value: str | None) -> bool:
        # the last nine digits: 0912 345 678 and +84 912 345 678 are the same number
        return bool(self.phone and value and digits(value)[-9:] == self.phone[-9:])

    def matches_name(self, value: str | None) -> bool:
        if not self.name or not value:
            return False
        return re.search(rf"(?<!\w){re.escape(self.name)}(?!\w)", fold(value)) is not None


def find_person(session: Session, *, ward_id: str, text: str) -> Holdings:
    """Every record of the ward about the person named or called by `text`."""
    who = PersonQuery.parse(text)
    found = Holdings(query=text.strip())
    if who.phone is None and who.name is None:
        return found
    households = _households(session, ward_id, who)
    household_ids = {h["id"] for h in households}
    found.households = households
    found.petitions = _petitions(session, ward_id, who, household_ids)
    if household_ids:
        rows = session.execute(select(entry_t).join(group_t, group_t.c.id == entry_t.c.group_id)
                               .where(group_t.c.ward_id == ward_id,
                                      entry_t.c.household_id.in_(household_ids))
                               .order_by(entry_t.c.recorded_on)).all()
        found.entries = [entry_wire(r) for r in rows]
    if who.name:
        rows = session.execute(select(dialogue_t).where(dialogue_t.c.ward_id == ward_id)
                               .order_by(dialogue_t.c.scheduled_on)).all()
        found.dialogues = [dialogue_wire(r) for r in rows
                           if any(who.matches_name(a) for a in (r.attendees or []))]
    return found


def _households(session: Session, ward_id: str, who: PersonQuery) -> list[dict[str, Any]]:
    q = (select(household_t).join(group_t, group_t.c.id == household_t.c.group_id)
         .where(group_t.c.ward_id == ward_id, household_t.c.deleted.is_(False)))
    if who.phone:
        q = q.where(household_t.c.phone.is_not(None))
    else:
        q = q.where(household_t.c.search_text.like(like_pattern(who.name or ""), escape="\\"))
    return [household_wire(r) for r in session.execute(q).all()
            if who.matches_phone(r.phone) or who.matches_name(r.head_name)]


def _petitions(session: Session, ward_id: str, who: PersonQuery,
               household_ids: set[str]) -> list[dict[str, Any]]:
    q = select(petition_t).where(petition_t.c.ward_id == ward_id)
    if who.phone:
        q = q.where(petition_t.c.citizen_phone.is_not(None))
    else:
        q = q.where(petition_t.c.search_text.like(like_pattern(who.name or ""), escape="\\"))
    rows = session.execute(q).all()
    out = {r.id: petition_wire(r) for r in rows
           if who.matches_phone(r.citizen_phone) or who.matches_name(r.citizen_name)}
    if household_ids:
        linked = session.execute(select(petition_t).where(
            petition_t.c.ward_id == ward_id,
            petition_t.c.household_id.in_(household_ids))).all()
        out.update({r.id: petition_wire(r) for r in linked})
    return sorted(out.values(), key=lambda p: p["created_at"] or "")
