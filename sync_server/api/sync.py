"""API layer: the device sync endpoints (`POST /sync/push`, `GET /sync/pull`).

They are ordinary routes of the app, behind the same middlewares as every other (body
limit, gzip both ways, problems), and their database work runs in the thread pool like
every other route's (see api.deps). They skip what they do not need of FastAPI's
per-request layers: no dependencies to solve (the token and the query are read from the
request), no body parsed twice (pydantic-core reads the raw push body once, after the token
is checked), no answer validated again (the bytes are made once, by orjson or pydantic).
Their parameters, body and security are documented in the OpenAPI schema by hand.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from field_app.wire.protocol import MAX_PULL_LIMIT, PullResponse, PushRequest, PushResponse
from sync_server.api.deps import bearer_token, json_body, json_body_openapi
from sync_server.errors import problem_responses
from sync_server.services import devices, pull, push
from sync_server.services.devices import DeviceUser, device_for_token

PUSH_PATH = "/api/v1/sync/push"
PULL_PATH = "/api/v1/sync/pull"

router = APIRouter(tags=["sync"], responses=problem_responses(400, 401, 409, 413, 422, 426))

JSON = "application/json"
BEARER: list[dict[str, list[str]]] = [{"HTTPBearer": []}]


class PullQuery(BaseModel):
    """A pull's query parameters (others, such as the phone's `protocol`, are ignored)."""

    cursor: str | None = Field(default=None, max_length=4000,
                               description="From the previous page; absent: a full snapshot.")
    limit: int = Field(default=500, ge=1,
                       description=f"Changes per page (at most {MAX_PULL_LIMIT:,}).")


def _query_openapi(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The OpenAPI parameters of a query model (as FastAPI documents `Query()` models)."""
    schema = model.model_json_schema()
    return [{"name": name, "in": "query", "required": name in schema.get("required", []),
             "schema": {k: v for k, v in field.items() if k != "description"},
             **({"description": field["description"]} if "description" in field else {})}
            for name, field in schema["properties"].items()]


def pull_query(request: Request) -> PullQuery:
    """The pull's query parameters, or FastAPI's own 422 (`RequestValidationError`)."""
    try:
        return PullQuery.model_validate(dict(request.query_params))
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("query", *e["loc"])} for e in exc.errors()]) from None


def push_as_device(state: Any, token: str, raw: bytes) -> bytes:
    """A push in its turn among the writers (`db.WriterQueue`), in a worker thread. The
    kept sync session is in autocommit: the push begins its transaction itself, checking
    the token with its first statements (services.push.start), and ends it before the turn
    passes on; on failure it is rolled back here, in the same thread."""
    with state.sync_session.session() as session, state.writers.turn():
        try:
            answer = push.push(session, token, lambda: json_body(raw, PushRequest))
        except BaseException:
            session.rollback()
            raise
    # already a validated PushResponse: serialize once, skip FastAPI's re-validation
    return answer.model_dump_json().encode()


def pull_as_device(state: Any, token: str, query: PullQuery) -> bytes:
    """A pull page: the token and the phone's sync position in one statement, then the
    changes, on the kept sync session (autocommit: "nothing new" is one statement)."""
    with state.sync_session.session() as session:
        device = device_for_token(session, token, with_position=True)
        return _pull_page(session, device, query)


def _pull_page(session: Session, device: DeviceUser, query: PullQuery) -> bytes:
    response = pull.pull(session, device, cursor=query.cursor, limit=query.limit,
                         last_seq=device.last_seq)
    if devices.touch(session, device):  # at most once a minute: autocommits
        session.commit()
    # built from the wire records: serialize once, skip FastAPI's re-validation
    return response.to_json()




@router.post(PUSH_PATH, response_model=PushResponse, response_model_exclude_none=False,
             openapi_extra={**json_body_openapi(PushRequest), "security": BEARER})
async def push_outbox(request: Request) -> Response:
    """Apply the device's outbox in device_seq order, exactly once (see docs/sync-protocol.md).

    The body is a `PushRequest`, read after the device's token is checked (401 first).
    The work runs in the thread pool, as every route's; the answer waits until the push
    is on disk (`db.WriterQueue.on_disk`)."""
    token = bearer_token(request)
    raw = await request.body()
    state = request.app.state
    content = await run_in_threadpool(push_as_device, state, token, raw)
    await state.writers.on_disk()  # the phone forgets its copy once the push is answered
    return Response(content=content, media_type=JSON)


@router.get(PULL_PATH, response_model=PullResponse,
            openapi_extra={"parameters": _query_openapi(PullQuery), "security": BEARER})
def pull_changes(request: Request) -> Response:
    """Changes of the device's group and ward after `cursor` (absent: a full snapshot)."""
    query = pull_query(request)  # a bad query is a 422 before the token is looked at
    content = pull_as_device(request.app.state, bearer_token(request), query)
    return Response(content=content, media_type=JSON)
