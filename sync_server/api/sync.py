"""API layer: the device sync endpoints (`POST /sync/push`, `GET /sync/pull`).

They are routes of the app like every other, behind the same middlewares (body limit,
gzip both ways) and exception handlers (problems), and their database work runs off the
event loop like every other route's (see api.deps): in the process's sync thread, one
sync after another, on the session kept from one sync to the next (sync_session). One
thread, not the pool: two syncs at once would fight over the GIL and the kept session,
and a ward's burst took a fifth more CPU per phone so (decision 0031).

A ward's burst is made of them, so they are plain Starlette routes, matched first, and
skip what they do not need of FastAPI's per-request work: no dependencies to solve (the
token and the query are read from the request), no body parsed twice (pydantic-core reads
the raw push body once, after the token is checked), no answer validated again (the bytes
are made once, by orjson or pydantic). FastAPI cannot see their parameters, so `document`
writes them into the OpenAPI schema.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, ValidationError
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from field_app.wire.protocol import MAX_PULL_LIMIT, PullResponse, PushRequest, PushResponse
from sync_server.api.deps import bearer_token, json_body
from sync_server.errors import PROBLEM_JSON, problem_responses
from sync_server.services import devices, pull, push
from sync_server.services.devices import DeviceUser, device_for_token

PUSH_PATH = "/api/v1/sync/push"
PULL_PATH = "/api/v1/sync/pull"
JSON = "application/json"
T = TypeVar("T")


class PullQuery(BaseModel):
    """A pull's query parameters (others, such as the phone's `protocol`, are ignored)."""

    cursor: str | None = Field(default=None, max_length=4000,
                               description="From the previous page; absent: a full snapshot.")
    limit: int = Field(default=500, ge=1,
                       description=f"Changes per page (at most {MAX_PULL_LIMIT:,}).")


def pull_query(request: Request) -> PullQuery:
    """The pull's query parameters, or FastAPI's own 422 (`RequestValidationError`)."""
    try:
        return PullQuery.model_validate(dict(request.query_params))
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("query", *e["loc"])} for e in exc.errors()]) from None


def push_as_device(state: Any, token: str, raw: bytes) -> bytes:
    """A push in its turn among the writers (`db.WriterQueue`), in the sync thread. The
    kept sync session is in autocommit: the push begins its transaction itself, checking
    the token with its first statements (services.push.start), and ends it before the turn
    passes on; on failure it is rolled back here, in the same thread."""
    with state.sync_session.session() as session, state.writers.turn():
        try:
            answer = push.push(session, token, lambda: json_body(raw, PushRequest))
        except BaseException:
            session.rollback()
            raise
    # already a validated PushResponse: serialize once
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
    return response.to_json()  # built from the wire records by orjson


class SyncThread:
    """The process's one sync thread. Pulls go before pushes still waiting: a phone's sync
    is a push then a pull, so a pull finishes a phone that has already waited its turn,
    while a push starts another; in a ward's burst every phone's pull otherwise waited
    behind the pushes of all the phones that arrived after it."""

    PULL, PUSH = 0, 1

    def __init__(self) -> None:
        self._queue: queue.PriorityQueue[tuple[int, int, Callable[[], None]]] = (
            queue.PriorityQueue())
        self._order = itertools.count()
        self._started = False

    def _start(self) -> None:  # on the first sync: a test's app may never sync
        if not self._started:
            self._started = True
            threading.Thread(target=self._run, name="sync", daemon=True).start()

    def run(self, kind: int, work: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[T] = loop.create_future()

        def job() -> None:
            try:
                result = work(*args)
            except BaseException as exc:  # handed to the awaiting request
                loop.call_soon_threadsafe(_settle, done, None, exc)
            else:
                loop.call_soon_threadsafe(_settle, done, result, None)

        self._queue.put((kind, next(self._order), job))
        self._start()  # on the event loop's thread only: no race
        return done

    def _run(self) -> None:
        while True:
            _, _, job = self._queue.get()
            job()


def _settle(done: asyncio.Future[Any], result: Any, exc: BaseException | None) -> None:
    if done.cancelled():
        return
    if exc is not None:
        done.set_exception(exc)
    else:
        done.set_result(result)


async def in_sync_thread(state: Any, kind: int, work: Callable[..., T], *args: Any) -> T:
    """`work(*args)` in the process's sync thread (`state.sync_thread`), a pull before
    the pushes waiting (`SyncThread`)."""
    thread: SyncThread = state.sync_thread
    return await thread.run(kind, work, *args)


async def push_outbox(request: Request) -> Response:
    """Apply the device's outbox in device_seq order, exactly once (see docs/sync-protocol.md).

    The body is a `PushRequest`, read after the device's token is checked (401 first). The
    answer waits until the push is on disk (`db.WriterQueue.on_disk`)."""
    token = bearer_token(request)
    raw = await request.body()
    state = request.app.state
    content = await in_sync_thread(state, SyncThread.PUSH, push_as_device, state, token, raw)
    await state.writers.on_disk()  # the phone forgets its copy once the push is answered
    return Response(content=content, media_type=JSON)


async def pull_changes(request: Request) -> Response:
    """Changes of the device's group and ward after `cursor` (absent: a full snapshot)."""
    query = pull_query(request)  # a bad query is a 422 before the token is looked at
    state = request.app.state
    content = await in_sync_thread(state, SyncThread.PULL, pull_as_device, state,
                                   bearer_token(request), query)
    return Response(content=content, media_type=JSON)


