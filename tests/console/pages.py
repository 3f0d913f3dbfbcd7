"""Test support: a ward officer at the console's HTML pages, in Debian's headless Chromium.

Pages are driven with Playwright's ordinary locators (labels, roles, text), as a person
reads them; `serious_accessibility_findings` runs axe-core (vendored, 4.10.2) in the page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page

OFFICE_PC = {"width": 1366, "height": 900}
AXE = Path(__file__).with_name("vendor") / "axe-4.10.2.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


class Officer:
    """One staff member in one browser context (their own cookies and localStorage)."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.base_url = base_url
        self.context = browser.new_context(viewport=OFFICE_PC, locale="vi-VN",
                                           base_url=base_url)
        self.page: Page = self.context.new_page()

    def open(self, path: str) -> Page:
        self.page.goto(path)
        return self.page

    def sign_in(self, username: str, password: str, *, path: str = "/console/petitions") -> Page:
        self.open(path)
        self.page.get_by_label("Tên đăng nhập").fill(username)
        self.page.get_by_label("Mật khẩu").fill(password)
        self.page.get_by_role("button", name="Đăng nhập").click()
        self.page.wait_for_load_state()
        return self.page

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def serious_accessibility_findings(self) -> list[dict[str, Any]]:
        """axe-core's serious and critical violations on the page as it is now."""
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate("async () => JSON.stringify(await axe.run(document))")
        violations: list[dict[str, Any]] = json.loads(result)["violations"]
        return [{"id": v["id"], "impact": v["impact"],
                 "nodes": [n["html"][:120] for n in v["nodes"][:3]]}
                for v in violations if v["impact"] in ("serious", "critical")]

    def close(self) -> None:
        self.context.close()
