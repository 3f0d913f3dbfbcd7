"""Test support for every suite: databases, a live server and the people using it.

Imported by tests/conftest.py (fixtures) and by tests that need the helpers themselves:
`from serverkit import petition_args`. Never import from `conftest` (several exist).
"""


from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import uvicorn
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url

SERVER_TEST_DB = os.environ.get("SERVER_TEST_DB", "sqlite").lower()
ON_POSTGRES = SERVER_TEST_DB in {"postgres", "postgresql", "pg"}
TEST_DATABASE_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/test"
)
STAFF_PASSWORD = "mat-khau-can-bo-2026"
T = TypeVar("T")


def _pg_admin_conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_url_for(database: str) -> str:
    return make_url(TEST_DATABASE_URL).set(database=database).render_as_string(hide_password=False)


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_pg_admin_conninfo(TEST_DATABASE_URL), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _new_epoch(url: str) -> None:
    """Copies of the template must not share a server epoch."""
    from sync_server.storage import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE server_meta SET value = :v WHERE key = 'epoch'"),
                      {"v": uuid.uuid4().hex})
    engine.dispose()


def make_settings(db_url: str, data_dir: Path, **overrides: Any) -> Any:
    from sync_server.settings import Settings

    values: dict[str, Any] = {"database_url": db_url, "sync_server_data_dir": data_dir,
                              "mount_console": False}
    values.update(overrides)
    return Settings(**values)


@dataclass(frozen=True)
class Group:
    id: str
    name: str


@dataclass(frozen=True)
class SeededWard:
    id: str
    name: str
    group_a: Group
    group_b: Group
    staff_username: str
    staff_password: str

    @property
    def groups(self) -> list[Group]:
        return [self.group_a, self.group_b]


