"""Store layer: the group's monthly report (báo cáo tình hình tháng) on the phone.

The month's figures are counted from the group's own records on this phone (petitions
received, answered and reported back; meetings and their attendance; contributions;
models), the leader writes the people's mood and opinions, hot issues and proposals, and
the report goes out through the outbox like every other write. One per month: a later
submit keeps the month's id and replaces it (the ward refuses it once the month is
closed). Also: whether this period's giao ban is recorded, for the Home reminder.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from field_app.store import tables
from field_app.store.db import Database
from field_app.store.errors import RecordNotFound
from field_app.store.records import GroupReportRow
from field_app.store.writer import LocalWriter
from field_app.wire.periods import (
    BRIEFING_CADENCE_LIST,
    briefing_period,
    briefing_period_label,
    month_bounds,
)
from field_app.wire.protocol import MutationName as M

VN = ZoneInfo("Asia/Ho_Chi_Minh")
Reports = list[GroupReportRow]
MODEL_STATUSES = {"in_progress": "models_in_progress", "proposed": "models_proposed",
                  "recognized": "models_recognized", "replicated": "models_recognized"}


def _local_day(value: Any) -> date | None:
    """The day in Vietnam of an ISO time or date (None when absent or unreadable)."""
    if not value:
        return None
    text = str(value)
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VN).date()


def drop_merged(conn: sqlite3.Connection) -> int:
    """One report per group and month: two phones of a group may each write the month's
    report before either has pulled the other's; the ward keeps the first id and takes the
    later words into it. Once the ward's report of the month is here, this phone's own of
    the same month, sent and no longer in the outbox, is that report: it goes (else the
    phone would keep a second, stale report of the month). Returns how many went."""
    return conn.execute(
        "DELETE FROM group_reports WHERE server_data IS NULL"
        " AND id NOT IN (SELECT entity_id FROM outbox WHERE entity_id IS NOT NULL)"
        " AND month IN (SELECT month FROM group_reports WHERE server_data IS NOT NULL)"
    ).rowcount


class GroupReportRepository:
    """The group's monthly reports, written here; the ward's acceptance comes with the pull."""

    def __init__(self, db: Database, writer: LocalWriter) -> None:
        self._db = db
        self._writer = writer

    # -- the figures ------------------------------------------------------------------
    def figures(self, month: str) -> dict[str, int]:
        """The month's figures from this phone's records of the group."""
        first, last = month_bounds(month)

        def inside(value: Any) -> bool:
            day = _local_day(value)
            return day is not None and first <= day <= last

        out = dict.fromkeys(("petitions_received", "petitions_answered",
                             "petitions_reported_back", "meetings", "attendance",
                             "contributions_count", "contributions_vnd", "models_total",
                             "models_in_progress", "models_proposed", "models_recognized"), 0)
        with self._db.reading() as conn:
            for (data,) in conn.execute("SELECT data FROM petitions"):
                p = json.loads(data)
                out["petitions_received"] += inside(p.get("received_at") or p.get("created_at"))
                kinds = {e.get("kind") for e in p.get("timeline") or [] if inside(e.get("at"))}
                out["petitions_answered"] += "answered" in kinds
                out["petitions_reported_back"] += "reported_back" in kinds
            for (data,) in conn.execute(
                    "SELECT data FROM dialogue_sessions WHERE scope = 'group'"):
                d = json.loads(data)
                if inside(d.get("held_at") or d.get("scheduled_on")):
                    out["meetings"] += 1
                    out["attendance"] += int(d.get("attendance_count") or len(
                        d.get("attendees") or []))
            entries = [json.loads(d) for (d,) in conn.execute(
                "SELECT data FROM contribution_entries")]
            kind_of = {e.get("id"): e.get("entry_type") for e in entries}
            for e in entries:  # receipts, less the receipts reversed (pledges are not money in)
                if not inside(e.get("recorded_on")):
                    continue
                reversal = e.get("entry_type") == "reversal"
                if not (e.get("entry_type") == "receipt"
                        or (reversal and kind_of.get(e.get("reverses_id")) == "receipt")):
                    continue
                sign = -1 if reversal else 1
                out["contributions_count"] += sign
                if e.get("kind") == "money_vnd":
                    out["contributions_vnd"] += sign * int(Decimal(str(e.get("quantity") or 0)))
            for (data,) in conn.execute("SELECT data FROM models WHERE group_id IS NOT NULL"):
                m = json.loads(data)
                if int(m.get("year") or 0) != first.year:
                    continue
                out["models_total"] += 1
                key = MODEL_STATUSES.get(str(m.get("status")))
                if key:
                    out[key] += 1
        return {k: max(0, v) for k, v in out.items()}

    # -- the report -------------------------------------------------------------------
    def for_month(self, month: str) -> GroupReportRow | None:
        with self._db.reading() as conn:
            rows = tables.select_rows(conn, "group_report", where="month = ?", params=(month,),
                                      order="version DESC, id")
        return rows[0] if rows else None

    def submit(self, month: str, *, mood: str = "", opinions: str = "", hot_issues: str = "",
               proposals: str = "", figures: dict[str, int] | None = None,
               now: datetime | None = None) -> GroupReportRow:
        """Send the month's report (again): the figures counted now unless given."""
        month_bounds(month)
        current = self.for_month(month)
        args: dict[str, Any] = {
            "id": current.id if current else str(uuid.uuid4()), "month": month,
            "figures": self.figures(month) if figures is None else figures,
            "mood": mood, "opinions": opinions, "hot_issues": hot_issues,
            "proposals": proposals,
            "submitted_at": (now or datetime.now(UTC)).isoformat()}
        rid = self._writer.write(M.GROUP_REPORT_SUBMIT, args)
        row = self.get(rid)
        if row is None:
            raise RecordNotFound("group_report", rid)
        return row

    def get(self, report_id: str) -> GroupReportRow | None:
        with self._db.reading() as conn:
            rows = tables.select_rows(conn, "group_report", where="id = ?", params=(report_id,))
        return rows[0] if rows else None

    def list(self) -> Reports:
        with self._db.reading() as conn:
            return tables.select_rows(conn, "group_report", order="month DESC, id")

    # -- the giao ban reminder ----------------------------------------------------------
    def briefing_cadence(self) -> str:
        """The ward's cadence as pulled (`monthly` until the ward says otherwise)."""
        with self._db.reading() as conn:
            for (data,) in conn.execute("SELECT data FROM reference_items"):
                item = json.loads(data)
                if item.get("list") == BRIEFING_CADENCE_LIST:
                    return "quarterly" if item.get("value") == "quarterly" else "monthly"
        return "monthly"

    def briefing_missing(self, today: date | None = None) -> str | None:
        """The period label (`12/2026`, `Quý 4/2026`) when this period's giao ban is not
        recorded on this phone yet; None when it is."""
        day = today or datetime.now(VN).date()
        cadence = self.briefing_cadence()
        start, end = briefing_period(day, cadence)
        with self._db.reading() as conn:
            for (data,) in conn.execute(
                    "SELECT data FROM dialogue_sessions WHERE kind = 'briefing'"):
                d = json.loads(data)
                held = _local_day(d.get("held_at") or d.get("scheduled_on"))
                if held is not None and start <= held <= end:
                    return None
        return briefing_period_label(day, cadence)
