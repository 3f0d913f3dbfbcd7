"""Fixtures for the console's pages: a live server with the console, and officers' browsers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from console.pages import Officer
from sync_server.services.staff import create_staff

HEAD_PASSWORD = "lanh-dao-khoi-2026"


@pytest.fixture
def live_server(live_server_factory: Callable[..., Any]) -> Any:
    """The live server with the staff console mounted at /console."""
    return live_server_factory(mount_console=True)


@pytest.fixture(scope="session")
def browser(shared_browser: Browser) -> Browser:
    return shared_browser


@pytest.fixture
def new_officer(browser: Browser, live_server: Any) -> Iterator[Callable[[], Officer]]:
    """`new_officer()`: a fresh browser context on the live server (not signed in)."""
    opened: list[Officer] = []

    def make() -> Officer:
        officer = Officer(browser, live_server.url)
        opened.append(officer)
        return officer

    yield make
    for officer in opened:
        officer.close()


@pytest.fixture
def officer(new_officer: Callable[[], Officer], ward: Any) -> Officer:
    """The ward's officer (`canbo`), signed in at the inbox."""
    person = new_officer()
    person.sign_in(ward.staff_username, ward.staff_password)
    return person


@pytest.fixture
def ward_head(new_officer: Callable[[], Officer], ward: Any, live_server: Any) -> Officer:
    """The ward's head (`truongkhoi`, Lê Thị Thu), signed in."""
    with live_server.session() as s:
        create_staff(s, ward_id=ward.id, username="truongkhoi", password=HEAD_PASSWORD,
                     full_name="Lê Thị Thu", role="ward_head")
    person = new_officer()
    person.sign_in("truongkhoi", HEAD_PASSWORD)
    return person
