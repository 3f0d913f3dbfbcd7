"""A citizen's path in a real browser at 360 px: type the code, read the status and the ward's
answer, say "not satisfied"; the officer then finds the petition in the "reopen?" list with the
citizen's answer on its page. The page stays light and passes axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect
from serverkit import petition_args

from console.pages import AXE, SCREENSHOTS, Officer
from field_app.wire.tracking import new_tracking_code

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]
PHONE = {"width": 360, "height": 740}


def test_a_citizen_reads_the_answer_at_360px_and_the_ward_sees_not_satisfied(
        browser: Browser, live_server: Any, ward: Any, a_device_of: Any,
        officer: Officer) -> None:
    code = new_tracking_code()
    pid = a_device_of(ward.group_a).create_petition(**petition_args(
        title="Cống tắc", category="environment", tracking_code=code))
    page = officer.open(f"/console/petitions/{pid}")
    page.get_by_role("button", name="Tiếp nhận và giao").click()
    page.get_by_label("Trả lời", exact=True).fill("Đã nạo vét cống ngày 02/12.")
    page.get_by_role("button", name="Trả lời", exact=True).click()
    page.wait_for_load_state()

    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_server.url,
                                  is_mobile=True)
    citizen = context.new_page()
    weights: list[int] = []
    citizen.on("response", lambda r: weights.append(len(r.body())) if r.ok else None)
    try:
        citizen.goto("/tra-cuu")
        citizen.get_by_label("Mã tra cứu").fill(code.replace("-", "").lower())
        citizen.get_by_role("button", name="Tra cứu").click()
        expect(citizen.get_by_text("Đã trả lời", exact=True)).to_be_visible()
        expect(citizen.get_by_text("Đã nạo vét cống ngày 02/12.")).to_be_visible()
        assert citizen.url.endswith(f"/tra-cuu/{code}")
        assert sum(weights[-1:]) < 20_000  # the status page: one request, its style inline
        wide = citizen.evaluate("document.documentElement.scrollWidth")
        assert wide <= PHONE["width"]  # nothing sideways at 360 px
        citizen.add_script_tag(path=str(AXE))
        result = citizen.evaluate("async () => (await axe.run(document)).violations"
                                  ".filter(v => ['serious', 'critical'].includes(v.impact))"
                                  ".map(v => v.id)")
        assert result == []
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        citizen.screenshot(path=str(SCREENSHOTS / "public_status_360.png"), full_page=True)

        citizen.get_by_label("Chưa hài lòng").check()
        citizen.get_by_label("Ý kiến thêm (không bắt buộc)").fill("Mưa to vẫn ngập")
        citizen.get_by_role("button", name="Gửi ý kiến").click()
        expect(citizen.get_by_text("Ý kiến đã được gửi tới phường")).to_be_visible()
    finally:
        context.close()

    inbox = officer.open("/console/petitions?reopen=1")
    expect(inbox.get_by_label("Chưa hài lòng, cần xem lại")).to_be_checked()
    expect(inbox.get_by_role("link", name="Cống tắc")).to_be_visible()
    detail = officer.open(f"/console/petitions/{pid}")
    expect(detail.get_by_text("Chưa hài lòng. Mưa to vẫn ngập").first).to_be_visible()
    expect(detail.get_by_text(code)).to_be_visible()
    assert officer.serious_accessibility_findings() == []
    officer.screenshot("console_petition_citizen_feedback")
