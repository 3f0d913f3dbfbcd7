"""API layer: the device sync endpoints (`POST /sync/push`, `GET /sync/pull`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from sqlmodel import Session

from field_app.wire.protocol import PullResponse, PushRequest, PushResponse
from sync_server.api.deps import DeviceCredentials, as_device, json_body, json_body_openapi
from sync_server.api.routing import ReleasingRoute
from sync_server.errors import problem_responses
from sync_server.services import devices, pull, push
from sync_server.services.devices import DeviceUser

router = APIRouter(route_class=ReleasingRoute, prefix="/api/v1/sync", tags=["sync"],
                   responses=problem_responses(400, 401, 409, 413, 422, 426))


@router.post("/push", response_model=PushResponse, response_model_exclude_none=False,
             openapi_extra=json_body_openapi(PushRequest))
async def push_outbox(request: Request, credentials: DeviceCredentials) -> Response:
    """Apply the device's outbox in device_seq order, exactly once (see docs/sync-protocol.md).

    The body is a `PushRequest`, read after the device's token is checked (401 first)."""
    raw = await request.body()

    def work(session: Session, device: DeviceUser) -> bytes:
        body = json_body(raw, PushRequest)
        # already a validated PushResponse: serialize once, skip FastAPI's re-validation
        return push.push(session, device, body).model_dump_json().encode()

    content = await as_device(request, credentials, work)
    return Response(content=content, media_type="application/json")


@router.get("/pull", response_model=PullResponse)
async def pull_changes(
    request: Request,
    credentials: DeviceCredentials,
    cursor: Annotated[str | None, Query(max_length=4000)] = None,
    limit: Annotated[int, Query(ge=1)] = 500,
) -> Response:
    """Changes of the device's group and ward after `cursor` (absent: a full snapshot)."""

    def work(session: Session, device: DeviceUser) -> bytes:
        response = pull.pull(session, device, cursor=cursor, limit=limit,
                             last_seq=device.last_seq)
        # end the read snapshot before the (rare) write below; with a commit, not a rollback,
        # after which psycopg would drop its prepared statements (and the server's plans)
        session.commit()
        if devices.touch(session, device):
            session.commit()
        # built from the wire records: serialize once, skip FastAPI's re-validation
        return response.to_json()

    content = await as_device(request, credentials, work, reads_first=True, with_position=True)
    return Response(content=content, media_type="application/json")
