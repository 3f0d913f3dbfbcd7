"""Fixtures for the console's pages: a live server with the console, and officers' browsers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from console.pages import Officer


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
