"""A phone on 3G compresses what it sends and gets compressed answers (real server socket)."""

from __future__ import annotations

import gzip
import json
from typing import Any

import httpx
from serverkit import LiveServer, Phone, petition_args


def _gzip_push(phone: Phone, mutations: list[dict[str, Any]]) -> httpx.Response:
    body = gzip.compress(json.dumps({"protocol": 1, "mutations": mutations}).encode())
    return phone.post("/api/v1/sync/push", content=body, headers={
        "Content-Type": "application/json", "Content-Encoding": "gzip"})


def test_a_gzip_push_is_applied_and_a_big_pull_comes_back_gzipped(live_server: LiveServer
                                                                   ) -> None:
    ward = live_server.seed_ward()
    phone = live_server.enroll(ward.group_a)
    mutations = [phone.mutation("petition.create", petition_args()) for _ in range(30)]
    response = _gzip_push(phone, mutations)
    assert response.status_code == 200, response.text
    assert [r["status"] for r in response.json()["results"]] == ["applied"] * 30

    pulled = httpx.get(live_server.url + "/api/v1/sync/pull", headers={
        **phone.headers, "Accept-Encoding": "gzip"})
    assert pulled.headers["content-encoding"] == "gzip"
    assert len(pulled.json()["changes"]) == 30  # httpx decoded it
    assert int(pulled.headers["content-length"]) < len(pulled.content) / 3


def test_a_corrupt_gzip_body_is_a_400_problem_and_changes_nothing(live_server: LiveServer
                                                                  ) -> None:
    ward = live_server.seed_ward()
    phone = live_server.enroll(ward.group_a)
    response = phone.post("/api/v1/sync/push", content=b"\x1f\x8b not really gzip", headers={
        "Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert phone.pull_all() == []


def test_a_small_body_that_inflates_past_the_limit_is_refused_with_413(live_server: LiveServer
                                                                       ) -> None:
    ward = live_server.seed_ward()
    phone = live_server.enroll(ward.group_a)
    bomb = gzip.compress(b"[" + b" " * (3 * 1024 * 1024) + b"]")  # 3 MiB of spaces, ~3 KiB sent
    assert len(bomb) < 10_000
    response = phone.post("/api/v1/sync/push", content=bomb, headers={
        "Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert response.status_code == 413
    assert response.json()["code"] == "request.body_too_large"


def test_an_answer_compressed_with_a_window_its_size_is_what_a_full_window_gives() -> None:
    """The answers are compressed with a window no larger than needed (cheaper to set up):
    the bytes are those of a full 32 KB window, for any size, and any gzip reader (the
    standard library's, as the phone's) reads them."""
    import random

    from zlib_ng import zlib_ng

    from sync_server.compression import RESPONSE_LEVEL, gzip_response

    rng = random.Random(5)
    words = ["kiến nghị", "đèn đường", "ngõ", "tổ dân phố", '"title":', '"id":', "0912",
             "Nguyễn", "{", "}", ",", "2026-11-20T02:14:03+00:00"]
    for size in [1, 200, 499, 500, 511, 512, 513, 700, 1000, 4000, 8000, 16_000, 32_000,
                 33_000, 100_000, *(rng.randrange(1, 70_000) for _ in range(40))]:
        text = " ".join(rng.choice(words) for _ in range(size)).encode()[:size]
        full = zlib_ng.compressobj(RESPONSE_LEVEL, zlib_ng.DEFLATED, 16 + zlib_ng.MAX_WBITS)
        assert gzip_response(text) == full.compress(text) + full.flush(), size
        assert gzip.decompress(gzip_response(text)) == text
