"""Sync layer: the HTTP client of the sync protocol (enroll, push, pull, health probe).

Plain httpx with an injectable transport, so tests can put faults between the phone
and a real server. Every failure becomes a typed `SyncError` (see `errors`).
"""

from __future__ import annotations

import functools
import gzip
import json
import ssl
from dataclasses import dataclass
from typing import Any, get_args

import httpx
from pydantic import ValidationError

from field_app.sync.errors import (
    BadResponse,
    NetworkTimeout,
    NetworkUnreachable,
    ProblemError,
    ResetRequired,
    SeqGap,
    ServerUnavailable,
    Unauthorized,
    UpgradeRequired,
)
from field_app.wire.protocol import (
    PROTOCOL_VERSION,
    Change,
    EnrollRequest,
    EnrollResponse,
    Mutation,
    PullResponse,
    PushRequest,
    PushResponse,
)

API = "/api/v1"
KNOWN_ENTITIES = frozenset(get_args(Change.model_fields["entity"].annotation))
_PROBLEMS: dict[str, type[ProblemError]] = {
    "sync.reset_required": ResetRequired,
    "sync.seq_gap": SeqGap,
    "sync.upgrade_required": UpgradeRequired,
}


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The certificate store for https servers, loaded once per process: httpx would load it
    again for every client (about 30 ms of a phone's CPU on each sync)."""
    return httpx.create_ssl_context()


class SyncClient:
    """One server, one token. Methods raise `SyncError` subclasses."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        gzip_min_bytes: int | None = 2048,
        app_version: str = "",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.gzip_min_bytes = gzip_min_bytes  # None: never compress request bodies
        self._http = httpx.Client(
            base_url=self.base_url, transport=transport, timeout=timeout, verify=tls_context(),
            headers={"User-Agent": f"dan-van-field-app/{app_version or '0'}",
                     "Accept": "application/json"},
        )

    def close(self) -> None:
        self._http.close()

    # -- endpoints -----------------------------------------------------------------

    def healthz(self) -> bool:
        """A cheap reachability probe: True when the server answers 2xx."""
        try:
            return self._http.get("/healthz", timeout=5.0).is_success
        except httpx.HTTPError:
            return False

    def enroll(self, request: EnrollRequest) -> EnrollResponse:
        body = self._send("POST", f"{API}/devices/enroll", request.model_dump(mode="json"),
                          auth=False)
        return EnrollResponse.model_validate(body)

    def push_body(self, mutations: list[Mutation]) -> PushBody:
        """A push request written ahead of sending it (by pydantic-core, in one pass)."""
        content = PushRequest(protocol=PROTOCOL_VERSION,
                              mutations=mutations).model_dump_json().encode()
        return PushBody(content, self._compressed(content))

    def push(self, mutations: list[Mutation] | PushBody) -> PushResponse:
        body = mutations if isinstance(mutations, PushBody) else self.push_body(mutations)
        response = self._request("POST", f"{API}/sync/push", body.content,
                                 compressed=body.compressed)
        if response.status_code == 200:
            try:
                return PushResponse.model_validate_json(response.content)
            except ValidationError:
                pass  # not JSON, or not an answer: told apart below
        body = _parse(response)
        try:
            return PushResponse.model_validate(body)
        except ValidationError as exc:
            raise BadResponse(f"unexpected push answer: {exc.error_count()} errors") from exc

    def pull(self, cursor: str | None, *, limit: int = 500) -> PullResponse:
        params: dict[str, Any] = {"limit": limit, "protocol": PROTOCOL_VERSION}
        if cursor:
            params["cursor"] = cursor
        response = self._request("GET", f"{API}/sync/pull", None, params=params)
        if response.status_code == 200:
            try:  # the usual page: parsed and checked in one pass by pydantic-core
                return PullResponse.model_validate_json(response.content)
            except ValidationError:
                pass  # e.g. an entity this app does not know yet: the lenient path below
        body = _parse(response)
        if isinstance(body, dict) and isinstance(body.get("changes"), list):
            # a newer server may send entities this app does not know yet: skip them
            body["changes"] = [c for c in body["changes"]
                               if isinstance(c, dict) and c.get("entity") in KNOWN_ENTITIES]
        try:
            return PullResponse.model_validate(body)
        except ValidationError as exc:
            raise BadResponse(f"unexpected pull page: {exc.error_count()} errors") from exc

    def put_attachment(self, sha256: str, data: bytes) -> None:
        """Upload a photo (idempotent: the server keeps one copy per hash)."""
        try:
            response = self._http.put(
                f"{API}/attachments/{sha256}", content=data,
                headers={"Authorization": f"Bearer {self.token}",
                         "Content-Type": "application/octet-stream"})
        except httpx.TimeoutException as exc:
            raise NetworkTimeout(str(exc) or type(exc).__name__) from exc
        except httpx.HTTPError as exc:
            raise NetworkUnreachable(str(exc) or type(exc).__name__) from exc
        _parse(response)

    def get_attachment(self, sha256: str) -> bytes:
        """Download a photo this phone may see."""
        try:
            response = self._http.get(f"{API}/attachments/{sha256}",
                                      headers={"Authorization": f"Bearer {self.token}"})
        except httpx.TimeoutException as exc:
            raise NetworkTimeout(str(exc) or type(exc).__name__) from exc
        except httpx.HTTPError as exc:
            raise NetworkUnreachable(str(exc) or type(exc).__name__) from exc
        if response.is_success:
            return response.content
        _parse(response)
        raise BadResponse(f"HTTP {response.status_code}")

    # -- plumbing ------------------------------------------------------------------

    def _send(
        self,
        method: str,
        path: str,
        payload: dict[str, Any] | None,
        *,
        params: dict[str, Any] | None = None,
        auth: bool = True,
    ) -> Any:
        """The parsed JSON answer, or the failure as a typed error."""
        return _parse(self._request(method, path, payload, params=params, auth=auth))

    def _request(
        self,
        method: str,
        path: str,
        payload: dict[str, Any] | bytes | None,
        *,
        params: dict[str, Any] | None = None,
        auth: bool = True,
        compressed: bytes | None = None,
    ) -> httpx.Response:
        """`payload`: a JSON body, as a value or already written (bytes; `compressed`: the
        same, gzipped ahead as `_compressed` does)."""
        headers: dict[str, str] = {}
        if auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        content: bytes | None = None
        if payload is not None:
            content = payload if isinstance(payload, bytes) else json.dumps(
                payload, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
            if self.gzip_min_bytes is not None:
                gzipped = compressed or self._compressed(content)
                if gzipped is not None:
                    content = gzipped
                    headers["Content-Encoding"] = "gzip"
        try:
            response = self._http.request(method, path, content=content, params=params,
                                          headers=headers)
        except httpx.TimeoutException as exc:
            raise NetworkTimeout(str(exc) or type(exc).__name__) from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise NetworkUnreachable(str(exc) or type(exc).__name__) from exc
        if response.status_code in (400, 415, 422) and headers.get("Content-Encoding") == "gzip":
            self.gzip_min_bytes = None  # this server does not take compressed bodies
            return self._request(method, path, payload, params=params, auth=auth)
        return response

    def _compressed(self, content: bytes) -> bytes | None:
        """The body gzipped, when this client compresses bodies of its size."""
        if self.gzip_min_bytes is None or len(content) < self.gzip_min_bytes:
            return None
        return gzip.compress(content, compresslevel=6)


@dataclass(frozen=True)
class PushBody:
    """A push request's body, written (and compressed) before it is sent."""

    content: bytes
    compressed: bytes | None


def _parse(response: httpx.Response) -> Any:
    status = response.status_code
    if status >= 500:
        raise ServerUnavailable(f"HTTP {status}", code=_problem_code(response) or None)
    if status >= 400:
        problem = _json_or_none(response) or {}
        code = str(problem.get("code") or f"http.{status}")
        detail = str(problem.get("detail") or problem.get("title") or "")
        kind = _PROBLEMS.get(code)
        if kind is None:
            kind = Unauthorized if status == 401 else UpgradeRequired if status == 426 \
                else ProblemError
        raise kind(status, code, detail, problem)
    body = _json_or_none(response)
    if body is None:
        raise BadResponse(f"unreadable body from HTTP {status}")
    return body


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, httpx.HTTPError):
        return None


def _problem_code(response: httpx.Response) -> str | None:
    body = _json_or_none(response)
    return str(body.get("code")) if isinstance(body, dict) and body.get("code") else None
