"""Test support: drive the staff console in headless Chromium like a ward officer would."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
DESKTOP = {"width": 1440, "height": 900}
FOCUS_WAIT_MS = 1_000
SETTLE_MS = 300


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class ConsoleTab:
    """One browser tab on the console: a fresh Flet session with the semantics tree on."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.page.goto(base_url + "/console")
        self.page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60_000)
        self.page.evaluate("document.querySelector('flt-semantics-placeholder').click()")
        self.by_id("login-submit").wait_for()

    def by_id(self, identifier: str) -> Locator:
        return self.page.locator(f'[flt-semantics-identifier="{identifier}"]')

    def field(self, identifier: str) -> Locator:
        """The text input inside a field wrapped with a test id."""
        return self.by_id(identifier).locator("input, textarea").first

    def fill(self, identifier: str, text: str) -> None:
        box = self.field(identifier)
        box.click()
        # type once Flutter has made this box the one taking keys: text typed before that
        # can miss the app (a dialogue day's place was lost so in about one run of two).
        # In some tabs opened after others the box never reports the focus, and there typing
        # at once works.
        with contextlib.suppress(AssertionError):
            expect(box).to_be_focused(timeout=FOCUS_WAIT_MS)
        box.fill(text)
        # the value reaches the app with one of the next frames, and a click in the same
        # frame could overtake it (a due date typed just before "accept" was lost so)
        self.page.wait_for_timeout(SETTLE_MS)

    def click(self, identifier: str) -> None:
        self.by_id(identifier).click()

    def sign_in(self, username: str, password: str) -> None:
        self.fill("login-username", username)
        self.fill("login-password", password)
        self.click("login-submit")
        self.by_id("nav-inbox").wait_for()

    def see(self, text: str) -> None:
        """Visible as text or as a control's accessible name (chips, buttons)."""
        found = self.page.get_by_text(text, exact=False).or_(
            self.page.get_by_label(text, exact=False)
        )
        expect(found.first).to_be_visible()

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.wait_for_timeout(600)  # let the software-GL canvas paint the last frame
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def close(self) -> None:
        self.context.close()
