"""The phones' push and pull are ordinary routes of the app: good and bad requests get the
answers the phone and the protocol expect (docs/sync-protocol.md): gzip both ways, the
body limit as sent and once inflated, and every refusal an RFC 9457 problem with its code.
Nothing answers them in front of the app, and every middleware is plain ASGI."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from serverkit import petition_args
from starlette.middleware.base import BaseHTTPMiddleware

from sync_server.api.sync import PULL_PATH, PUSH_PATH
from sync_server.compression import GzipRequestMiddleware, GzipResponseMiddleware
from sync_server.middleware import BodyLimitMiddleware
from sync_server.services import devices

JSON = {"content-type": "application/json"}
OVER_LIMIT = b'{"protocol": 1, "mutations": [], "pad": "' + b"x" * (3 * 1024 * 1024) + b'"}'
EMPTY_PUSH = b'{"protocol": 1, "mutations": []}'


def _streamed(body: bytes) -> Iterator[bytes]:
    """A body sent in pieces, without Content-Length."""
    for i in range(0, len(body), 64 * 1024):
        yield body[i:i + 64 * 1024]


# label: (method, path, request keywords (a function of the phone's tokens), status, code)
CASES: dict[str, tuple[str, str, Any, int, str | None]] = {
    "push without a token": ("POST", PUSH_PATH, lambda t: {
        "content": b'{"protocol": 1,', "headers": JSON}, 401, "auth.unauthorized"),
    "push with a made-up token": ("POST", PUSH_PATH, lambda t: {
        "content": EMPTY_PUSH, "headers": {"Authorization": "Bearer not-a-token"}},
        401, "auth.unauthorized"),
    "push with another scheme": ("POST", PUSH_PATH, lambda t: {
        "content": EMPTY_PUSH, "headers": {"Authorization": f"Basic {t['token']}"}},
        401, "auth.unauthorized"),
    "push with a revoked token": ("POST", PUSH_PATH, lambda t: {
        "content": EMPTY_PUSH, "headers": t["revoked"]}, 401, "auth.token_revoked"),
    "push of broken JSON": ("POST", PUSH_PATH, lambda t: {
        "content": b'{"protocol": 1, "mutations": [', "headers": {**t["auth"], **JSON}},
        400, "request.malformed_json"),
    "push of no body": ("POST", PUSH_PATH, lambda t: {"headers": t["auth"]},
                        422, "request.validation"),
    "push of the wrong shape": ("POST", PUSH_PATH, lambda t: {
        "json": {"protocol": 1, "mutations": "x"}, "headers": t["auth"]},
        422, "request.validation"),
    "push of a list": ("POST", PUSH_PATH, lambda t: {"json": [1, 2, 3], "headers": t["auth"]},
                       422, "request.validation"),
    "push from an old app": ("POST", PUSH_PATH, lambda t: {
        "json": {"protocol": 0, "mutations": []}, "headers": t["auth"]},
        426, "sync.upgrade_required"),
    "push with a gap": ("POST", PUSH_PATH, lambda t: {
        "json": {"protocol": 1, "mutations": [t["gap"]]}, "headers": t["auth"]},
        409, "sync.seq_gap"),
    "push over the limit, declared": ("POST", PUSH_PATH, lambda t: {
        "content": OVER_LIMIT, "headers": {**t["auth"], **JSON}},
        413, "request.body_too_large"),
    "push over the limit, streamed": ("POST", PUSH_PATH, lambda t: {
        "content": _streamed(OVER_LIMIT), "headers": {**t["auth"], **JSON}},
        413, "request.body_too_large"),
    "push that is not gzip": ("POST", PUSH_PATH, lambda t: {
        "content": b"plain text", "headers": {**t["auth"], **JSON, "Content-Encoding": "gzip"}},
        400, "request.malformed_json"),
    "push inflating past the limit": ("POST", PUSH_PATH, lambda t: {
        "content": gzip.compress(OVER_LIMIT),
        "headers": {**t["auth"], **JSON, "Content-Encoding": "gzip"}},
        413, "request.body_too_large"),
    "push of nothing, gzipped": ("POST", PUSH_PATH, lambda t: {
        "content": gzip.compress(EMPTY_PUSH),
        "headers": {**t["auth"], **JSON, "Content-Encoding": "gzip"}}, 200, None),
    "pull without a token": ("GET", PULL_PATH, lambda t: {}, 401, "auth.unauthorized"),
    "pull with a revoked token": ("GET", PULL_PATH, lambda t: {"headers": t["revoked"]},
                                  401, "auth.token_revoked"),
    "pull with a garbage cursor": ("GET", PULL_PATH, lambda t: {
        "params": {"cursor": "' OR 1=1 --"}, "headers": t["auth"]}, 400, "sync.bad_cursor"),
    "pull with a cursor too long": ("GET", PULL_PATH, lambda t: {
        "params": {"cursor": "a" * 4001}, "headers": t["auth"]}, 422, "request.validation"),
    "pull with a negative limit": ("GET", PULL_PATH, lambda t: {
        "params": {"limit": -5}, "headers": t["auth"]}, 422, "request.validation"),
    "pull with a limit of words": ("GET", PULL_PATH, lambda t: {
        "params": {"limit": "năm"}, "headers": t["auth"]}, 422, "request.validation"),
    "pull with a bad limit and no token": ("GET", PULL_PATH, lambda t: {
        "params": {"limit": 0}}, 422, "request.validation"),
}


@pytest.fixture
def phones(live_server: Any) -> dict[str, Any]:
    """A phone with three petitions pushed, and a revoked phone of the same group."""
    ward = live_server.seed_ward()
    phone = live_server.enroll(ward.group_a)
    for _ in range(3):
        phone.create_petition()
    gone = live_server.enroll(ward.group_a, device_name="Máy đã mất")
    with live_server.session() as s:
        devices.revoke(s, gone.device_id)
    gap = phone.mutation("petition.create", petition_args(), seq=phone.next_seq + 4)
    return {"phone": phone, "token": phone.token, "auth": phone.headers,
            "revoked": {"Authorization": f"Bearer {gone.token}"}, "gap": gap}


@pytest.mark.parametrize("label", list(CASES))
def test_a_refused_sync_request_gets_its_problem(live_server: Any, phones: dict[str, Any],
                                                 label: str) -> None:
    method, path, request, status, code = CASES[label]

    answer = httpx.request(method, live_server.url + path, timeout=30, **request(phones))

    assert answer.status_code == status
    if code is None:
        assert answer.headers["content-type"] == "application/json"
        return
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["code"] == code
    assert answer.json()["status"] == status
    assert (answer.headers.get("www-authenticate") == "Bearer") == (status == 401)


def test_a_pull_is_gzipped_for_a_phone_that_accepts_it(live_server: Any,
                                                       phones: dict[str, Any]) -> None:
    url, auth = live_server.url + PULL_PATH, phones["auth"]

    zipped = httpx.get(url, headers=auth)  # httpx accepts gzip, and inflates it
    plain = httpx.get(url, headers={**auth, "Accept-Encoding": "identity"})
    small_page = httpx.get(url, params={"limit": 1, "cursor": ""}, headers=auth)

    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert int(zipped.headers["content-length"]) < len(plain.content)
    assert "content-encoding" not in plain.headers
    assert zipped.json() == plain.json()
    petitions = [c for c in plain.json()["changes"] if c["entity"] == "petition"]
    assert len(petitions) == 3
    assert small_page.json()["has_more"] is True


def test_a_gzipped_push_is_applied_once(live_server: Any, phones: dict[str, Any]) -> None:
    phone = phones["phone"]
    batch = [phone.mutation("petition.create", petition_args()) for _ in range(2)]
    body = gzip.compress(httpx.Request("POST", "/", json={"protocol": 1, "mutations": batch})
                         .content)
    headers = {**phones["auth"], **JSON, "Content-Encoding": "gzip"}

    first = httpx.post(live_server.url + PUSH_PATH, content=body, headers=headers)
    again = httpx.post(live_server.url + PUSH_PATH, content=body, headers=headers)

    assert [r["status"] for r in first.json()["results"]] == ["applied", "applied"]
    assert [r["status"] for r in again.json()["results"]] == ["duplicate", "duplicate"]


def test_push_and_pull_are_routes_of_the_app_behind_plain_asgi_middlewares(
        live_server: Any) -> None:
    app = live_server.app
    schema = app.openapi()

    assert [m.cls for m in app.user_middleware] == [  # outermost first
        BodyLimitMiddleware, GzipResponseMiddleware, GzipRequestMiddleware]
    assert not any(issubclass(m.cls, BaseHTTPMiddleware) for m in app.user_middleware)
    assert {"post"} <= set(schema["paths"][PUSH_PATH])
    assert schema["paths"][PULL_PATH]["get"]["security"] == [{"HTTPBearer": []}]
    assert [p["name"] for p in schema["paths"][PULL_PATH]["get"]["parameters"]] == [
        "cursor", "limit"]
    assert schema["paths"][PUSH_PATH]["post"]["requestBody"]["content"]["application/json"]
