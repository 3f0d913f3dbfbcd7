"""Service layer: contribution campaigns and their append-only ledger (pledge, receipt, reversal).

Entries are immutable; a correction is a `reversal` pointing at the entry it cancels (at most
one per entry). Totals are sums, so they do not depend on the order entries arrive in.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import Session

from field_app.wire.mutations import (
    CampaignCreate,
    CampaignFields,
    CampaignUpdate,
    ContributionRecord,
    ContributionReverse,
)
from field_app.wire.records import INTEGER_KINDS, MAX_QUANTITY, ContributionKind
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import campaign_t, entry_t, group_t, household_t
from sync_server.services import ledger
from sync_server.services.changes import group_scope
from sync_server.services.context import WriteContext
from sync_server.services.outcome import Outcome
from sync_server.services.petitions import merge_patch
from sync_server.services.records import campaign_wire, entry_wire

ENTITY = "campaign"
ENTRY = "contribution_entry"
ENTRIES = ledger.Ledger(entry_t, ENTRY, E.ENTRY_NOT_FOUND, E.BAD_REVERSAL,
                       E.ENTRY_ALREADY_REVERSED)
FIELDS = tuple(CampaignFields.model_fields)


def quantity_text(kind: str, quantity: Decimal) -> str:
    """Money as whole đồng; other kinds as plain decimal strings."""
    kind_enum = ContributionKind(kind)
    if quantity > MAX_QUANTITY[kind_enum]:
        raise ApiProblem(E.VALIDATION, "Số lượng vượt quá giới hạn cho phép.")
    if kind_enum in INTEGER_KINDS:
        if quantity != quantity.to_integral_value():
            raise ApiProblem(E.VALIDATION, "Số tiền phải là số nguyên đồng.")
        return str(int(quantity))
    text = format(quantity.normalize(), "f")
    return text


def _target_json(target: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, qty in (target or {}).items():
        out[str(kind)] = int(Decimal(str(qty))) if kind == "money_vnd" else quantity_text(
            str(kind), Decimal(str(qty)))
    return out


def _storable(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in ("starts_on", "ends_on"):
        if isinstance(out.get(key), str):
            out[key] = date.fromisoformat(out[key])
    if "target" in out:
        out["target"] = _target_json(out["target"])
    if "unit_kinds" in out and out["unit_kinds"] is None:
        out["unit_kinds"] = ["money_vnd"]
    return out


def new_public_id() -> str:
    """The address of a campaign's public sheet: 96 random bits, nothing to guess from."""
    return secrets.token_urlsafe(12)


def ensure_public_id(session: Session, campaign_id: str) -> str:
    """The campaign's public id, made on first publication when it has none yet."""
    current = session.execute(select(campaign_t.c.public_id).where(
        campaign_t.c.id == campaign_id)).scalar()
    if current:
        return str(current)
    made = new_public_id()
    session.execute(update(campaign_t).where(campaign_t.c.id == campaign_id,
                                             campaign_t.c.public_id.is_(None))
                    .values(public_id=made))
    session.commit()
    return str(session.execute(select(campaign_t.c.public_id).where(
        campaign_t.c.id == campaign_id)).scalar())


def group_of(session: Session, campaign_id: str, ward_id: str) -> str:
    """The campaign's group, or 404 outside the ward."""
    gid = session.execute(select(campaign_t.c.group_id).join(
        group_t, group_t.c.id == campaign_t.c.group_id).where(
        campaign_t.c.id == campaign_id, group_t.c.ward_id == ward_id)).scalar()
    if gid is None:
        raise ApiProblem(E.CAMPAIGN_NOT_FOUND)
    return str(gid)


def entry_campaign(session: Session, entry_id: str) -> str | None:
    return session.execute(select(entry_t.c.campaign_id).where(entry_t.c.id == entry_id)).scalar()


def load(ctx: WriteContext, campaign_id: str) -> Any:
    """The campaign in the writer's group (device) or ward (staff: its scope is locked first)."""
    if ctx.group_id is None:
        ctx.clock.lock(group_scope(group_of(ctx.session, campaign_id, ctx.ward_id)))
    q = select(campaign_t).join(group_t, group_t.c.id == campaign_t.c.group_id).where(
        campaign_t.c.id == campaign_id, group_t.c.ward_id == ctx.ward_id)
    if ctx.group_id:
        q = q.where(campaign_t.c.group_id == ctx.group_id)
    row = ctx.session.execute(q).first()
    if row is None:
        raise ApiProblem(E.CAMPAIGN_NOT_FOUND)
    return row


def create(ctx: WriteContext, args: CampaignCreate, *, group_id: str | None = None) -> Outcome:
    gid = ctx.group_id or group_id
    assert gid is not None
    ctx.clock.lock(group_scope(gid))
    cid = str(args.id)
    if ctx.session.execute(select(campaign_t.c.id).where(campaign_t.c.id == cid)).first():
        raise ApiProblem(E.RECORD_EXISTS)
    version = ctx.group_change(ENTITY, cid, gid, new=True)
    values = _storable(args.model_dump(mode="json", exclude={"id"}))
    values = {k: v for k, v in values.items() if v is not None}
    values.setdefault("unit_kinds", ["money_vnd"])
    values.setdefault("target", {})
    ctx.session.execute(insert(campaign_t).values(
        id=cid, group_id=gid, **values, public_id=new_public_id(), version=version,
        field_versions={f: version for f in FIELDS},
        field_writers=dict.fromkeys(FIELDS, ctx.writer), created_at=ctx.now, updated_at=ctx.now))
    return Outcome(entity=ENTITY, id=cid, version=version)


