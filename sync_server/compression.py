"""HTTP layer: compression on the wire for phones on 3G (gzip request bodies, gzip responses).

`GzipRequestMiddleware` accepts `Content-Encoding: gzip` request bodies (what the phone's
sync client sends) and hands the app the plain body. The decompressed size is capped at the
JSON body limit (413 problem, so a small "zip bomb" cannot blow up memory); a body that is
not valid gzip is a 400 problem. `GzipResponseMiddleware` gzips the answers of clients that
send `Accept-Encoding: gzip`, by zlib-ng (`gzip_response`). Both are plain ASGI middlewares,
for every route alike (the phones' push and pull among them).
"""

from __future__ import annotations

import zlib
from typing import Any

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from zlib_ng import zlib_ng

from sync_server.errors import E, problem_body, problem_response

RESPONSE_MIN_BYTES = 500  # smaller responses are not worth the gzip header
RESPONSE_LEVEL = 6  # zlib's default: most of level 9's ratio at a fraction of its CPU


class BodyTooLarge(Exception):
    """The body (as sent, or once inflated) is over the limit: 413 `request.body_too_large`."""


class BadGzip(Exception):
    """The body says it is gzip and is not: 400 `request.malformed_json`."""


BAD_GZIP_DETAIL = "Nội dung nén gzip không hợp lệ."


class Inflater:
    """A gzip request body inflated piece by piece, never past `max_body` bytes."""

    def __init__(self, max_body: int) -> None:
        self.max_body = max_body
        self.size = 0
        self.parts: list[bytes] = []
        self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, data: bytes) -> None:
        try:
            chunk = self._zlib.decompress(data, self.max_body + 1 - self.size)
        except zlib.error as exc:
            raise BadGzip from exc
        self.size += len(chunk)
        self.parts.append(chunk)
        if self.size > self.max_body or self._zlib.unconsumed_tail:
            raise BodyTooLarge

    def finish(self) -> bytes:
        try:
            tail = self._zlib.flush()
        except zlib.error as exc:
            raise BadGzip from exc
        self.size += len(tail)
        self.parts.append(tail)
        if self.size > self.max_body:
            raise BodyTooLarge
        if not self._zlib.eof:
            raise BadGzip("truncated gzip body")
        return b"".join(self.parts)


def is_gzip(encoding: bytes | None) -> bool:
    return encoding is not None and encoding.strip().lower() == b"gzip"


def gzip_response(content: bytes) -> bytes:
    """A sync answer gzipped at the GZip middleware's level, in one call, by zlib-ng (the
    same format as zlib's, for any gzip reader): at level 6 it takes about half zlib's CPU
    and writes 2-5 % fewer bytes on pull pages (docs/performance.md, seventh round). The
    window is no larger than the body: the same bytes out, less to set up for a small
    answer."""
    window = max(9, min(zlib.MAX_WBITS, (len(content) + 262).bit_length()))  # + MIN_LOOKAHEAD
    return zlib_ng.compress(content, RESPONSE_LEVEL, 16 + window)


class GzipRequestMiddleware:
    """Decodes gzip request bodies, refusing those that inflate past `max_body` bytes."""

    def __init__(self, app: ASGIApp, *, max_body: int, upload_max_body: int | None = None,
                 upload_prefix: str = "/api/v1/attachments/") -> None:
        self.app = app
        self.json_max_body = max_body
        self.upload_max_body = upload_max_body or max_body
        self.upload_prefix = upload_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers", [])
        if not is_gzip(next((v for k, v in headers if k == b"content-encoding"), None)):
            await self.app(scope, receive, send)
            return
        is_upload = str(scope.get("path", "")).startswith(self.upload_prefix)
        inflater = Inflater(self.upload_max_body if is_upload else self.json_max_body)
        more = True
        try:
            while more:
                message = await receive()
                if message["type"] != "http.request":  # the client went away
                    return
                more = bool(message.get("more_body", False))
                inflater.feed(message.get("body", b""))
            plain = inflater.finish()
        except BodyTooLarge:
            await problem_response(problem_body(E.BODY_TOO_LARGE))(scope, receive, send)
            return
        except BadGzip:
            body = problem_body(E.MALFORMED_JSON, detail=BAD_GZIP_DETAIL, status=400)
            await problem_response(body)(scope, receive, send)
            return
        new_headers = [(k, v) for k, v in headers
                       if k not in (b"content-encoding", b"content-length")]
        new_headers.append((b"content-length", str(len(plain)).encode()))
        sent = False

        async def plain_receive() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": plain, "more_body": False}
            return await receive()

        await self.app({**scope, "headers": new_headers}, plain_receive, send)


