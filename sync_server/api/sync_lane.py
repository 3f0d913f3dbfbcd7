"""API layer: the phones' sync requests answered straight from ASGI, the lane of a ward's burst.

When a ward's phones sync together, each push and pull is a few milliseconds of work, and
FastAPI's per-request layers around it (the exception and routing middlewares, the
dependency solving, the request and response objects, the response gzip wrapper) cost
about a quarter of the server's CPU: on 2 cores, the p95 of 200 phones at once fell by
about a quarter without them (docs/performance.md, fifth round). `SyncLane` sits in front
of those layers and answers `POST /api/v1/sync/push` and `GET /api/v1/sync/pull` itself,
with the same work functions as the declared routes (`api.sync`), the same body limit and
gzip handling (`compression`) and the same problems (`errors.problem_for`); a test holds
its answers to the routes' own (tests/server/test_sync_lane.py). Every other request goes
on to the app.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

import orjson
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.types import ASGIApp, Receive, Scope, Send

from sync_server.api.deps import run_as_device, run_as_writer, unauthorized
from sync_server.api.sync import PULL_PATH, PUSH_PATH, PullQuery, pull_work, push_work
from sync_server.compression import (
    BAD_GZIP_DETAIL,
    RESPONSE_MIN_BYTES,
    BadGzip,
    BodyTooLarge,
    Inflater,
    gzip_response,
    is_gzip,
)
from sync_server.errors import PROBLEM_JSON, ApiProblem, E, problem_for

JSON = b"application/json"
Handler = Callable[[Scope, dict[bytes, bytes], Receive], Awaitable[bytes]]


class SyncLane:
    """ASGI middleware answering the two sync endpoints; `state` is the app's state
    (engines), `max_body` the JSON body limit, as sent and once inflated."""

    def __init__(self, app: ASGIApp, *, state: Any, max_body: int) -> None:
        self.app = app
        self.state = state
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path, method = scope["path"], scope["method"]
            if path == PUSH_PATH and method == "POST":
                await self._answer(self._push, scope, receive, send)
                return
            if path == PULL_PATH and method == "GET":
                await self._answer(self._pull, scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _answer(self, handler: Handler, scope: Scope, receive: Receive, send: Send
                      ) -> None:
        headers: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            headers.setdefault(name, value)  # the first of a repeated header, as Starlette
        status, extra = 200, {}
        try:
            content, media_type = await handler(scope, headers, receive), JSON
        except ClientGone:
            return
        except Exception as exc:  # every error ends as a problem, as the app's handlers do
            body, problem_headers = problem_for(_as_problem(exc))
            status, extra = body["status"], problem_headers or {}
            content, media_type = orjson.dumps(body), PROBLEM_JSON.encode()
        await _send(send, status, content, media_type, extra,
                    gzip=b"gzip" in headers.get(b"accept-encoding", b""))

    async def _push(self, scope: Scope, headers: dict[bytes, bytes], receive: Receive) -> bytes:
        raw = await self._body(headers, receive)
        return await run_as_writer(self.state, _token(headers), push_work(raw))

    async def _pull(self, scope: Scope, headers: dict[bytes, bytes], receive: Receive) -> bytes:
        params = dict(parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True))
        try:
            query = PullQuery.model_validate(params)
        except ValidationError as exc:
            raise RequestValidationError(
                [{**e, "loc": ("query", *e["loc"])} for e in exc.errors()]) from None
        return run_as_device(self.state, _token(headers), pull_work(query))

    async def _body(self, headers: dict[bytes, bytes], receive: Receive) -> bytes:
        """The request body, inflated when gzip, refused past the limit (as the app's
        BodyLimitMiddleware and GzipRequestMiddleware would)."""
        if _declared_length(headers) > self.max_body:
            raise ApiProblem(E.BODY_TOO_LARGE)
        inflater = Inflater(self.max_body) if is_gzip(headers.get(b"content-encoding")) else None
        parts: list[bytes] = []
        received = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the phone went away
                raise ClientGone
            chunk = message.get("body", b"")
            more = bool(message.get("more_body", False))
            received += len(chunk)
            if received > self.max_body:
                raise ApiProblem(E.BODY_TOO_LARGE)
            if inflater is not None:
                inflater.feed(chunk)
            else:
                parts.append(chunk)
        return inflater.finish() if inflater is not None else b"".join(parts)


class ClientGone(Exception):
    """The phone closed the connection before its request body arrived: nothing to answer."""


def _declared_length(headers: dict[bytes, bytes]) -> int:
    try:
        return int(headers.get(b"content-length", b"0"))
    except ValueError:
        return 0


def _token(headers: dict[bytes, bytes]) -> str:
    """The bearer token (as FastAPI's HTTPBearer reads it), else 401."""
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise unauthorized()
    return token


def _as_problem(exc: Exception) -> Exception:
    if isinstance(exc, BodyTooLarge):
        return ApiProblem(E.BODY_TOO_LARGE)
    if isinstance(exc, BadGzip):
        return ApiProblem(E.MALFORMED_JSON, detail=BAD_GZIP_DETAIL, status=400)
    return exc


async def _send(send: Send, status: int, content: bytes, media_type: bytes,
                extra: dict[str, str], *, gzip: bool) -> None:
    headers = [(b"content-type", media_type)]
    headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in extra.items()]
    if gzip and len(content) >= RESPONSE_MIN_BYTES:
        content = gzip_response(content)
        headers += [(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")]
    headers.append((b"content-length", str(len(content)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": content})