def update_fields(ctx: WriteContext, args: CampaignUpdate, base_version: int | None) -> Outcome:
    row = load(ctx, str(args.id))
    base = args.base_version if args.base_version is not None else base_version
    version = ctx.group_change(ENTITY, row.id, row.group_id)
    patch = args.patch()
    if "target" in patch:
        patch["target"] = _target_json(patch["target"])
    merge = merge_patch(ctx, current=campaign_wire(row), row=row, patch=patch,
                        base_version=base, version=version)
    ctx.session.execute(update(campaign_t).where(campaign_t.c.id == row.id).values(
        **_storable(merge.changes), field_versions=merge.versions,
        field_writers=merge.writers, version=version, updated_at=ctx.now))
    return Outcome(entity=ENTITY, id=row.id, version=version, conflict_fields=merge.conflicts)


def record_entry(ctx: WriteContext, args: ContributionRecord) -> Outcome:
    campaign = load(ctx, str(args.campaign_id))
    eid = str(args.id)
    if ledger.exists(ctx, ENTRIES, eid):
        raise ApiProblem(E.RECORD_EXISTS)
    household = ctx.session.execute(select(household_t.c.id).where(
        household_t.c.id == str(args.household_id),
        household_t.c.group_id == campaign.group_id)).first()
    if household is None:
        raise ApiProblem(E.HOUSEHOLD_NOT_FOUND)
    kind = str(args.kind)
    quantity = quantity_text(kind, args.quantity)
    version = ctx.group_change(ENTRY, eid, campaign.group_id, new=True)
    ctx.session.execute(insert(entry_t).values(
        id=eid, campaign_id=campaign.id, group_id=campaign.group_id,
        household_id=str(args.household_id), entry_type=args.entry_type, kind=kind,
        quantity=quantity, recorded_on=args.recorded_on, collector=args.collector,
        receipt_no=args.receipt_no, note=args.note, version=version, created_at=ctx.now))
    return Outcome(entity=ENTRY, id=eid, version=version)


def reverse_entry(ctx: WriteContext, args: ContributionReverse) -> Outcome:
    """Cancel one pledge or receipt (the same household, kind and quantity)."""
    return ledger.reverse(ctx, ENTRIES, reverses_id=str(args.reverses_id), new_id=str(args.id),
                          copied=lambda original: {
                              "household_id": original.household_id, "kind": original.kind,
                              "quantity": original.quantity, "recorded_on": args.recorded_on,
                              "collector": args.collector, "receipt_no": None,
                              "note": args.note})


def _num(kind: str, value: Decimal) -> int | str:
    return int(value) if kind == "money_vnd" else format(value.normalize(), "f")


def summary(session: Session, campaign_id: str, ward_id: str) -> dict[str, Any]:
    """The campaign with totals per kind {pledged, received, target} and per-household balances."""
    row = session.execute(select(campaign_t).join(group_t, group_t.c.id == campaign_t.c.group_id)
                          .where(campaign_t.c.id == campaign_id, group_t.c.ward_id == ward_id)
                          ).first()
    if row is None:
        raise ApiProblem(E.CAMPAIGN_NOT_FOUND)
    entries = session.execute(select(entry_t).where(entry_t.c.campaign_id == campaign_id)
                              .order_by(entry_t.c.recorded_on, entry_t.c.created_at)).all()
    by_id = {e.id: e for e in entries}
    zero = Decimal(0)
    totals: dict[str, dict[str, Decimal]] = {}
    per_household: dict[str, dict[str, dict[str, Decimal]]] = {}
    for e in entries:
        effective = by_id[e.reverses_id].entry_type if e.entry_type == "reversal" and \
            e.reverses_id in by_id else e.entry_type
        sign = -1 if e.entry_type == "reversal" else 1
        bucket = "pledged" if effective == "pledge" else "received"
        qty = Decimal(e.quantity) * sign
        t = totals.setdefault(e.kind, {"pledged": zero, "received": zero})
        t[bucket] += qty
        h = per_household.setdefault(e.household_id, {}).setdefault(
            e.kind, {"pledged": zero, "received": zero})
        h[bucket] += qty
    target = dict(row.target or {})
    kinds = list(dict.fromkeys([*list(row.unit_kinds or []), *target.keys(), *totals.keys()]))
    names = dict(session.execute(select(household_t.c.id, household_t.c.head_name).where(
        household_t.c.group_id == row.group_id)).all())
    return {
        **campaign_wire(row),
        "totals": {k: {"pledged": _num(k, totals.get(k, {}).get("pledged", zero)),
                       "received": _num(k, totals.get(k, {}).get("received", zero)),
                       "target": target.get(k)} for k in kinds},
        "households": [
            {"household_id": hid, "head_name": names.get(hid, ""),
             "kinds": {k: {"pledged": _num(k, v["pledged"]), "received": _num(k, v["received"]),
                           "balance": _num(k, v["pledged"] - v["received"])}
                       for k, v in kinds_map.items()}}
            for hid, kinds_map in sorted(per_household.items(),
                                         key=lambda item: names.get(item[0], ""))
        ],
        "entries": [entry_wire(e) for e in entries],
    }


def list_campaigns(session: Session, *, ward_id: str, group_id: str | None = None
                   ) -> list[dict[str, Any]]:
    q = select(campaign_t).join(group_t, group_t.c.id == campaign_t.c.group_id).where(
        group_t.c.ward_id == ward_id)
    if group_id:
        q = q.where(campaign_t.c.group_id == group_id)
    return [campaign_wire(r) for r in session.execute(q.order_by(campaign_t.c.created_at)).all()]

