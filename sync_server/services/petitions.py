"""Service layer: petitions on the field side (create, edit, withdraw, report back, note).

Conflicts: `field_versions` keeps, per field-owned field, the version at its last change.
An update based on `base_version` keeps the server's value of a field changed after that
version (when the values differ), writes the losing value to the timeline, and reports
`conflict` naming the fields; the other fields apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, insert, select, update

from field_app.wire.lifecycle import FINAL_STATUSES, next_status
from field_app.wire.mutations import (
    PetitionCreate,
    PetitionNote,
    PetitionReportBack,
    PetitionUpdate,
    PetitionWithdraw,
)
from field_app.wire.records import PETITION_FIELD_OWNED
from field_app.wire.text import fold
from field_app.wire.vocabulary import display_name
from sync_server.errors import ApiProblem, E, refused_transition
from sync_server.models.tables import household_t, petition_t
from sync_server.services import webhook_events
from sync_server.services.context import WriteContext
from sync_server.services.outcome import Outcome

ENTITY = "petition"
_EXISTS = select(petition_t.c.group_id).where(petition_t.c.id == bindparam("pid"))
_CODE_TAKEN = select(petition_t.c.id).where(petition_t.c.ward_id == bindparam("w"),
                                            petition_t.c.tracking_code == bindparam("code"))
_INSERT = insert(petition_t)


def search_text(values: dict[str, Any]) -> str:
    """The folded search copy (`fold` once over the joined fields: same result, one pass)."""
    keys = ("title", "description", "citizen_name", "location_text", "citizen_phone")
    return fold(" ".join(str(values[k]) for k in keys if values.get(k)))


def _storable(field: str, value: Any) -> Any:
    if field == "received_at" and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def _comparable(field: str, value: Any) -> Any:
    if field == "received_at" and isinstance(value, str):
        return datetime.fromisoformat(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def load_for_group(ctx: WriteContext, petition_id: str) -> Row[Any]:
    """The petition if it belongs to the writer's group (device) or ward (staff), else 404."""
    q = select(petition_t).where(petition_t.c.id == petition_id)
    q = q.where(petition_t.c.group_id == ctx.group_id) if ctx.group_id else q.where(
        petition_t.c.ward_id == ctx.ward_id)
    row = ctx.session.execute(q).first()
    if row is None:
        raise ApiProblem(E.PETITION_NOT_FOUND)
    return row


def create(ctx: WriteContext, args: PetitionCreate) -> Outcome:
    assert ctx.group_id is not None
    petition_id = str(args.id)
    exists = ctx.conn.execute(_EXISTS, {"pid": petition_id}).first()
    if exists is not None:
        raise ApiProblem(E.PETITION_EXISTS)
    values = args.model_dump(mode="json")
    if values.get("household_id"):
        found = ctx.session.execute(select(household_t.c.id).where(
            household_t.c.id == values["household_id"],
            household_t.c.group_id == ctx.group_id)).first()
        if found is None:
            raise ApiProblem(E.HOUSEHOLD_NOT_FOUND)
    code = values.get("tracking_code")
    if code and ctx.conn.execute(_CODE_TAKEN, {"w": ctx.ward_id, "code": code}).first():
        # refused like any bad write (last_seq moves on); the phone makes another code
        raise ApiProblem(E.TRACKING_CODE_TAKEN)
    version = ctx.group_change(ENTITY, petition_id, ctx.group_id, new=True)
    row = new_row(ctx, values, version)
    # a constant statement with parameters: compiled once, cheap per mutation
    ctx.conn.execute(_INSERT, row)
    webhook_events.emit(ctx, kind=webhook_events.CREATED, row=row, group=ctx.group_name)
    return Outcome(entity=ENTITY, id=petition_id, version=version)


def new_row(ctx: WriteContext, values: dict[str, Any], version: int) -> dict[str, Any]:
    """The full petition row for `petition.create` args (dumped in JSON mode) at `version`."""
    row = {f: _storable(f, values[f]) for f in PETITION_FIELD_OWNED}
    row["received_at"] = row["received_at"] or ctx.now
    return dict(
        id=values["id"], group_id=ctx.group_id, ward_id=ctx.ward_id, **row,
        status="received", citizen_satisfied=None, assigned_unit=None, assigned_officer=None,
        due_date=None, answer=None, tracking_code=values.get("tracking_code"),
        consent=values.get("consent"),
        ack_due=ctx.ack_due(), version=version,
        field_versions=dict.fromkeys(PETITION_FIELD_OWNED, version),
        field_writers=dict.fromkeys(PETITION_FIELD_OWNED, ctx.writer),
        timeline=[ctx.timeline_entry("created")], search_text=search_text(values),
        created_by_device=ctx.device_id, created_at=ctx.now, updated_at=ctx.now)


def _shown(value: Any) -> str:
    """A value as a person reads it in the Timeline (empty as "trống", no Python quotes)."""
    if value is None or value == "" or value == []:
        return "trống"
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def conflict_note(field: str, ward_value: Any, group_value: Any, actor: str) -> str:
    """The Timeline line when the group and the ward edited the same field (glossary.md)."""
    return (f"Tổ và phường sửa khác nhau ở mục {display_name('fieldname', field)}; "
            f"giữ theo phường: “{_shown(ward_value)}”; phần của tổ ({actor}): "
            f"“{_shown(group_value)}”.")


