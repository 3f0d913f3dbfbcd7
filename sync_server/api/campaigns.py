"""API layer: contribution campaigns and ledger entries for ward staff (totals and balances)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from field_app.wire.mutations import (
    CampaignCreate,
    CampaignFields,
    CampaignUpdate,
    ContributionRecord,
    ContributionReverse,
)
from sync_server.api.deps import CurrentStaff, SessionDep
from sync_server.errors import ApiProblem, E, problem_responses
from sync_server.services import campaigns
from sync_server.services.staff_writes import group_in_ward, staff_context

router = APIRouter(prefix="/api/v1/campaigns", tags=["campaigns"],
                   responses=problem_responses(401, 404, 409, 422))


class CampaignNew(CampaignFields):
    id: uuid.UUID | None = None
    group_id: str
    title: str = Field(min_length=1, max_length=300)


class CampaignPatch(CampaignFields):
    base_version: int | None = Field(default=None, ge=0)


class EntryNew(BaseModel):
    id: uuid.UUID | None = None
    household_id: uuid.UUID
    entry_type: str = Field(pattern="^(pledge|receipt)$")
    kind: str
    quantity: str
    recorded_on: date
    collector: str | None = None
    receipt_no: str | None = None
    note: str | None = None


class ReversalNew(BaseModel):
    id: uuid.UUID | None = None
    recorded_on: date
    note: str | None = None
    collector: str | None = None


def _campaign_scope(session: SessionDep, staff: CurrentStaff, campaign_id: str) -> str:
    return group_in_ward(session, staff, campaigns.group_of(session, campaign_id, staff.ward_id))


@router.get("")
def list_campaigns(session: SessionDep, staff: CurrentStaff,
                   group_id: str | None = None) -> list[dict[str, Any]]:
    """Campaigns of the ward."""
    return campaigns.list_campaigns(session, ward_id=staff.ward_id, group_id=group_id)


@router.get("/{campaign_id}")
def get_campaign(campaign_id: str, session: SessionDep, staff: CurrentStaff) -> dict[str, Any]:
    """A campaign with totals per kind {pledged, received, target}, household balances, entries."""
    return campaigns.summary(session, campaign_id, staff.ward_id)


@router.post("", status_code=201)
def create_campaign(body: CampaignNew, session: SessionDep, staff: CurrentStaff) -> dict[str, Any]:
    """Start a campaign for a group; the group's phones pull it."""
    ctx = staff_context(session, staff, group_in_ward(session, staff, body.group_id))
    args = CampaignCreate.model_validate(
        {**body.model_dump(exclude={"id", "group_id"}, exclude_unset=True),
         "id": body.id or uuid.uuid4()})
    outcome = campaigns.create(ctx, args, group_id=body.group_id)
    ctx.commit()
    return campaigns.summary(session, outcome.id, staff.ward_id)


@router.patch("/{campaign_id}")
def update_campaign(campaign_id: str, body: CampaignPatch, session: SessionDep,
                    staff: CurrentStaff) -> dict[str, Any]:
    """Change some fields of a campaign; `conflict_fields` names any kept values."""
    ctx = staff_context(session, staff, _campaign_scope(session, staff, campaign_id))
    args = CampaignUpdate.model_validate({**body.model_dump(exclude_unset=True), "id": campaign_id})
    outcome = campaigns.update_fields(ctx, args, body.base_version)
    ctx.commit()
    return {**campaigns.summary(session, campaign_id, staff.ward_id),
            "conflict_fields": outcome.conflict_fields}


@router.post("/{campaign_id}/entries", status_code=201)
def record_entry(campaign_id: str, body: EntryNew, session: SessionDep,
                 staff: CurrentStaff) -> dict[str, Any]:
    """Append a pledge or receipt to the ledger."""
    ctx = staff_context(session, staff, _campaign_scope(session, staff, campaign_id))
    try:
        args = ContributionRecord.model_validate(
            {**body.model_dump(exclude={"id"}), "id": body.id or uuid.uuid4(),
             "campaign_id": campaign_id})
    except ValueError as exc:
        raise ApiProblem(E.VALIDATION, str(exc)[:500]) from exc
    outcome = campaigns.record_entry(ctx, args)
    ctx.commit()
    return {"id": outcome.id, "version": outcome.version}


@router.post("/{campaign_id}/entries/{entry_id}/reverse", status_code=201)
def reverse_entry(campaign_id: str, entry_id: str, body: ReversalNew, session: SessionDep,
                  staff: CurrentStaff) -> dict[str, Any]:
    """Cancel an entry with a reversal entry (entries are never edited or deleted)."""
    ctx = staff_context(session, staff, _campaign_scope(session, staff, campaign_id))
    if campaigns.entry_campaign(session, entry_id) != campaign_id:
        raise ApiProblem(E.ENTRY_NOT_FOUND)
    try:
        args = ContributionReverse.model_validate(
            {**body.model_dump(exclude={"id"}), "id": body.id or uuid.uuid4(),
             "reverses_id": entry_id})
    except ValueError as exc:
        raise ApiProblem(E.ENTRY_NOT_FOUND) from exc
    outcome = campaigns.reverse_entry(ctx, args)
    ctx.commit()
    return {"id": outcome.id, "version": outcome.version}