routes: list[BaseRoute] = [Route(PUSH_PATH, push_outbox, methods=["POST"]),
                           Route(PULL_PATH, pull_changes, methods=["GET"])]


# -- the OpenAPI schema of the two routes --------------------------------------------------

_REF = "#/components/schemas/{model}"
_MODELS: tuple[type[BaseModel], ...] = (PushRequest, PushResponse, PullResponse)


def _operation(endpoint: Any, model: type[BaseModel], **more: Any) -> dict[str, Any]:
    problems = {str(status): {k: v for k, v in answer.items() if k != "model"}
                for status, answer in problem_responses(400, 401, 409, 413, 422, 426).items()}
    problem = {PROBLEM_JSON: {"schema": {"$ref": _REF.format(model="Problem")}}}
    summary, _, description = inspect.cleandoc(endpoint.__doc__ or "").partition("\n\n")
    return {"tags": ["sync"], "summary": summary.strip(), "description": description.strip(),
            "operationId": endpoint.__name__, "security": [{"HTTPBearer": []}], **more,
            "responses": {"200": {"description": "Successful Response", "content": {
                JSON: {"schema": {"$ref": _REF.format(model=model.__name__)}}}},
                **problems, "default": {"description": "Problem", "content": problem}}}


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema()
    return [{"name": name, "in": "query", "required": name in schema.get("required", []),
             "description": field.get("description", ""),
             "schema": {k: v for k, v in field.items() if k != "description"}}
            for name, field in schema["properties"].items()]


def document(app: FastAPI) -> None:
    """Put the two routes, their body and answers in the app's OpenAPI schema."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        fresh = app.openapi_schema is None
        schema = build()
        if fresh:
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in _MODELS:
                body = model.model_json_schema(ref_template=_REF)
                components.update(body.pop("$defs", {}))
                components[model.__name__] = body
            body_ref = {"$ref": _REF.format(model=PushRequest.__name__)}
            schema["paths"][PUSH_PATH] = {"post": _operation(
                push_outbox, PushResponse,
                requestBody={"required": True, "content": {JSON: {"schema": body_ref}}})}
            schema["paths"][PULL_PATH] = {"get": _operation(
                pull_changes, PullResponse, parameters=_query_parameters(PullQuery))}
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