class BearerClient:
    """Someone calling the live server with a bearer token: a phone or a staff member."""

    server: LiveServer
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def request(self, method: str, path: str, **kw: Any) -> httpx.Response:
        headers = {**self.headers, **kw.pop("headers", {})}
        return httpx.request(method, self.server.url + path, headers=headers, timeout=30, **kw)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("POST", path, **kw)

    def patch(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("PATCH", path, **kw)

    def put(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("PUT", path, **kw)

    def delete(self, path: str, **kw: Any) -> httpx.Response:
        return self.request("DELETE", path, **kw)


@dataclass
class Phone(BearerClient):
    """An enrolled device talking to the live server: keeps its own device_seq and cursor."""

    server: LiveServer
    device_id: str
    token: str
    group: Group
    ward_id: str
    next_seq: int = 1
    cursor: str | None = None
    seen: list[dict[str, Any]] = field(default_factory=list)

    def mutation(self, name: str, args: dict[str, Any], *, base_version: int | None = None,
                 seq: int | None = None, mutation_id: str | None = None) -> dict[str, Any]:
        """Build the next outbox entry (advances this phone's device_seq unless `seq` is given)."""
        if seq is None:
            seq = self.next_seq
            self.next_seq += 1
        return {"mutation_id": mutation_id or str(uuid.uuid4()), "device_seq": seq,
                "name": name, "args": args, "base_version": base_version,
                "recorded_at": "2026-11-20T09:14:03+07:00"}

    def push_raw(self, mutations: list[dict[str, Any]], protocol: int = 1) -> httpx.Response:
        return self.post("/api/v1/sync/push", json={"protocol": protocol, "mutations": mutations})

    def push(self, mutations: list[dict[str, Any]]) -> dict[str, Any]:
        response = self.push_raw(mutations)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def send(self, name: str, args: dict[str, Any], **kw: Any) -> dict[str, Any]:
        """Push one mutation and return its result."""
        result: dict[str, Any] = self.push([self.mutation(name, args, **kw)])["results"][0]
        return result

    def create_petition(self, **fields: Any) -> str:
        args = petition_args(**fields)
        result = self.send("petition.create", args)
        assert result["status"] == "applied", result
        return str(args["id"])

    def pull(self, *, cursor: str | None = None, limit: int | None = None) -> httpx.Response:
        params: dict[str, Any] = {}
        if cursor:
            params["cursor"] = cursor
        if limit:
            params["limit"] = limit
        return self.get("/api/v1/sync/pull", params=params)

    def pull_all(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Pull pages from this phone's cursor until has_more is false; returns the new changes."""
        changes: list[dict[str, Any]] = []
        while True:
            response = self.pull(cursor=self.cursor, limit=limit)
            assert response.status_code == 200, response.text
            page = response.json()
            changes.extend(page["changes"])
            self.cursor = page["cursor"]
            if not page["has_more"]:
                break
        self.seen.extend(changes)
        return changes

    def latest(self, entity: str, entity_id: str) -> dict[str, Any] | None:
        """The last data this phone pulled for one record."""
        found = [c for c in self.seen if c["entity"] == entity and c["id"] == entity_id]
        return found[-1]["data"] if found else None


def petition_args(**fields: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "title": "Đèn đường ngõ 12 bị hỏng",
        "description": "Đèn chiếu sáng ngõ 12 hỏng hơn hai tuần, buổi tối rất tối.",
        "field": "economy",
        "category": "lighting",
        "citizen_name": "Nguyễn Văn Hùng",
        "citizen_phone": "0912345678",
        "location_text": "Ngõ 12, Tổ dân phố 5",
        "source": "household_visit",
    }
    args.update(fields)
    return args


@dataclass
class StaffSession(BearerClient):
    """Ward staff signed in over HTTP."""

    server: LiveServer
    token: str


    def transition(self, petition_id: str, action: str, **fields: Any) -> httpx.Response:
        return self.post(f"/api/v1/petitions/{petition_id}/transition",
                         json={"action": action, **fields})

    def petition(self, petition_id: str) -> dict[str, Any]:
        response = self.get(f"/api/v1/petitions/{petition_id}")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


class LiveServer:
    """A real uvicorn serving the app on 127.0.0.1:<free port> in a background thread."""

    def __init__(self, app: FastAPI, db_url: str, *, port: int = 0) -> None:
        """`port`: a free one by default; a given one to come back where phones look (a
        server restarted on a restored database)."""
        self.app = app
        self.db_url = db_url
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        daemon=True)
        self._sock = sock
        self._ward: SeededWard | None = None

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("live server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=15)
        self._sock.close()
        self.app.state.sync_session.close()
        self.app.state.engine.dispose()
        self.app.state.sync_engine.dispose()  # its own pool on SQLite

    # -- data helpers (straight through the services, like the admin CLI) --

    def session(self) -> Any:
        from sync_server.storage import session_scope

        return session_scope(self.app.state.engine)

    def as_ward(self, ward_id: str, act: Callable[[Any], T]) -> T:
        """`act(ctx)` as ward staff straight through the services (as the console does), in
        one committed transaction; what `act` returns."""
        from sqlmodel import Session

        from sync_server.services.context import WriteContext

        with Session(self.app.state.engine, expire_on_commit=False) as db:
            ctx = WriteContext(session=db, ward_id=ward_id, actor="Cán bộ Khối dân vận")
            out = act(ctx)
            ctx.commit()
        return out

    def seed_ward(self) -> SeededWard:
        """A small ward: two groups and one staff account (idempotent per server)."""
        if self._ward is not None:
            return self._ward
        from sync_server.services.staff import create_staff
        from sync_server.services.wards import create_group, create_ward

        with self.session() as s:
            ward_id = create_ward(s, name="Phường Thử Nghiệm")
            a = create_group(s, ward_id=ward_id, name="Tổ dân phố 1", number=1)
            b = create_group(s, ward_id=ward_id, name="Tổ dân phố 2", number=2)
            create_staff(s, ward_id=ward_id, username="canbo", password=STAFF_PASSWORD,
                         full_name="Cán bộ Khối dân vận")
        self._ward = SeededWard(ward_id, "Phường Thử Nghiệm", Group(a, "Tổ dân phố 1"),
                                Group(b, "Tổ dân phố 2"), "canbo", STAFF_PASSWORD)
        return self._ward

    def enroll_code(self, group_id: str) -> str:
        from sync_server.services.enrollment import issue_code

        with self.session() as s:
            return issue_code(s, group_id=group_id).code

    def staff_token(self, username: str | None = None, password: str | None = None) -> str:
        if username is None or password is None:
            ward = self.seed_ward()
            username, password = ward.staff_username, ward.staff_password
        response = httpx.post(self.url + "/api/v1/auth/token", timeout=30, data={
            "username": username, "password": password})
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def enroll(self, group: Group, device_name: str = "Điện thoại tổ trưởng") -> Phone:
        response = httpx.post(self.url + "/api/v1/devices/enroll", timeout=30, json={
            "code": self.enroll_code(group.id), "device_name": device_name,
            "app_version": "0.1.0"})
        assert response.status_code == 200, response.text
        body = response.json()
        return Phone(self, body["device_id"], body["token"], group, body["ward"]["id"])