@dataclass
class Merge:
    """The outcome of applying a patch field by field."""

    changes: dict[str, Any]
    versions: dict[str, int]
    writers: dict[str, str]
    conflicts: list[str]
    notes: list[dict[str, Any]]


def merge_patch(ctx: WriteContext, *, current: dict[str, Any], row: Any,
                patch: dict[str, Any], base_version: int | None, version: int) -> Merge:
    """Apply each patched field unless someone else changed it after `base_version`."""
    merge = Merge({}, dict(row.field_versions or {}), dict(row.field_writers or {}), [], [])
    for field, value in patch.items():
        server_value = current.get(field)
        if _comparable(field, server_value) == _comparable(field, value):
            continue
        changed_since = (base_version is not None
                         and merge.versions.get(field, 0) > base_version
                         and merge.writers.get(field) != ctx.writer)
        if changed_since:
            merge.conflicts.append(field)
            merge.notes.append(ctx.timeline_entry("conflict", conflict_note(
                field, server_value, value, ctx.actor)))
            continue
        merge.changes[field] = _storable(field, value)
        merge.versions[field] = version
        merge.writers[field] = ctx.writer
    return merge


def update_fields(ctx: WriteContext, args: PetitionUpdate, base_version: int | None) -> Outcome:
    row = load_for_group(ctx, str(args.id))
    if row.status in FINAL_STATUSES:
        raise refused_transition("update", row.status)
    base = args.base_version if args.base_version is not None else base_version
    version = ctx.group_change(ENTITY, row.id, row.group_id)
    current = dict(row._mapping)
    patch = _after_erasure(row, args.patch(), base)
    merge = merge_patch(ctx, current=current, row=row, patch=patch, base_version=base,
                        version=version)
    timeline = list(row.timeline or []) + merge.notes
    if merge.changes:
        timeline.append(ctx.timeline_entry("edited", ", ".join(sorted(merge.changes))))
    merged = {**current, **merge.changes}
    ctx.session.execute(update(petition_t).where(petition_t.c.id == row.id).values(
        **merge.changes, field_versions=merge.versions, field_writers=merge.writers,
        timeline=timeline, version=version, search_text=search_text(merged),
        updated_at=ctx.now))
    return Outcome(entity=ENTITY, id=row.id, version=version, conflict_fields=merge.conflicts)


ERASABLE = ("citizen_name", "citizen_phone", "household_id")


def _after_erasure(row: Row[Any], patch: dict[str, Any], base: int | None) -> dict[str, Any]:
    """A phone that had not yet seen an erasure never brings the erased data back (nor
    into the timeline as a conflict): its personal fields are left out of the patch."""
    erased_version = (row.field_versions or {}).get("citizen_name", 0)
    if row.erased_at is None or (base is not None and base >= erased_version):
        return patch
    return {k: v for k, v in patch.items() if k not in ERASABLE}


def _field_transition(ctx: WriteContext, petition_id: str, action: str, kind: str, text: str,
                      **values: Any) -> Outcome:
    row = load_for_group(ctx, petition_id)
    target = next_status(action, row.status, staff=False)
    if target is None:
        raise refused_transition(action, row.status)
    version = ctx.group_change(ENTITY, row.id, row.group_id)
    timeline = [*list(row.timeline or []), ctx.timeline_entry(kind, text)]
    ctx.session.execute(update(petition_t).where(petition_t.c.id == row.id).values(
        status=target.value, timeline=timeline, version=version, updated_at=ctx.now, **values))
    if ctx.webhooks():
        after = {**row._mapping, **values, "status": target.value, "updated_at": ctx.now}
        webhook_events.emit(ctx, kind=webhook_events.STATUS_CHANGED, row=after,
                            group=ctx.group_name, extra={"previous_status": row.status})
    return Outcome(entity=ENTITY, id=row.id, version=version)


def withdraw(ctx: WriteContext, args: PetitionWithdraw) -> Outcome:
    return _field_transition(ctx, str(args.id), "withdraw", "withdrawn", args.note or "")


def report_back(ctx: WriteContext, args: PetitionReportBack) -> Outcome:
    verdict = "Công dân hài lòng." if args.citizen_satisfied else "Công dân chưa hài lòng."
    text = f"{verdict} {args.note or ''}".strip()
    return _field_transition(ctx, str(args.id), "report_back", "reported_back", text,
                             citizen_satisfied=args.citizen_satisfied)


def note(ctx: WriteContext, args: PetitionNote) -> Outcome:
    row = load_for_group(ctx, str(args.id))
    version = ctx.group_change(ENTITY, row.id, row.group_id)
    timeline = [*list(row.timeline or []), ctx.timeline_entry("note", args.text)]
    ctx.session.execute(update(petition_t).where(petition_t.c.id == row.id).values(
        timeline=timeline, version=version, updated_at=ctx.now))
    return Outcome(entity=ENTITY, id=row.id, version=version)
