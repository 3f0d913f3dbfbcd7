"""Store layer: contribution campaigns and their append-only ledger (pledges, receipts).

Entries are never edited: a correction is a reversal entry pointing at the entry it
cancels. Totals subtract reversed entries, so they do not depend on arrival order.
Money is an integer number of đồng; other kinds (m2, workdays) are Decimals.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from field_app.store import tables
from field_app.store.db import Database
from field_app.store.errors import RecordNotFound
from field_app.store.records import (
    CampaignRow,
    ContributionEntryRow,
    HouseholdBalance,
    KindTotals,
    TransparencyRow,
)
from field_app.store.writer import LocalWriter
from field_app.wire.formats import today_vn
from field_app.wire.protocol import MutationName as M

ZERO = Decimal(0)


class ContributionRepository:
    """Campaigns of the group, their ledger, totals, balances and transparency sheet."""

    def __init__(self, db: Database, writer: LocalWriter) -> None:
        self._db = db
        self._writer = writer

    # -- campaigns -----------------------------------------------------------------

    def create_campaign(
        self,
        *,
        title: str,
        purpose: str = "",
        unit_kinds: list[str] | None = None,
        target: dict[str, Decimal | int] | None = None,
        suggested_per_household: int | None = None,
        instalments: int = 1,
        starts_on: date | None = None,
        ends_on: date | None = None,
        campaign_id: str | None = None,
    ) -> CampaignRow:
        """Open a campaign, e.g. "Bê tông hóa đường nội khối" with a money target."""
        args: dict[str, Any] = {
            "id": campaign_id or str(uuid.uuid4()), "title": title, "purpose": purpose,
            "unit_kinds": unit_kinds or ["money_vnd"], "target": target or {},
            "suggested_per_household": suggested_per_household, "instalments": instalments,
            "starts_on": starts_on, "ends_on": ends_on,
        }
        return self._campaign_or_fail(self._writer.write(M.CAMPAIGN_CREATE, args))

    def update_campaign(self, campaign_id: str, **changes: Any) -> CampaignRow:
        self._campaign_or_fail(campaign_id)
        with self._db.reading() as conn:
            server = tables.read_server(conn, "campaign", campaign_id)
        base = None if server is None else int(server.get("version") or 0)
        self._writer.write(M.CAMPAIGN_UPDATE, {"id": campaign_id, **changes}, base_version=base)
        return self._campaign_or_fail(campaign_id)

    def campaign(self, campaign_id: str) -> CampaignRow | None:
        with self._db.reading() as conn:
            rows = tables.select_rows(conn, "campaign", where="id = ?", params=(campaign_id,))
        return rows[0] if rows else None

    def campaigns(self) -> list[CampaignRow]:
        """Campaigns, latest start first."""
        with self._db.reading() as conn:
            return tables.select_rows(conn, "campaign", order="starts_on DESC, title, id")

    # -- ledger --------------------------------------------------------------------

    def record(
        self,
        *,
        campaign_id: str,
        household_id: str,
        entry_type: str,
        kind: str,
        quantity: Decimal | int | str,
        recorded_on: date | None = None,
        collector: str | None = None,
        receipt_no: str | None = None,
        note: str | None = None,
        entry_id: str | None = None,
    ) -> ContributionEntryRow:
        """Write a pledge or a receipt line for a household."""
        self._campaign_or_fail(campaign_id)
        args: dict[str, Any] = {
            "id": entry_id or str(uuid.uuid4()), "campaign_id": campaign_id,
            "household_id": household_id, "entry_type": entry_type, "kind": kind,
            "quantity": Decimal(str(quantity)), "recorded_on": recorded_on or today_vn(),
            "collector": collector, "receipt_no": receipt_no, "note": note,
        }
        return self._entry_or_fail(self._writer.write(M.CONTRIBUTION_RECORD, args))

    def reverse(
        self,
        entry_id: str,
        *,
        recorded_on: date | None = None,
        note: str | None = None,
        collector: str | None = None,
    ) -> ContributionEntryRow:
        """Cancel an entry with a reversal line (the original stays in the ledger)."""
        self._entry_or_fail(entry_id)
        args: dict[str, Any] = {
            "id": str(uuid.uuid4()), "reverses_id": entry_id,
            "recorded_on": recorded_on or today_vn(), "note": note, "collector": collector,
        }
        return self._entry_or_fail(self._writer.write(M.CONTRIBUTION_REVERSE, args))

    def entry(self, entry_id: str) -> ContributionEntryRow | None:
        """One ledger entry by id."""
        with self._db.reading() as conn:
            rows: list[ContributionEntryRow] = tables.select_rows(
                conn, "contribution_entry", where="id = ?", params=(entry_id,))
        return rows[0] if rows else None

    def entries(
        self, campaign_id: str, *, household_id: str | None = None
    ) -> list[ContributionEntryRow]:
        """The ledger of a campaign (optionally one household), in recording order."""
        where, params = "campaign_id = ?", [campaign_id]
        if household_id is not None:
            where, params = where + " AND household_id = ?", [campaign_id, household_id]
        with self._db.reading() as conn:
            rows: list[ContributionEntryRow] = tables.select_rows(
                conn, "contribution_entry", where=where, params=params, order="recorded_on, id"
            )
        reversed_by = {r.reverses_id: r.id for r in rows if r.reverses_id}
        return [r.model_copy(update={"reversed_by": reversed_by.get(r.id)}) for r in rows]

    # -- sums ----------------------------------------------------------------------

    def totals(self, campaign_id: str) -> dict[str, KindTotals]:
        """Per kind: pledged, received (reversals subtracted) and the campaign's target."""
        campaign = self._campaign_or_fail(campaign_id)
        sums = _sums(self.entries(campaign_id))
        kinds = list(dict.fromkeys([*campaign.unit_kinds, *(k for _, k in sums)]))
        result: dict[str, KindTotals] = {}
        for kind in kinds:
            target = campaign.target.get(kind)
            pledged = sum((v["pledge"] for (_, k), v in sums.items() if k == kind), ZERO)
            received = sum((v["receipt"] for (_, k), v in sums.items() if k == kind), ZERO)
            result[kind] = KindTotals(kind, pledged, received,
                                      None if target is None else Decimal(str(target)))
        return result

    def household_balances(
        self, campaign_id: str, *, kind: str | None = None
    ) -> list[HouseholdBalance]:
        """Per household and kind: pledged, received, outstanding; by head name."""
        sums = _sums(self.entries(campaign_id))
        names = self._household_names()
        balances = [
            HouseholdBalance(hid, *names.get(hid, ("", "")), k, v["pledge"], v["receipt"])
            for (hid, k), v in sums.items() if kind is None or k == kind
        ]
        return sorted(balances, key=lambda b: (b.head_name, b.household_id, b.kind))

    def transparency_rows(self, campaign_id: str) -> list[TransparencyRow]:
        """Lines of the public sheet: every household with pledges or receipts, per kind."""
        entries = [e for e in self.entries(campaign_id) if e.sync_state != "rejected"]
        cancelled = {e.reverses_id for e in entries if e.reverses_id}
        receipts: dict[tuple[str, str], list[ContributionEntryRow]] = defaultdict(list)
        for e in entries:
            if e.entry_type == "receipt" and e.id not in cancelled:
                receipts[(e.household_id, e.kind)].append(e)
        rows = []
        for b in self.household_balances(campaign_id):
            lines = receipts.get((b.household_id, b.kind), [])
            rows.append(TransparencyRow(
                b.household_id, b.head_name, b.address, b.kind, b.pledged, b.received,
                max((e.recorded_on for e in lines), default=None),
                [e.receipt_no for e in lines if e.receipt_no],
            ))
        return rows

    # -- helpers -------------------------------------------------------------------

    def _household_names(self) -> dict[str, tuple[str, str]]:
        with self._db.reading() as conn:
            rows = conn.execute(
                "SELECT id, head_name, json_extract(data, '$.address') AS address FROM households"
            ).fetchall()
        return {r["id"]: (r["head_name"] or "", r["address"] or "") for r in rows}

    def _campaign_or_fail(self, campaign_id: str) -> CampaignRow:
        row = self.campaign(campaign_id)
        if row is None:
            raise RecordNotFound("campaign", campaign_id)
        return row

    def _entry_or_fail(self, entry_id: str) -> ContributionEntryRow:
        with self._db.reading() as conn:
            rows = tables.select_rows(conn, "contribution_entry", where="id = ?",
                                      params=(entry_id,))
        if not rows:
            raise RecordNotFound("contribution_entry", entry_id)
        row: ContributionEntryRow = rows[0]
        return row


def _sums(entries: list[ContributionEntryRow]) -> dict[tuple[str, str], dict[str, Decimal]]:
    """(household, kind) -> {'pledge': n, 'receipt': n}, reversed entries left out, and lines
    the server refused (sync_state 'rejected': not in the ward's ledger) not counted."""
    entries = [e for e in entries if e.sync_state != "rejected"]
    cancelled = {e.reverses_id for e in entries if e.reverses_id}
    sums: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(
        lambda: {"pledge": ZERO, "receipt": ZERO})
    for e in entries:
        if e.entry_type in ("pledge", "receipt") and e.id not in cancelled:
            sums[(e.household_id, str(e.kind))][str(e.entry_type)] += Decimal(e.quantity)
    return dict(sums)
