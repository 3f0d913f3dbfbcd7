"""API layer: the device sync endpoints (`POST /sync/push`, `GET /sync/pull`).

The routes below declare the endpoints (the OpenAPI schema, and the reference answers the
tests hold the lane to); the running server answers the phones' requests for them in
`api.sync_lane`, which calls the same work functions without FastAPI's per-request layers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from field_app.wire.protocol import MAX_PULL_LIMIT, PullResponse, PushRequest, PushResponse
from sync_server.api.deps import (
    DeviceCredentials,
    as_device,
    as_writer,
    json_body,
    json_body_openapi,
)
from sync_server.api.routing import ReleasingRoute
from sync_server.errors import problem_responses
from sync_server.services import devices, pull, push
from sync_server.services.devices import DeviceUser

PUSH_PATH = "/api/v1/sync/push"
PULL_PATH = "/api/v1/sync/pull"

router = APIRouter(route_class=ReleasingRoute, tags=["sync"],
                   responses=problem_responses(400, 401, 409, 413, 422, 426))

Work = Callable[[Session, DeviceUser], bytes]
WriteWork = Callable[[Session, str], bytes]


class PullQuery(BaseModel):
    """A pull's query parameters (others, such as the phone's `protocol`, are ignored)."""

    cursor: str | None = Field(default=None, max_length=4000,
                               description="From the previous page; absent: a full snapshot.")
    limit: int = Field(default=500, ge=1,
                       description=f"Changes per page (at most {MAX_PULL_LIMIT:,}).")


def push_work(raw: bytes) -> WriteWork:
    """The push of body `raw` (JSON, not yet parsed: the token is checked first) for the
    device of a token."""

    def work(session: Session, token: str) -> bytes:
        answer = push.push(session, token, lambda: json_body(raw, PushRequest))
        # already a validated PushResponse: serialize once, skip FastAPI's re-validation
        return answer.model_dump_json().encode()

    return work


def pull_work(query: PullQuery) -> Work:
    def work(session: Session, device: DeviceUser) -> bytes:
        response = pull.pull(session, device, cursor=query.cursor, limit=query.limit,
                             last_seq=device.last_seq)
        if devices.touch(session, device):  # at most once a minute: autocommits
            session.commit()
        # built from the wire records: serialize once, skip FastAPI's re-validation
        return response.to_json()

    return work


@router.post(PUSH_PATH, response_model=PushResponse, response_model_exclude_none=False,
             openapi_extra=json_body_openapi(PushRequest))
async def push_outbox(request: Request, credentials: DeviceCredentials) -> Response:
    """Apply the device's outbox in device_seq order, exactly once (see docs/sync-protocol.md).

    The body is a `PushRequest`, read after the device's token is checked (401 first)."""
    raw = await request.body()
    content = await as_writer(request, credentials, push_work(raw))
    return Response(content=content, media_type="application/json")


@router.get(PULL_PATH, response_model=PullResponse)
async def pull_changes(request: Request, credentials: DeviceCredentials,
                       query: Annotated[PullQuery, Query()]) -> Response:
    """Changes of the device's group and ward after `cursor` (absent: a full snapshot)."""
    content = await as_device(request, credentials, pull_work(query))
    return Response(content=content, media_type="application/json")
