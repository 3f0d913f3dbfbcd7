"""A phone that has not been updated still syncs with a newer server: unknown fields and
unknown kinds of records are skipped, not fatal. (A newer server cannot run here, so its
answer is scripted with httpx.MockTransport.)"""

from __future__ import annotations

import gzip
import json

import httpx

from field_app.sync.client import SyncClient


def newer_server(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/sync/pull"):
        return httpx.Response(200, json={
            "changes": [
                {"entity": "petition", "id": "p1", "op": "upsert", "version": 3,
                 "data": {"id": "p1", "title": "Đèn hỏng", "priority": "high"},
                 "signature": "abc"},
                {"entity": "attachment", "id": "a1", "op": "upsert", "version": 4, "data": {}},
            ],
            "cursor": "c9", "has_more": False, "last_seq": 0, "server_time": "2026-11-21"})
    body = json.loads(gzip.decompress(request.content))
    return httpx.Response(200, json={"results": [], "last_seq": len(body["mutations"])})


def test_unknown_records_and_fields_from_a_newer_server_are_skipped() -> None:
    client = SyncClient("http://ward.example", token="t",
                        transport=httpx.MockTransport(newer_server))
    page = client.pull(None)
    assert [(c.entity, c.id) for c in page.changes] == [("petition", "p1")]
    assert page.cursor == "c9"


def test_large_push_bodies_travel_gzipped() -> None:
    client = SyncClient("http://ward.example", token="t", gzip_min_bytes=10,
                        transport=httpx.MockTransport(newer_server))
    assert client.push([]).last_seq == 0
