"""Service layer: database rows -> the wire records of field_app.wire.records (what pull sends)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, Table

from sync_server.models.tables import (
    campaign_t,
    dialogue_t,
    entry_t,
    expense_t,
    group_report_t,
    household_t,
    model_t,
    petition_t,
    reference_t,
)

Moment = date | datetime | None
Times = Callable[[Moment], Any]  # how a record's dates and times are written


def iso(value: Moment) -> str | None:
    return value.isoformat() if value is not None else None


def as_is(value: Moment) -> Moment:
    """Dates and times left for orjson to write: the same text as `iso` (a pull page's
    records are written by orjson), about a microsecond less per time on a pull."""
    return value


def petition_wire(r: Row[Any], times: Times = iso) -> dict[str, Any]:
    return {
        "id": r.id, "group_id": r.group_id, "title": r.title, "description": r.description,
        "field": r.field, "category": r.category, "citizen_name": r.citizen_name,
        "citizen_phone": r.citizen_phone, "household_id": r.household_id,
        "anonymous": r.anonymous, "location_text": r.location_text, "lat": r.lat, "lon": r.lon,
        "source": r.source, "dialogue_session_id": r.dialogue_session_id,
        "attachments": list(r.attachments or []), "received_at": times(r.received_at),
        "status": r.status, "assigned_unit": r.assigned_unit,
        "assigned_officer": r.assigned_officer, "due_date": times(r.due_date),
        "ack_due": times(r.ack_due), "answer": r.answer,
        "citizen_satisfied": r.citizen_satisfied, "tracking_code": r.tracking_code,
        "consent": dict(r.consent) if r.consent else None,
        "version": r.version,
        "created_at": times(r.created_at), "updated_at": times(r.updated_at),
        "timeline": list(r.timeline or []), "erased_at": times(r.erased_at),
    }


def household_wire(r: Row[Any], times: Times = iso) -> dict[str, Any]:
    return {"id": r.id, "group_id": r.group_id, "head_name": r.head_name, "address": r.address,
            "phone": r.phone, "publish_name": bool(r.publish_name), "version": r.version,
            "erased_at": times(r.erased_at)}


def campaign_wire(r: Row[Any], times: Times = iso) -> dict[str, Any]:
    return {
        "id": r.id, "group_id": r.group_id, "title": r.title, "purpose": r.purpose,
        "unit_kinds": list(r.unit_kinds or []), "target": dict(r.target or {}),
        "suggested_per_household": r.suggested_per_household, "instalments": r.instalments,
        "starts_on": times(r.starts_on), "ends_on": times(r.ends_on), "version": r.version,
    }


def entry_wire(r: Row[Any], times: Times = iso) -> dict[str, Any]:
    return {
        "id": r.id, "campaign_id": r.campaign_id, "household_id": r.household_id,
        "group_id": r.group_id, "entry_type": r.entry_type, "kind": r.kind,
        "quantity": r.quantity, "reverses_id": r.reverses_id, "recorded_on": times(r.recorded_on),
        "collector": r.collector, "receipt_no": r.receipt_no, "note": r.note,
        "version": r.version, "created_at": times(r.created_at),
    }


def expense_wire(r: Row[Any], times: Times = iso) -> dict[str, Any]:
    return {
        "id": r.id, "campaign_id": r.campaign_id, "group_id": r.group_id,
        "entry_type": r.entry_type, "spent_on": times(r.spent_on), "amount_vnd": r.amount_vnd,
        "purpose": r.purpose, "payee": r.payee, "receipt_no": r.receipt_no,
        "attachments": list(r.attachments or []), "reverses_id": r.reverses_id,
        "note": r.note, "recorded_by": r.recorded_by, "version": r.version,
        "created_at": times(r.created_at),
    }


def dialogue_wire(r: Row[Any], times: Times = iso) -> dict[str, Any]:
    return {
        "id": r.id, "scope": r.scope, "group_id": r.group_id, "kind": r.kind, "title": r.title,
        "scheduled_on": times(r.scheduled_on), "held_at": times(r.held_at), "place": r.place,
        "chair": r.chair, "attendees": list(r.attendees or []),
        "attendance_count": r.attendance_count, "agenda": list(r.agenda or []),
        "minutes": r.minutes, "petition_ids": list(r.petition_ids or []),
        "commitments": list(r.commitments or []), "version": r.version,
    }


def reference_wire(r: Row[Any], times: Times = iso) -> dict[str, Any]:
    return {"id": r.id, "list": r.list_name, "value": r.value, "extra": dict(r.extra or {}),
            "version": r.version}


def model_wire(r: Row[Any], times: Times = iso) -> dict[str, Any]:
    return {
        "id": r.id, "group_id": r.group_id, "ward_id": r.ward_id, "name": r.name,
        "field": r.field, "unit_kind": r.unit_kind, "unit_name": r.unit_name, "level": r.level,
        "year": r.year, "goals": r.goals, "followers": list(r.followers or []),
        "status": r.status, "recognition": dict(r.recognition) if r.recognition else None,
        "metrics": list(r.metrics or []), "attachments": list(r.attachments or []),
        "campaign_ids": list(r.campaign_ids or []), "petition_ids": list(r.petition_ids or []),
        "version": r.version, "created_at": times(r.created_at),
        "updated_at": times(r.updated_at), "timeline": list(r.timeline or []),
    }


def group_report_wire(r: Row[Any], times: Times = iso) -> dict[str, Any]:
    return {
        "id": r.id, "group_id": r.group_id, "ward_id": r.ward_id, "month": r.month,
        "figures": dict(r.figures or {}), "mood": r.mood, "opinions": r.opinions,
        "hot_issues": r.hot_issues, "proposals": r.proposals,
        "submitted_at": times(r.submitted_at) if r.submitted_at else None,
        "received_at": times(r.received_at), "version": r.version,
    }


# entity name on the wire -> (table, serializer)
ENTITIES: dict[str, tuple[Table, Callable[[Row[Any], Times], dict[str, Any]]]] = {
    "petition": (petition_t, petition_wire),
    "household": (household_t, household_wire),
    "campaign": (campaign_t, campaign_wire),
    "contribution_entry": (entry_t, entry_wire),
    "dialogue_session": (dialogue_t, dialogue_wire),
    "reference": (reference_t, reference_wire),
    "model": (model_t, model_wire),
    "group_report": (group_report_t, group_report_wire),
    "campaign_expense": (expense_t, expense_wire),
}
