"""Service layer: "Dân vận khéo" models (mô hình): register, edit, add evidence, move along
their life, and the ward's recognition.

A group's model travels in its group's scope; a ward-level unit's model (`group_id` None:
a party cell, the Front, an association) in the ward scope, so every phone of the ward
pulls it, read-only: only staff write it. The life is

    registered -> in_progress -> proposed -> recognized / not_recognized -> replicated

the owning group moves its model to `in_progress` and `proposed`; the ward side owns
`recognized` (with its level, decision number and date), `not_recognized` and
`replicated`. Every change lands on the model's timeline with who, when and a note.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import insert, or_, select, update
from sqlmodel import Session

from field_app.wire.figures import show_figure
from field_app.wire.mutations import ModelCreate, ModelEvidence, ModelFields, ModelUpdate
from field_app.wire.text import fold_all
from sync_server.errors import ApiProblem, E
from sync_server.models.tables import campaign_t, group_t, model_t, petition_t
from sync_server.services.changes import group_scope, ward_scope
from sync_server.services.context import WriteContext
from sync_server.services.outcome import Outcome
from sync_server.services.petitions import merge_patch
from sync_server.services.records import model_wire

ENTITY = "model"
FIELDS = tuple(ModelFields.model_fields)
GROUP_MOVES = {  # status -> the statuses the owning group may move it to
    "registered": {"in_progress", "proposed"},
    "in_progress": {"proposed"},
    "not_recognized": {"in_progress", "proposed"},
}
WARD_MOVES = {  # the ward side: its own units' models move like a group's, plus recognition
    "registered": {"in_progress", "proposed", "recognized", "not_recognized"},
    "in_progress": {"proposed", "recognized", "not_recognized"},
    "proposed": {"in_progress", "recognized", "not_recognized"},
    "not_recognized": {"in_progress", "proposed", "recognized"},
    "recognized": {"replicated"},
    "replicated": set(),
}
WARD_ONLY = {"recognized", "not_recognized", "replicated"}
TIMELINE_KIND = {"in_progress": "started", "proposed": "proposed", "recognized": "recognized",
                 "not_recognized": "not_recognized", "replicated": "replicated"}


def search_text(values: dict[str, Any]) -> str:
    return fold_all(values.get("name"), values.get("unit_name"), values.get("goals"),
                    " ".join(values.get("followers") or []))


def scope_of_row(ward_id: str, group_id: str | None) -> str:
    return ward_scope(ward_id) if group_id is None else group_scope(group_id)


def _lock_scope(ctx: WriteContext, model_id: str) -> None:
    """Staff: lock the model's scope before reading it (devices hold theirs already)."""
    if ctx.group_id is not None:
        return
    row = ctx.session.execute(select(model_t.c.group_id).where(
        model_t.c.id == model_id, model_t.c.ward_id == ctx.ward_id)).first()
    if row is not None:
        ctx.clock.lock(scope_of_row(ctx.ward_id, row.group_id))


def load(ctx: WriteContext, model_id: str, *, writing: bool = True) -> Any:
    """The model as the writer may see it: a device its group's and the ward's (read-only),
    staff every model of the ward; 404 otherwise."""
    _lock_scope(ctx, model_id)
    q = select(model_t).where(model_t.c.id == model_id, model_t.c.ward_id == ctx.ward_id)
    if ctx.group_id:
        q = q.where(or_(model_t.c.group_id == ctx.group_id, model_t.c.group_id.is_(None)))
    row = ctx.session.execute(q).first()
    if row is None:
        raise ApiProblem(E.MODEL_NOT_FOUND)
    if writing and ctx.group_id and row.group_id is None:
        raise ApiProblem(E.FORBIDDEN, "Mô hình của đơn vị cấp phường do cán bộ phường cập nhật.")
    return row


