"""Console layer: what the ward's monthly report tells beside the petition figures: the
groups' own monthly reports (what each said, and whether it came late) and the progress of
the "Dân vận khéo" models (the year's count by status; what happened to which model in the
month, as its timeline says). Dates are Vietnam dates."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from field_app.wire.formats import VN_TZ
from field_app.wire.periods import month_bounds
from field_app.wire.text import vn_natural_key
from sync_server.models.tables import group_t, model_t
from sync_server.reports.data import GroupSaid, ModelMove, ModelProgress
from sync_server.services import group_reports

STATUS_ORDER = ("registered", "in_progress", "proposed", "recognized", "not_recognized",
                "replicated")
MOVES = ("created", "evidence", "started", "proposed", "recognized", "not_recognized",
         "replicated")  # the timeline kinds that are progress (not edits or notes)


def groups_said(session: Session, ward_id: str, month: str) -> tuple[list[GroupSaid], str, int]:
    """The month's group reports in group order, the ward's summary, and how many groups
    the ward has (the reports are out of that many)."""
    view = group_reports.month_view(session, ward_id, month)
    said = [GroupSaid(group_name=line.group_name, late=line.state == "late",
                      **{k: str((line.report or {}).get(k) or "") for k in group_reports.TEXTS})
            for line in view.lines if line.report is not None]
    return said, view.summary, len(view.lines)


def _vn_day(value: Any) -> date | None:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(VN_TZ).date() if moment.tzinfo else moment.date()


def model_progress(session: Session, ward_id: str, month: str) -> ModelProgress:
    """The models registered for the month's year counted by status, those registered and
    recognized in the month, and every model (of any year) whose life moved in it."""
    first, last = month_bounds(month)
    groups = dict(session.execute(select(group_t.c.id, group_t.c.name).where(
        group_t.c.ward_id == ward_id)).all())
    rows = session.execute(select(model_t).where(model_t.c.ward_id == ward_id)).all()
    out = ModelProgress()
    statuses: Counter[str] = Counter()
    for r in rows:
        if r.year == first.year:
            out.total += 1
            statuses[r.status] += 1
        events = [(str(e.get("kind")), str(e.get("text") or "")) for e in r.timeline or []
                  if e.get("kind") in MOVES
                  and (day := _vn_day(e.get("at"))) is not None and first <= day <= last]
        if not events:
            continue
        out.registered += sum(1 for kind, _ in events if kind == "created")
        out.recognized += sum(1 for kind, _ in events if kind == "recognized")
        out.moves.append(ModelMove(name=r.name, status=r.status, events=events,
                                   unit=r.unit_name or groups.get(r.group_id, "")))
    out.by_status = {s: statuses[s] for s in STATUS_ORDER if statuses[s]}
    out.moves.sort(key=lambda m: vn_natural_key(m.name))
    return out
