"""Test fixtures shared by every suite: a fresh server database per test, a live server, and
a plain-English layer (`ward`, `a_device_of`, `as_staff`) so tests read like the user's story.

`SERVER_TEST_DB=postgres` runs the server on PostgreSQL (`TEST_DATABASE_URL`, default
postgresql+psycopg://postgres@127.0.0.1/test): each test gets its own database copied from a
migrated template, dropped afterwards. Otherwise each test gets a fresh SQLite file.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from serverkit import (  # noqa: F401
    ON_POSTGRES,
    SERVER_TEST_DB,
    STAFF_PASSWORD,
    TEST_DATABASE_URL,
    Group,
    LiveServer,
    Phone,
    SeededWard,
    StaffSession,
    _new_epoch,
    _pg_admin,
    _pg_admin_conninfo,
    _pg_url_for,
    make_settings,
    petition_args,
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """PostgreSQL-only tests run in the PostgreSQL pass, SQLite-only ones in the SQLite pass;
    elsewhere they are deselected, not skipped."""
    other = "sqlite_only" if ON_POSTGRES else "postgres"
    chosen = [item for item in items if other not in item.keywords]
    if len(chosen) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if other in i.keywords])
        items[:] = chosen


# -- databases -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated to head once per test session; tests get copies of it."""
    from sync_server.migrate import upgrade_to_head

    if ON_POSTGRES:
        name = f"tmpl_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        _pg_admin(f'CREATE DATABASE "{name}"')
        try:
            upgrade_to_head(_pg_url_for(name))
            yield name
        finally:
            _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        upgrade_to_head(f"sqlite:///{path}")
        yield str(path)


@pytest.fixture
def db_url(_template_db: str, tmp_path: Path) -> Iterator[str]:
    """A freshly created, migrated database of this test's own."""
    if ON_POSTGRES:
        name = f"t_{uuid.uuid4().hex[:16]}"
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{_template_db}"')
        url = _pg_url_for(name)
        _new_epoch(url)
        try:
            yield url
        finally:
            _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "server.sqlite3"
        shutil.copyfile(_template_db, path)
        url = f"sqlite:///{path}"
        _new_epoch(url)
        yield url


@pytest.fixture
def app(db_url: str, tmp_path: Path) -> Iterator[FastAPI]:
    """The FastAPI app on this test's database (no console)."""
    from sync_server.app import create_app

    application = create_app(make_settings(db_url, tmp_path / "data"))
    yield application
    application.state.sync_session.close()
    application.state.engine.dispose()
    application.state.sync_engine.dispose()  # its own pool on SQLite


# -- the plain-English layer ------------------------------------------------------------------


@pytest.fixture
def live_server_factory(db_url: str, tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """Start live servers with settings overrides: `live_server_factory(mount_console=True)`."""
    from sync_server.app import create_app

    started: list[LiveServer] = []

    def start(**overrides: Any) -> LiveServer:
        data_dir = tmp_path / f"data{len(started)}"
        server = LiveServer(create_app(make_settings(db_url, data_dir, **overrides)), db_url)
        server.start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def live_server(live_server_factory: Callable[..., LiveServer]) -> LiveServer:
    """A real uvicorn on a free port over this test's own database (no console)."""
    return live_server_factory()


@pytest.fixture
def ward(live_server: LiveServer) -> SeededWard:
    """A small ward with two residential groups (A and B) and the staff account `canbo`."""
    return live_server.seed_ward()


@pytest.fixture
def a_device_of(live_server: LiveServer, ward: SeededWard) -> Callable[..., Phone]:
    """`a_device_of(ward.group_a)`: a phone enrolled for that group with a fresh code."""
    return live_server.enroll


@pytest.fixture
def as_staff(live_server: LiveServer, ward: SeededWard) -> StaffSession:
    """The ward's staff member, signed in."""
    return StaffSession(live_server, live_server.staff_token())


@pytest.fixture(scope="session")
def shared_browser() -> Iterator[Any]:
    """One headless Chromium (Debian's) for every browser test of the session: Playwright's
    sync API runs its loop in the main thread, so a session can hold one instance only."""
    import os

    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=args)
        yield browser
        browser.close()

