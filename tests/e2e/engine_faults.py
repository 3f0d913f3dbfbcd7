"""Faults between the phone's sync engine and a real server, as an httpx transport wrapper.

Each planned fault hits the next request whose path contains a fragment:
  request_lost   the request never reaches the server (connection refused)
  response_lost  the server commits, then the connection drops before the answer
  timeout        the server commits, the answer comes too late (read timeout)
  http_500       the server answers 500 without doing anything
  truncated      the server commits, the answer arrives cut in half
  duplicated     the network delivers the request twice; the phone sees the second answer
`down = True` makes every request fail as if the server were unreachable.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from field_app.store import LocalStore
from field_app.sync import RetryPolicy, SyncEngine

# one TLS context for every test transport: each new one reads the CA bundle again (80 ms, a
# third of the fixed cost of a reliability case); the tests speak plain HTTP to 127.0.0.1
TLS = httpx.create_ssl_context()
FAULTS = ("request_lost", "response_lost", "timeout", "http_500", "truncated", "duplicated")


class FaultyNetwork(httpx.BaseTransport):
    """A real HTTP transport with scripted faults in front of it."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport(verify=TLS)
        self.plan: list[tuple[str, str]] = []
        self.down = False
        self.seen: list[str] = []
        self.gzipped: list[str] = []  # paths of requests sent with a gzip body
        self._lock = threading.Lock()

    def inject(self, path_fragment: str, *faults: str) -> None:
        for fault in faults:
            assert fault in FAULTS, fault
            self.plan.append((path_fragment, fault))

    def _take(self, path: str) -> str | None:
        with self._lock:
            for i, (fragment, fault) in enumerate(self.plan):
                if fragment in path:
                    del self.plan[i]
                    return fault
        return None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.seen.append(request.url.path)
            if request.headers.get("content-encoding") == "gzip":
                self.gzipped.append(request.url.path)
        if self.down:
            raise httpx.ConnectError("network is unreachable", request=request)
        fault = self._take(request.url.path)
        if fault == "request_lost":
            raise httpx.ConnectError("connection refused", request=request)
        if fault == "http_500":
            return httpx.Response(500, json={"code": "server.internal", "status": 500},
                                  request=request)
        response = self._forward(request)
        if fault == "response_lost":
            raise httpx.ReadError("connection reset by peer", request=request)
        if fault == "timeout":
            raise httpx.ReadTimeout("timed out", request=request)
        if fault == "truncated":
            body = response.content
            return httpx.Response(response.status_code, headers=response.headers,
                                  content=body[: len(body) // 2], request=request)
        if fault == "duplicated":
            again = httpx.Request(request.method, request.url, headers=request.headers,
                                  content=request.content)
            return self._forward(again)
        return response

    def _forward(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        content = response.read()  # decoded: drop the headers that described the wire form
        headers = [(k, v) for k, v in response.headers.items()
                   if k.lower() not in ("content-length", "content-encoding")]
        return httpx.Response(response.status_code, headers=headers, content=content,
                              request=request)

    def close(self) -> None:
        self.inner.close()


def phone_engine(data_dir: Path, network: httpx.BaseTransport | None = None,
                 **options: Any) -> SyncEngine:
    """A phone (store + engine) that retries at once instead of sleeping."""
    store = LocalStore.open(data_dir)
    options.setdefault("retry", RetryPolicy(attempts=4, base_delay=0.0))
    return SyncEngine(store, transport=network, sleep=lambda _seconds: None, **options)


@contextmanager
def enrolled_phone(live_server: Any, group_id: str, data_dir: Path,
                   network: httpx.BaseTransport | None = None,
                   **options: Any) -> Iterator[SyncEngine]:
    engine = phone_engine(data_dir, network, **options)
    engine.enroll(live_server.url, live_server.enroll_code(group_id), device_name="Máy tổ")
    try:
        yield engine
    finally:
        engine.stop()
        engine.store.close()


def server_petitions(staff: Any, group_id: str) -> list[dict[str, Any]]:
    """Every petition of a group as ward staff see it."""
    items: list[dict[str, Any]] = []
    while True:
        response = staff.get("/api/v1/petitions", params={
            "group_id": group_id, "limit": 500, "offset": len(items)})
        assert response.status_code == 200, response.text
        body = response.json()
        items.extend(body["items"])
        if len(items) >= body["total"] or not body["items"]:
            return items