def _check_links(ctx: WriteContext, group_id: str | None, campaign_ids: list[str],
                 petition_ids: list[str]) -> None:
    """Linked campaigns and petitions must be the model's group's (or the ward's for a
    ward-level model); an unknown one is refused as not found."""
    if campaign_ids:
        q = select(campaign_t.c.id).join(group_t, group_t.c.id == campaign_t.c.group_id).where(
            campaign_t.c.id.in_(campaign_ids), group_t.c.ward_id == ctx.ward_id)
        if group_id is not None:
            q = q.where(campaign_t.c.group_id == group_id)
        if len(set(ctx.session.execute(q).scalars())) != len(set(campaign_ids)):
            raise ApiProblem(E.CAMPAIGN_NOT_FOUND)
    if petition_ids:
        q = select(petition_t.c.id).where(petition_t.c.id.in_(petition_ids),
                                          petition_t.c.ward_id == ctx.ward_id)
        if group_id is not None:
            q = q.where(petition_t.c.group_id == group_id)
        if len(set(ctx.session.execute(q).scalars())) != len(set(petition_ids)):
            raise ApiProblem(E.PETITION_NOT_FOUND)


def _merged(old: list[str], new: list[str]) -> list[str]:
    return list(dict.fromkeys([*old, *new]))


def quantity_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def create(ctx: WriteContext, args: ModelCreate, *, ward_level: bool = False,
           group_id: str | None = None) -> Outcome:
    """A group's model (its phone, or staff for `group_id`), or a ward-level unit's
    (`ward_level`, staff only)."""
    if ward_level and ctx.group_id is not None:
        raise ApiProblem(E.FORBIDDEN)
    gid = None if ward_level else (ctx.group_id or group_id)
    if gid is None and not ward_level:
        raise ApiProblem(E.VALIDATION, "Mô hình cần thuộc một tổ hoặc một đơn vị cấp phường.")
    scope = scope_of_row(ctx.ward_id, gid)
    ctx.clock.lock(scope)
    mid = str(args.id)
    if ctx.session.execute(select(model_t.c.id).where(model_t.c.id == mid)).first():
        raise ApiProblem(E.RECORD_EXISTS)
    campaign_ids = [str(c) for c in args.campaign_ids]
    petition_ids = [str(p) for p in args.petition_ids]
    _check_links(ctx, gid, campaign_ids, petition_ids)
    unit_kind = "residential_group" if gid is not None else str(args.unit_kind)
    if gid is None and unit_kind == "residential_group":
        raise ApiProblem(E.VALIDATION, "Hãy chọn đơn vị cấp phường của mô hình.")
    unit_name = (args.unit_name or "").strip()
    if gid is not None and not unit_name:
        unit_name = str(ctx.session.execute(select(group_t.c.name).where(
            group_t.c.id == gid)).scalar() or "")
    version = ctx.change(entity=ENTITY, entity_id=mid, scope=scope, new=True)
    values = {
        "name": args.name, "field": str(args.field), "unit_kind": unit_kind,
        "unit_name": unit_name, "level": "group" if gid is not None else "ward",
        "year": args.year, "goals": args.goals or "", "followers": list(args.followers or []),
    }
    ctx.session.execute(insert(model_t).values(
        id=mid, ward_id=ctx.ward_id, group_id=gid, **values, status="registered",
        recognition=None, metrics=[], attachments=[], campaign_ids=campaign_ids,
        petition_ids=petition_ids, timeline=[ctx.timeline_entry("created")],
        search_text=search_text(values), version=version,
        field_versions={f: version for f in FIELDS},
        field_writers=dict.fromkeys(FIELDS, ctx.writer), created_at=ctx.now,
        updated_at=ctx.now))
    return Outcome(entity=ENTITY, id=mid, version=version)


def _recognition(ctx: WriteContext, args: ModelUpdate, note: str) -> dict[str, Any]:
    if args.recognition is None:
        raise ApiProblem(E.VALIDATION, "Hãy ghi cấp công nhận, số quyết định và ngày.")
    rec = args.recognition.model_dump(mode="json")
    text = " · ".join(p for p in (rec.get("decision_no") or "", note) if p)
    out: dict[str, Any] = {"recognition": rec, "entry": ctx.timeline_entry("recognized", text)}
    if rec["level"] in {"ward", "province"}:
        out["level"] = rec["level"]
    return out


