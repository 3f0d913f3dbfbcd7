"""HTTP layer: compression on the wire for phones on 3G (gzip request bodies, gzip responses).

`GzipRequestMiddleware` accepts `Content-Encoding: gzip` request bodies (what the phone's
sync client sends) and hands the app the plain body. The decompressed size is capped at the
JSON body limit (413 problem, so a small "zip bomb" cannot blow up memory); a body that is
not valid gzip is a 400 problem. `install_compression` also adds Starlette's GZip responses
for clients that send `Accept-Encoding: gzip`.
"""

from __future__ import annotations

import zlib

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync_server.errors import E, problem_body, problem_response

RESPONSE_MIN_BYTES = 500  # smaller responses are not worth the gzip header
RESPONSE_LEVEL = 6  # zlib's default: most of level 9's ratio at a fraction of its CPU


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
        encoding = next((v for k, v in headers if k == b"content-encoding"), None)
        if encoding is None or encoding.strip().lower() != b"gzip":
            await self.app(scope, receive, send)
            return
        is_upload = str(scope.get("path", "")).startswith(self.upload_prefix)
        max_body = self.upload_max_body if is_upload else self.json_max_body
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        parts: list[bytes] = []
        size = 0
        more = True
        try:
            while more:
                message = await receive()
                if message["type"] != "http.request":  # the client went away
                    return
                more = bool(message.get("more_body", False))
                chunk = inflater.decompress(message.get("body", b""), max_body + 1 - size)
                size += len(chunk)
                parts.append(chunk)
                if size > max_body or inflater.unconsumed_tail:
                    await problem_response(problem_body(E.BODY_TOO_LARGE))(scope, receive, send)
                    return
            tail = inflater.flush()
            size += len(tail)
            parts.append(tail)
            if size > max_body:
                await problem_response(problem_body(E.BODY_TOO_LARGE))(scope, receive, send)
                return
            if not inflater.eof:
                raise zlib.error("truncated gzip body")
        except zlib.error:
            body = problem_body(E.MALFORMED_JSON, detail="Nội dung nén gzip không hợp lệ.",
                                status=400)
            await problem_response(body)(scope, receive, send)
            return
        plain = b"".join(parts)
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


def install_compression(app: FastAPI, *, max_json_body: int, max_upload_body: int) -> None:
    """Call before adding the body-limit middleware, so that it sees the compressed size."""
    app.add_middleware(GzipRequestMiddleware, max_body=max_json_body,
                       upload_max_body=max_upload_body)
    app.add_middleware(GZipMiddleware, minimum_size=RESPONSE_MIN_BYTES,
                       compresslevel=RESPONSE_LEVEL)
