"""The ward head reads who looked at citizens' data and manages the ward's staff accounts;
an officer cannot open those pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from console.pages import Officer

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def test_the_ward_head_sees_who_looked_at_whose_data_and_why(
        officer: Officer, ward_head: Officer, ward: Any, a_device_of: Any) -> None:
    pid = a_device_of(ward.group_a).create_petition(
        title="Tranh chấp lối đi chung", citizen_name="Phạm Văn Long", citizen_phone="0987654321")
    page = officer.open(f"/console/petitions/{pid}")
    page.get_by_label("Lý do xem").select_option("verify")
    page.get_by_role("button", name="Xem thông tin cá nhân").click()
    expect(page.get_by_text("Phạm Văn Long")).to_be_visible()
    officer.open("/console/petitions?q=pham+van+long")

    audit = ward_head.open("/console/audit")
    rows = audit.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Tìm kiến nghị")
    expect(rows.nth(0)).to_contain_text("“pham van long”")
    expect(rows.nth(1)).to_contain_text("Cán bộ Khối dân vận")
    expect(rows.nth(1)).to_contain_text("Xác minh nội dung kiến nghị")
    assert ward_head.serious_accessibility_findings() == []
    ward_head.screenshot("console-audit")

    officer.open("/console/audit")
    expect(officer.page.get_by_text("Chỉ lãnh đạo khối dân vận")).to_be_visible()
    expect(officer.page.get_by_role("link", name="Nhật ký xem dữ liệu")).to_have_count(0)


def test_the_ward_head_adds_an_officer_and_switches_one_off(
        ward_head: Officer, new_officer: Callable[[], Officer], ward: Any) -> None:
    page = ward_head.open("/console/staff")
    page.get_by_label("Tên đăng nhập").fill("canbo2")
    page.get_by_label("Họ tên").fill("Trần Minh Đức")
    page.get_by_label("Mật khẩu (ít nhất 8 ký tự)").fill("mat-khau-moi-2026")
    page.get_by_role("button", name="Tạo tài khoản").click()
    expect(page.get_by_text("Đã tạo tài khoản.")).to_be_visible()
    assert ward_head.serious_accessibility_findings() == []

    newcomer = new_officer()
    newcomer.sign_in("canbo2", "mat-khau-moi-2026")
    expect(newcomer.page.get_by_role("heading", name="Hộp kiến nghị")).to_be_visible()

    page.get_by_role("button", name="Khóa tài khoản canbo2").click()
    expect(page.get_by_text("Đã khóa tài khoản")).to_be_visible()
    newcomer.open("/console/petitions")
    newcomer.page.wait_for_url("**/console/login**")


def test_the_ward_heads_own_pages_are_in_one_menu_and_the_header_keeps_one_row_of_links(
        ward_head: Officer) -> None:
    page = ward_head.open("/console/petitions")
    menu = page.locator("header.top nav > ul > li")
    tops = {round(box["y"]) for box in (menu.nth(i).bounding_box() for i in range(menu.count()))
            if box is not None}
    assert len(tops) == 1, f"the menu wraps onto {len(tops)} rows at an office PC's width"
    expect(page.get_by_role("link", name="Nhật ký xem dữ liệu")).to_be_hidden()
    page.get_by_text("Quản lý phường").click()
    ward_head.screenshot("console-ward-admin-menu")
    page.get_by_role("link", name="Nhật ký xem dữ liệu").click()
    expect(page.get_by_role("heading", name="Nhật ký xem dữ liệu cá nhân")).to_be_visible()
    assert ward_head.serious_accessibility_findings() == []