def _moved(ctx: WriteContext, row: Any, args: ModelUpdate) -> dict[str, Any]:
    """The status change `args` asks for (none when it names the current one), checked
    against who may make it: the values to store, with the timeline entry as "entry"."""
    status = str(args.status) if args.status is not None else None
    note = (args.note or "").strip()
    if ctx.group_id is not None and (
            args.recognition is not None or (status in WARD_ONLY and status != row.status)):
        raise ApiProblem(E.FORBIDDEN, "Việc công nhận mô hình do phường quyết định.")
    if status is None or status == row.status:
        if args.recognition is None:
            return {}
        if row.status not in {"recognized", "replicated"}:  # staff correcting a decision
            raise ApiProblem(E.MODEL_INVALID_TRANSITION)
        return _recognition(ctx, args, note)
    moves = GROUP_MOVES if ctx.group_id is not None else WARD_MOVES
    if status not in moves.get(row.status, set()):
        raise ApiProblem(E.MODEL_INVALID_TRANSITION)
    if status == "recognized":
        return {"status": status, **_recognition(ctx, args, note)}
    return {"status": status, "entry": ctx.timeline_entry(TIMELINE_KIND[status], note)}


def update_fields(ctx: WriteContext, args: ModelUpdate, base_version: int | None) -> Outcome:
    row = load(ctx, str(args.id))
    moved = _moved(ctx, row, args)
    patch = args.patch()
    if not patch and not moved and not (args.note or "").strip():
        return Outcome(entity=ENTITY, id=row.id, version=row.version)
    base = args.base_version if args.base_version is not None else base_version
    version = ctx.change(entity=ENTITY, entity_id=row.id,
                         scope=scope_of_row(row.ward_id, row.group_id))
    current = model_wire(row)
    merge = merge_patch(ctx, current=current, row=row, patch=patch, base_version=base,
                        version=version)
    timeline = list(row.timeline or []) + merge.notes
    if merge.changes:
        timeline.append(ctx.timeline_entry("edited", ", ".join(sorted(merge.changes))))
    entry = moved.pop("entry", None)
    if entry is not None:
        timeline.append(entry)
    elif (args.note or "").strip():
        timeline.append(ctx.timeline_entry("note", (args.note or "").strip()))
    merged = {**current, **merge.changes}
    ctx.session.execute(update(model_t).where(model_t.c.id == row.id).values(
        **merge.changes, **moved, field_versions=merge.versions, field_writers=merge.writers,
        timeline=timeline, search_text=search_text(merged), version=version,
        updated_at=ctx.now))
    return Outcome(entity=ENTITY, id=row.id, version=version, conflict_fields=merge.conflicts)


def add_evidence(ctx: WriteContext, args: ModelEvidence) -> Outcome:
    row = load(ctx, str(args.id))
    campaign_ids = [str(c) for c in args.campaign_ids]
    petition_ids = [str(p) for p in args.petition_ids]
    _check_links(ctx, row.group_id, campaign_ids, petition_ids)
    version = ctx.change(entity=ENTITY, entity_id=row.id,
                         scope=scope_of_row(row.ward_id, row.group_id))
    metrics = [{"label": m.label, "quantity": quantity_text(m.quantity), "unit": m.unit}
               for m in args.metrics]
    said = [f"{m['label']}: {show_figure(m['quantity'], m['unit'])}" for m in metrics]
    if args.note and args.note.strip():
        said.append(args.note.strip())
    ctx.session.execute(update(model_t).where(model_t.c.id == row.id).values(
        metrics=[*list(row.metrics or []), *metrics],
        attachments=_merged(list(row.attachments or []), list(args.attachments)),
        campaign_ids=_merged(list(row.campaign_ids or []), campaign_ids),
        petition_ids=_merged(list(row.petition_ids or []), petition_ids),
        timeline=[*list(row.timeline or []), ctx.timeline_entry("evidence", "; ".join(said))],
        version=version, updated_at=ctx.now))
    return Outcome(entity=ENTITY, id=row.id, version=version)


def get(session: Session, model_id: str, ward_id: str) -> dict[str, Any]:
    row = session.execute(select(model_t).where(
        model_t.c.id == model_id, model_t.c.ward_id == ward_id)).first()
    if row is None:
        raise ApiProblem(E.MODEL_NOT_FOUND)
    return model_wire(row)
