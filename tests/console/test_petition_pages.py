"""A ward officer works petitions in the console's pages, in headless Chromium, against a
real server that real phones (HTTP clients of an enrolled device) sync with."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from console.pages import Officer

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def test_officer_finds_accepts_and_answers_and_the_phone_pulls_the_answer(
        officer: Officer, ward: Any, a_device_of: Any) -> None:
    phone = a_device_of(ward.group_a)
    pid = phone.create_petition(title="Đường nội khối TDP 5 xuống cấp",
                                category="infrastructure")
    phone.create_petition(title="Thiếu đèn chiếu sáng ngõ 12")
    page = officer.open("/console/petitions")
    expect(page.get_by_role("link", name="Chờ phường tiếp nhận (2)")).to_be_visible()

    # the search ignores diacritics, and the filter lives in the address
    page.get_by_label("Tìm kiếm").fill("duong noi khoi")
    page.get_by_label("Tìm kiếm").press("Enter")
    page.wait_for_url("**q=duong+noi+khoi**")
    expect(page.get_by_role("link", name="Thiếu đèn chiếu sáng ngõ 12")).to_have_count(0)
    officer.screenshot("console-inbox")
    page.get_by_role("link", name="Đường nội khối TDP 5 xuống cấp").click()
    page.wait_for_url(f"**/console/petitions/{pid}")

    # an answer drafted before accepting survives the accept
    page.get_by_label("Đơn vị giải quyết").fill("Phòng Kinh tế - Hạ tầng")
    page.get_by_label("Cán bộ phụ trách").fill("Ông Trần Văn Bình")
    page.get_by_label("Hạn giải quyết").fill("20/12/2026")
    page.get_by_label("Ghi chú / lý do").fill("Giao phòng kinh tế.")
    page.get_by_role("button", name="Tiếp nhận và giao").click()
    expect(page.get_by_text("Đã tiếp nhận kiến nghị.")).to_be_visible()
    expect(page.locator("dl.facts").get_by_text("20/12/2026")).to_be_visible()

    answer = "Phường đưa tuyến đường vào kế hoạch bê tông hóa quý I/2027."
    page.get_by_label("Trả lời", exact=True).fill(answer)
    page.get_by_role("button", name="Bắt đầu giải quyết").click()
    expect(page.get_by_text("Đã chuyển sang đang giải quyết.")).to_be_visible()
    expect(page.get_by_label("Trả lời", exact=True)).to_have_value(answer)
    page.get_by_role("button", name="Trả lời", exact=True).click()
    expect(page.get_by_text("Đã lưu câu trả lời")).to_be_visible()
    officer.screenshot("console-petition")

    # the answer is text on the page, and the group's phone pulls it
    expect(page.locator("p.pre", has_text=answer).first).to_be_visible()
    changes = phone.pull_all()
    pulled = [c["data"] for c in changes if c.get("id") == pid][-1]
    assert pulled["status"] == "answered"
    assert pulled["answer"] == answer
