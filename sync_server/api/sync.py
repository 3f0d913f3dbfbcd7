"""API layer: the device sync endpoints (`POST /sync/push`, `GET /sync/pull`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from field_app.wire.protocol import PullResponse, PushRequest, PushResponse
from sync_server.api.deps import CurrentDevice, SessionDep
from sync_server.errors import problem_responses
from sync_server.services import devices, pull, push

router = APIRouter(prefix="/api/v1/sync", tags=["sync"],
                   responses=problem_responses(400, 401, 409, 413, 422, 426))


@router.post("/push", response_model=PushResponse, response_model_exclude_none=False)
def push_outbox(body: PushRequest, session: SessionDep, device: CurrentDevice) -> Response:
    """Apply the device's outbox in device_seq order, exactly once (see docs/sync-protocol.md)."""
    result = push.push(session, device, body)
    # already a validated PushResponse: serialize once, skip FastAPI's re-validation
    return Response(content=result.model_dump_json(), media_type="application/json")


@router.get("/pull", response_model=PullResponse)
def pull_changes(
    session: SessionDep,
    device: CurrentDevice,
    cursor: Annotated[str | None, Query(max_length=4000)] = None,
    limit: Annotated[int, Query(ge=1)] = 500,
) -> Response:
    """Changes of the device's group and ward after `cursor` (absent: a full snapshot)."""
    response = pull.pull(session, device, cursor=cursor, limit=limit, last_seq=device.last_seq)
    session.rollback()  # end the read snapshot before the (rare) write below
    devices.touch(session, device)
    session.commit()
    # built from the wire records: serialize once, skip FastAPI's re-validation of each change
    return Response(content=response.model_dump_json(), media_type="application/json")
