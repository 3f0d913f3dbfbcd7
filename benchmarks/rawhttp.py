"""Benchmarks layer: a lean HTTP/1.1 client on asyncio streams for the simulated phones.

It costs far less CPU than a full client (the load generator shares the machine's two
cores with the server) and counts the exact bytes it writes and reads, headers included.
Requests may be gzip-compressed like the phone's; gzip responses are decoded.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import orjson

# gzip's format in one call of zlib's C code (the CRC too): the `gzip` module's one-shot
# functions add a pass of their own for the CRC and read the header in Python, CPU the load
# generator would take from the server it measures on the same two cores
GZIP_WBITS = 16 + zlib.MAX_WBITS


class HttpError(Exception):
    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(f"HTTP {status}: {body[:300]!r}")
        self.status = status


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return orjson.loads(self.body)


class RawConnection:
    """One keep-alive connection to the server, as one phone would hold it."""

    def __init__(self, host: str, port: int, *, token: str | None = None,
                 gzip_min_bytes: int | None = 1024, accept_gzip: bool = True) -> None:
        self.host, self.port = host, port
        self.token = token
        self.gzip_min_bytes = gzip_min_bytes
        self.accept_gzip = accept_gzip
        self.sent = 0
        self.received = 0
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _connect(self) -> None:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await self._writer.wait_closed()
            self._writer = None

    async def request(self, method: str, path: str, *, payload: Any = None,
                      params: dict[str, Any] | None = None) -> Reply:
        if self._writer is None:
            await self._connect()
        assert self._reader is not None and self._writer is not None
        if params:
            path = f"{path}?{urlencode(params)}"
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}",
                 "User-Agent: dan-van-field-app/0.1.0", "Accept: application/json"]
        if self.accept_gzip:
            lines.append("Accept-Encoding: gzip")
        if self.token:
            lines.append(f"Authorization: Bearer {self.token}")
        body = b""
        if payload is not None:
            body = orjson.dumps(payload)
            lines.append("Content-Type: application/json")
            if self.gzip_min_bytes is not None and len(body) >= self.gzip_min_bytes:
                body = zlib.compress(body, 6, wbits=GZIP_WBITS)
                lines.append("Content-Encoding: gzip")
        if payload is not None or method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self._writer.write(head + body)
        self.sent += len(head) + len(body)
        await self._writer.drain()
        return await self._read_reply()

    async def _read_reply(self) -> Reply:
        assert self._reader is not None
        raw_head = await self._reader.readuntil(b"\r\n\r\n")
        self.received += len(raw_head)
        head_lines = raw_head.decode("latin-1").split("\r\n")
        status = int(head_lines[0].split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in head_lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                headers[k.strip().lower()] = v.strip()
        if "content-length" in headers:
            body = await self._reader.readexactly(int(headers["content-length"]))
            self.received += len(body)
        elif headers.get("transfer-encoding") == "chunked":
            chunks = []
            while True:
                size_line = await self._reader.readuntil(b"\r\n")
                size = int(size_line.strip().split(b";")[0], 16)
                chunk = await self._reader.readexactly(size + 2)
                self.received += len(size_line) + len(chunk)
                if size == 0:
                    break
                chunks.append(chunk[:-2])
            body = b"".join(chunks)
        else:
            body = b""
        if headers.get("connection", "").lower() == "close":
            await self.close()
        if headers.get("content-encoding") == "gzip":
            body = zlib.decompress(body, wbits=GZIP_WBITS)
        return Reply(status, headers, body)


class SimulatedPhone:
    """The protocol as the phone's engine speaks it: push a batch, then pull until done."""

    def __init__(self, host: str, port: int, token: str, *, gzip_min_bytes: int | None = 1024,
                 accept_gzip: bool = True, pull_limit: int = 500) -> None:
        self.conn = RawConnection(host, port, token=token, gzip_min_bytes=gzip_min_bytes,
                                  accept_gzip=accept_gzip)
        self.next_seq = 1
        self.outbox: list[dict[str, Any]] = []  # sent again until the server answers
        self.cursor: str | None = None
        self.pull_limit = pull_limit

    def mutations(self, name: str, args_list: list[dict[str, Any]]) -> list[dict[str, Any]]:
        import uuid

        out = []
        for args in args_list:
            out.append({"mutation_id": str(uuid.uuid4()), "device_seq": self.next_seq,
                        "name": name, "args": args, "base_version": None,
                        "recorded_at": "2026-11-20T09:14:03+07:00"})
            self.next_seq += 1
        return out

    async def push(self, mutations: list[dict[str, Any]]) -> dict[str, Any]:
        reply = await self.conn.request("POST", "/api/v1/sync/push",
                                        payload={"protocol": 1, "mutations": mutations})
        if reply.status != 200:
            raise HttpError(reply.status, reply.body)
        answer: dict[str, Any] = reply.json()
        bad = [r for r in answer["results"] if r["status"] not in ("applied", "duplicate")]
        if bad:
            raise HttpError(200, json.dumps(bad[:2]).encode())
        return answer

    async def pull_all(self, *, full: bool = False) -> int:
        """Pull pages until has_more is false; returns the changes received."""
        received = 0
        cursor = None if full else self.cursor
        while True:
            params: dict[str, Any] = {"limit": self.pull_limit, "protocol": 1}
            if cursor:
                params["cursor"] = cursor
            reply = await self.conn.request("GET", "/api/v1/sync/pull", params=params)
            if reply.status != 200:
                raise HttpError(reply.status, reply.body)
            page = reply.json()
            received += len(page["changes"])
            cursor = page["cursor"]
            if not page["has_more"]:
                break
        if not full:
            self.cursor = cursor
        return received

    async def sync(self, new_args: list[dict[str, Any]]) -> int:
        """Like the engine: the outbox (kept on failure, re-sent as is), then pull."""
        self.outbox += self.mutations("petition.create", new_args)
        if self.outbox:
            await self.push(self.outbox)
            self.outbox = []
        return await self.pull_all()

    async def close(self) -> None:
        await self.conn.close()
