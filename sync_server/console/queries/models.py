"""Console layer (queries): the ward's "Dân vận khéo" models: the filtered register, the
counts by field, and one model with its evidence (linked campaigns' totals, petitions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from field_app.wire.records import FieldOfWork, TimelineEntry
from field_app.wire.text import fold, like_pattern
from sync_server.errors import ApiProblem
from sync_server.models.tables import group_t, model_t, petition_t
from sync_server.services import campaigns as campaign_service
from sync_server.services.records import model_wire


@dataclass(frozen=True)
class ModelFilters:
    field: str | None = None
    level: str | None = None
    unit_kind: str | None = None
    status: str | None = None
    year: int | None = None
    q: str = ""


@dataclass
class ModelRegister:
    items: list[dict[str, Any]]
    total: int
    by_field: dict[str, int]  # every field, in the ward's order, over the other filters
    years: list[int] = field(default_factory=list)


def _where(filters: ModelFilters, *, ward_id: str, with_field: bool = True) -> list[Any]:
    conds: list[Any] = [model_t.c.ward_id == ward_id]
    if with_field and filters.field:
        conds.append(model_t.c.field == filters.field)
    if filters.level:
        conds.append(model_t.c.level == filters.level)
    if filters.unit_kind:
        conds.append(model_t.c.unit_kind == filters.unit_kind)
    if filters.status:
        conds.append(model_t.c.status == filters.status)
    if filters.year:
        conds.append(model_t.c.year == filters.year)
    if fold(filters.q):
        conds.append(model_t.c.search_text.like(like_pattern(filters.q), escape="\\"))
    return conds


def model_register(db: Session, *, ward_id: str, filters: ModelFilters) -> ModelRegister:
    """The models that match, newest year first then by name, and the counts by field of
    the models matching every filter but the field (so the four numbers add up to the
    total the officer sees without a field chosen)."""
    rows = db.execute(select(model_t, group_t.c.name.label("group_name"))
                      .outerjoin(group_t, group_t.c.id == model_t.c.group_id)
                      .where(*_where(filters, ward_id=ward_id))
                      .order_by(model_t.c.year.desc(), model_t.c.name)).all()
    counted = dict(db.execute(select(model_t.c.field, func.count())
                              .where(*_where(filters, ward_id=ward_id, with_field=False))
                              .group_by(model_t.c.field)).all())
    years = sorted({int(y) for y in db.execute(select(model_t.c.year).where(
        model_t.c.ward_id == ward_id).distinct()).scalars()}, reverse=True)
    items = [{**model_wire(r), "group_name": r.group_name} for r in rows]
    return ModelRegister(items=items, total=len(items),
                         by_field={f.value: int(counted.get(f.value, 0)) for f in FieldOfWork},
                         years=years)


def model_detail(db: Session, *, ward_id: str, model_id: str) -> dict[str, Any] | None:
    """One model of the ward with its linked campaigns (and their totals per kind) and
    petitions (title and status); None when the ward has no such model."""
    row = db.execute(select(model_t, group_t.c.name.label("group_name"))
                     .outerjoin(group_t, group_t.c.id == model_t.c.group_id)
                     .where(model_t.c.id == model_id, model_t.c.ward_id == ward_id)).first()
    if row is None:
        return None
    linked_campaigns = []
    for cid in row.campaign_ids or []:
        try:
            linked_campaigns.append(campaign_service.summary(db, cid, ward_id))
        except ApiProblem:  # a campaign the ward no longer has is left out
            continue
    petitions = db.execute(select(petition_t.c.id, petition_t.c.title, petition_t.c.status)
                           .where(petition_t.c.id.in_(list(row.petition_ids or [])),
                                  petition_t.c.ward_id == ward_id)).all()
    timeline = [TimelineEntry.model_validate(e) for e in row.timeline or []]
    return {**model_wire(row), "group_name": row.group_name, "timeline": timeline,
            "campaigns": linked_campaigns,
            "petitions": [dict(p._mapping) for p in petitions]}