NOT_COMPRESSED = ("image/", "audio/", "video/", "font/woff", "text/event-stream",
                  "application/gzip", "application/x-gzip", "application/zip")


class GzipResponseMiddleware:
    """Gzips responses of `minimum_size` bytes or more for clients that accept gzip: a
    response sent in one piece (every JSON answer) in one call of `gzip_response`, a
    streamed one piece by piece; responses already encoded, and images, go as they are."""

    def __init__(self, app: ASGIApp, *, minimum_size: int = RESPONSE_MIN_BYTES) -> None:
        self.app = app
        self.minimum_size = minimum_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _accepts_gzip(scope):
            await self.app(scope, receive, _GzipSender(send, self.minimum_size).send)
        else:
            await self.app(scope, receive, send)


def _accepts_gzip(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"accept-encoding":  # the first of a repeated header, as Starlette
            return b"gzip" in value
    return False


class _GzipSender:
    """The `send` of one response, gzipping its body when it is worth it."""

    def __init__(self, send: Send, minimum_size: int) -> None:
        self._send = send
        self.minimum_size = minimum_size
        self.start: Message | None = None  # held until the first piece of the body
        self.passthrough = False
        self.stream: Any = None  # a zlib-ng compressor, for a streamed body

    async def send(self, message: Message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            headers = Headers(raw=message["headers"])
            self.passthrough = "content-encoding" in headers or headers.get(
                "content-type", "").startswith(NOT_COMPRESSED)
            if self.passthrough:
                await self._send(message)
            else:
                self.start = message
            return
        if self.passthrough or kind != "http.response.body":
            await self._flush_start()
            await self._send(message)
            return
        body: bytes = message.get("body", b"")
        more = bool(message.get("more_body", False))
        if self.stream is None and self.start is not None:  # the first piece
            if not more:
                if len(body) < self.minimum_size:
                    await self._flush_start()
                    await self._send(message)
                    return
                body = gzip_response(body)
                await self._send_start(length=len(body))
                await self._send({"type": "http.response.body", "body": body})
                return
            self.stream = zlib_ng.compressobj(RESPONSE_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            await self._send_start(length=None)
        if self.stream is None:  # sent as it was: the rest goes as it is
            await self._send(message)
            return
        out = self.stream.compress(body)
        if not more:
            out += self.stream.flush()
        await self._send({"type": "http.response.body", "body": out, "more_body": more})

    async def _flush_start(self) -> None:
        if self.start is not None:
            start, self.start = self.start, None
            await self._send(start)

    async def _send_start(self, *, length: int | None) -> None:
        assert self.start is not None
        start, self.start = self.start, None
        headers = MutableHeaders(raw=list(start["headers"]))
        del headers["content-length"]
        headers["content-encoding"] = "gzip"
        headers.add_vary_header("Accept-Encoding")
        if length is not None:
            headers["content-length"] = str(length)
        await self._send({**start, "headers": headers.raw})


def install_compression(app: FastAPI, *, max_json_body: int, max_upload_body: int) -> None:
    """Call before adding the body-limit middleware, so that it sees the compressed size."""
    app.add_middleware(GzipRequestMiddleware, max_body=max_json_body,
                       upload_max_body=max_upload_body)
    app.add_middleware(GzipResponseMiddleware, minimum_size=RESPONSE_MIN_BYTES)
