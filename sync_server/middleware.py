"""HTTP layer: the request body limit (413 problem), also for bodies without Content-Length."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync_server.errors import ApiProblem, E, problem_body, problem_response


class BodyLimitMiddleware:
    """Refuses request bodies over the limit: early from Content-Length, else while streaming."""

    def __init__(self, app: ASGIApp, *, json_limit: int, attachment_limit: int,
                 attachment_prefix: str = "/api/v1/attachments/") -> None:
        self.app = app
        self.json_limit = json_limit
        self.attachment_limit = attachment_limit
        self.attachment_prefix = attachment_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        is_upload = path.startswith(self.attachment_prefix)
        limit = self.attachment_limit if is_upload else self.json_limit
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > limit
                except ValueError:
                    too_big = False
                if too_big:
                    await problem_response(problem_body(E.BODY_TOO_LARGE))(scope, receive, send)
                    return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise ApiProblem(E.BODY_TOO_LARGE)
            return message

        await self.app(scope, limited_receive, send)
