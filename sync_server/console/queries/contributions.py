"""Console layer: each group's campaigns, totals per kind, and household balances.

Totals follow the ledger's rule: a reversal cancels the entry it points at, whatever
order the lines arrived in, so totals are order-independent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from field_app.wire.text import vn_natural_key, vn_sort_key
from sync_server.models.tables import campaign_t, entry_t, group_t, household_t
from sync_server.reports.data import CampaignReceipts, HouseholdLine, TransparencyData


@dataclass
class CampaignSummary:
    id: str
    title: str
    group_id: str
    group_name: str
    kinds: list[str]
    target: dict[str, Decimal]
    pledged: dict[str, Decimal] = field(default_factory=dict)
    received: dict[str, Decimal] = field(default_factory=dict)
    suggested_per_household: int | None = None
    purpose: str = ""
    starts_on: date | None = None
    ends_on: date | None = None


def _live_entries(session: Session, campaign_ids: list[str]) -> list[Any]:
    """Pledges and receipts that no reversal cancels."""
    if not campaign_ids:
        return []
    rows = session.execute(select(entry_t).where(entry_t.c.campaign_id.in_(campaign_ids))).all()
    reversed_ids = {r.reverses_id for r in rows if r.entry_type == "reversal" and r.reverses_id}
    return [r for r in rows if r.entry_type != "reversal" and r.id not in reversed_ids]


def _add(totals: dict[str, Decimal], kind: str, quantity: str) -> None:
    totals[kind] = totals.get(kind, Decimal(0)) + Decimal(quantity)


def ward_campaigns(session: Session, *, ward_id: str) -> list[CampaignSummary]:
    rows = session.execute(
        select(campaign_t, group_t.c.name.label("group_name"))
        .join(group_t, group_t.c.id == campaign_t.c.group_id)
        .where(group_t.c.ward_id == ward_id)
        .order_by(group_t.c.number, campaign_t.c.created_at)
    ).all()
    summaries = {
        r.id: CampaignSummary(
            id=r.id,
            title=r.title,
            group_id=r.group_id,
            group_name=r.group_name,
            kinds=list(r.unit_kinds or ["money_vnd"]),
            target={k: Decimal(str(v)) for k, v in (r.target or {}).items()},
            suggested_per_household=r.suggested_per_household,
            purpose=r.purpose or "",
            starts_on=r.starts_on,
            ends_on=r.ends_on,
        )
        for r in rows
    }
    for entry in _live_entries(session, list(summaries)):
        summary = summaries[entry.campaign_id]
        _add(
            summary.pledged if entry.entry_type == "pledge" else summary.received,
            entry.kind,
            entry.quantity,
        )
    return list(summaries.values())


def transparency(
    session: Session, *, ward_id: str, ward_name: str, campaign: CampaignSummary
) -> TransparencyData:
    """The campaign's sheet: every household of the group with its pledged and received."""
    households = session.execute(
        select(
            household_t.c.id, household_t.c.head_name, household_t.c.address, household_t.c.phone
        ).where(household_t.c.group_id == campaign.group_id, household_t.c.deleted.is_(False))
    ).all()
    # in Vietnamese order, numbers as numbers ("Số 3" before "Số 10"): not the database's
    # collation, which puts Đ after Z and "Số 10" before "Số 3"
    households = sorted(
        households,
        key=lambda h: (vn_natural_key(h.address), vn_sort_key(h.head_name), h.id),
    )
    pledged: dict[str, dict[str, Decimal]] = {}
    received: dict[str, dict[str, Decimal]] = {}
    for entry in _live_entries(session, [campaign.id]):
        target = pledged if entry.entry_type == "pledge" else received
        _add(target.setdefault(entry.household_id, {}), entry.kind, entry.quantity)
    return TransparencyData(
        ward_name=ward_name,
        group_name=campaign.group_name,
        campaign_title=campaign.title,
        kinds=campaign.kinds,
        target=campaign.target,
        purpose=campaign.purpose,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        suggested_per_household=campaign.suggested_per_household,
        households=[
            HouseholdLine(
                head_name=h.head_name,
                address=h.address or "",
                phone=h.phone,
                pledged=pledged.get(h.id, {}),
                received=received.get(h.id, {}),
            )
            for h in households
        ],
    )


def receipts_in_month(
    session: Session, *, ward_id: str, first: date, last: date
) -> list[CampaignReceipts]:
    """Per campaign, what was received in [first, last] net of reversals of receipts."""
    campaigns = ward_campaigns(session, ward_id=ward_id)
    out: list[CampaignReceipts] = []
    for campaign in campaigns:
        rows = session.execute(select(entry_t).where(entry_t.c.campaign_id == campaign.id)).all()
        by_id = {r.id: r for r in rows}
        totals: dict[str, Decimal] = {}
        for r in rows:
            if not (first <= r.recorded_on <= last):
                continue
            if r.entry_type == "receipt":
                _add(totals, r.kind, r.quantity)
            elif r.entry_type == "reversal" and r.reverses_id in by_id:
                cancelled = by_id[r.reverses_id]
                if cancelled.entry_type == "receipt":
                    _add(totals, cancelled.kind, "-" + cancelled.quantity)
        if totals:
            out.append(
                CampaignReceipts(
                    campaign_title=campaign.title,
                    group_name=campaign.group_name,
                    received=totals,
                    target=campaign.target,
                )
            )
    return out
