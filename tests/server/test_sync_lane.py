"""The sync lane (api.sync_lane) answers the phones exactly as the declared FastAPI routes
would: the same statuses, problems, headers and bodies, for good requests and bad ones.

Two live servers share one database: the normal one, whose lane answers the sync
requests, and one with the lane turned off, where FastAPI's routes answer them."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from serverkit import petition_args

from sync_server.api.sync_lane import SyncLane
from sync_server.services import devices

PUSH, PULL = "/api/v1/sync/push", "/api/v1/sync/pull"
JSON = {"content-type": "application/json"}
OVER_LIMIT = b'{"protocol": 1, "mutations": [], "pad": "' + b"x" * (3 * 1024 * 1024) + b'"}'


def _streamed(body: bytes) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        for i in range(0, len(body), 64 * 1024):
            yield body[i:i + 64 * 1024]
    return chunks


def _requests(token: str, revoked: str, seq_of: Callable[[], int]) -> dict[str, Any]:
    """label -> (method, path, request keywords), built afresh for each server."""
    auth = {"Authorization": f"Bearer {token}"}

    def push(mutations: list[dict[str, Any]], protocol: int = 1) -> dict[str, Any]:
        return {"json": {"protocol": protocol, "mutations": mutations}, "headers": auth}

    def creation(seq: int) -> dict[str, Any]:
        return {"mutation_id": "6f1c2b1e-0000-4000-8000-00000000000" + str(seq % 10),
                "device_seq": seq, "name": "petition.create", "args": petition_args(),
                "base_version": None, "recorded_at": "2026-11-20T09:14:03+07:00"}

    return {
        "push without a token": ("POST", PUSH, {"content": b'{"protocol": 1,', "headers": JSON}),
        "push with a made-up token": ("POST", PUSH, {
            "json": {"protocol": 1, "mutations": []},
            "headers": {"Authorization": "Bearer not-a-token"}}),
        "push with another scheme": ("POST", PUSH, {
            "json": {"protocol": 1, "mutations": []},
            "headers": {"Authorization": f"Basic {token}"}}),
        "push with a revoked token": ("POST", PUSH, {
            "json": {"protocol": 1, "mutations": []},
            "headers": {"Authorization": f"Bearer {revoked}"}}),
        "push of broken JSON": ("POST", PUSH, {"content": b'{"protocol": 1, "mutations": [',
                                               "headers": {**auth, **JSON}}),
        "push of no body": ("POST", PUSH, {"headers": auth}),
        "push of the wrong shape": ("POST", PUSH, {"json": {"protocol": 1, "mutations": "x"},
                                                   "headers": auth}),
        "push of a list": ("POST", PUSH, {"json": [1, 2, 3], "headers": auth}),
        "push from an old app": ("POST", PUSH, push([], protocol=0)),
        "push with a gap": ("POST", PUSH, push([creation(seq_of() + 5)])),
        "push over the limit, declared": ("POST", PUSH, {"content": OVER_LIMIT,
                                                         "headers": {**auth, **JSON}}),
        "push over the limit, streamed": ("POST", PUSH, {
            "content": _streamed(OVER_LIMIT)(), "headers": {**auth, **JSON}}),
        "push that is not gzip": ("POST", PUSH, {"content": b"plain text", "headers": {
            **auth, **JSON, "Content-Encoding": "gzip"}}),
        "push inflating past the limit": ("POST", PUSH, {
            "content": gzip.compress(OVER_LIMIT), "headers": {
                **auth, **JSON, "Content-Encoding": "gzip"}}),
        "push of nothing, gzipped": ("POST", PUSH, {
            "content": gzip.compress(b'{"protocol": 1, "mutations": []}'), "headers": {
                **auth, **JSON, "Content-Encoding": "gzip"}}),
        "pull without a token": ("GET", PULL, {}),
        "pull with a revoked token": ("GET", PULL, {
            "headers": {"Authorization": f"Bearer {revoked}"}}),
        "pull with a garbage cursor": ("GET", PULL, {"params": {"cursor": "' OR 1=1 --"},
                                                     "headers": auth}),
        "pull with a cursor too long": ("GET", PULL, {"params": {"cursor": "a" * 4001},
                                                      "headers": auth}),
        "pull with a negative limit": ("GET", PULL, {"params": {"limit": -5}, "headers": auth}),
        "pull with a limit of words": ("GET", PULL, {"params": {"limit": "năm"},
                                                     "headers": auth}),
        "pull with a bad limit and no token": ("GET", PULL, {"params": {"limit": 0}}),
        "pull of everything": ("GET", PULL, {"params": {"protocol": 1}, "headers": auth}),
        "pull of everything, plain": ("GET", PULL, {"headers": {
            **auth, "Accept-Encoding": "identity"}}),
        "pull of a small page": ("GET", PULL, {"params": {"limit": 1, "cursor": ""},
                                               "headers": auth}),
    }


SAME_HEADERS = ("content-type", "content-encoding", "www-authenticate")


def _answer(response: httpx.Response) -> dict[str, Any]:
    return {"status": response.status_code, "body": response.json(),
            **{name: response.headers.get(name) for name in SAME_HEADERS}}


def test_the_lane_answers_as_the_declared_routes(live_server_factory: Any) -> None:
    lane = live_server_factory()
    routes = live_server_factory(sync_lane=False)
    assert any(m.cls is SyncLane for m in lane.app.user_middleware)
    assert not any(m.cls is SyncLane for m in routes.app.user_middleware)
    ward = lane.seed_ward()
    phone = lane.enroll(ward.group_a)
    for _ in range(3):
        phone.create_petition()
    gone = lane.enroll(ward.group_a, device_name="Máy đã mất")
    with lane.session() as s:
        devices.revoke(s, gone.device_id)

    answers: dict[str, dict[str, Any]] = {"lane": {}, "routes": {}}
    requests = {name: _requests(phone.token, gone.token, lambda: phone.next_seq - 1)
                for name in answers}  # each server gets its own (a stream is read once)
    for label in requests["lane"]:  # each request to both servers in turn, so that both
        for name, server in (("lane", lane), ("routes", routes)):  # see the same state
            method, path, kw = requests[name][label]
            answers[name][label] = _answer(httpx.request(method, server.url + path,
                                                         timeout=30, **kw))

    assert answers["lane"] == answers["routes"]
    statuses = {label: a["status"] for label, a in answers["lane"].items()}
    assert statuses == {
        "push without a token": 401, "push with a made-up token": 401,
        "push with another scheme": 401, "push with a revoked token": 401,
        "push of broken JSON": 400, "push of no body": 422, "push of the wrong shape": 422,
        "push of a list": 422, "push from an old app": 426, "push with a gap": 409,
        "push over the limit, declared": 413, "push over the limit, streamed": 413,
        "push that is not gzip": 400, "push inflating past the limit": 413,
        "push of nothing, gzipped": 200, "pull without a token": 401,
        "pull with a revoked token": 401, "pull with a garbage cursor": 400,
        "pull with a cursor too long": 422, "pull with a negative limit": 422,
        "pull with a limit of words": 422, "pull with a bad limit and no token": 422,
        "pull of everything": 200, "pull of everything, plain": 200,
        "pull of a small page": 200}
    everything = answers["lane"]["pull of everything"]
    assert everything["content-encoding"] == "gzip"
    assert answers["lane"]["pull of everything, plain"]["content-encoding"] is None
    assert everything["body"]["changes"]  # the phone's petitions and the ward's records
    assert answers["lane"]["pull of a small page"]["body"]["has_more"] is True


@pytest.mark.parametrize("lane_on", [True, False], ids=["lane", "routes"])
def test_a_phone_syncs_the_same_with_or_without_the_lane(live_server_factory: Any,
                                                         lane_on: bool) -> None:
    server = live_server_factory(sync_lane=lane_on)
    ward = server.seed_ward()
    writer, reader = server.enroll(ward.group_a), server.enroll(ward.group_a)
    petition = writer.create_petition()

    again = writer.push_raw([{**writer.mutation("petition.create", petition_args(),
                                                seq=writer.next_seq - 1)}])
    seen = [c["id"] for c in reader.pull_all() if c["entity"] == "petition"]

    assert again.status_code == 409  # a different mutation under a used seq: refused
    assert seen == [petition]
