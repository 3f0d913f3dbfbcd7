"""A ward officer enrolls a new phone for a group and revokes a lost one in the console's
pages, in headless Chromium, against a real server the phones sync with over HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import expect
from serverkit import Phone
from sqlalchemy import select

from console.pages import Officer
from sync_server.models.tables import device_t, enroll_code_t

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]


def test_officer_issues_a_code_a_phone_enrolls_then_the_officer_revokes_it(
        officer: Officer, ward: Any, a_device_of: Any, live_server: Any) -> None:
    old = a_device_of(ward.group_a, "Máy tổ trưởng tổ 1")
    assert old.pull().status_code == 200
    page = officer.open("/console/devices")
    group_a = page.get_by_role("region", name=ward.group_a.name)
    expect(group_a.get_by_role("row", name="Máy tổ trưởng tổ 1")).to_contain_text("0.1.0")
    expect(page.get_by_role("region", name=ward.group_b.name)).to_contain_text(
        "Tổ này chưa có thiết bị.")
    assert officer.serious_accessibility_findings() == []

    # a code for group B, shown big as text after the redirect, with its expiry
    page.get_by_role("button", name=f"Cấp mã đăng ký cho {ward.group_b.name}").click()
    page.wait_for_url("**/console/devices?done=code&issued=*")
    shown = page.get_by_role("status").filter(has_text=f"Mã đăng ký cho {ward.group_b.name}")
    expect(shown).to_contain_text("Hết hạn lúc")
    code = page.locator(".issued .code").inner_text().strip()
    assert code and code not in page.url
    assert officer.serious_accessibility_findings() == []
    officer.screenshot("console-devices")
    page.reload()  # a reload shows the same code
    expect(page.locator(".issued .code")).to_have_text(code)

    enrolled = httpx.post(f"{live_server.url}/api/v1/devices/enroll", timeout=30, json={
        "code": code, "device_name": "Máy mới tổ 2", "app_version": "0.2.0"})
    assert enrolled.status_code == 200, enrolled.text
    assert enrolled.json()["group"]["id"] == ward.group_b.id
    body = enrolled.json()
    new = Phone(live_server, body["device_id"], body["token"], ward.group_b, body["ward"]["id"])
    assert new.pull().status_code == 200

    # the new phone is listed under its group; revoking asks first, then says so
    page.goto("/console/devices")
    new_row = page.get_by_role("region", name=ward.group_b.name).get_by_role(
        "row", name="Máy mới tổ 2")
    expect(new_row).to_contain_text("0.2.0")
    new_row.get_by_role("link", name="Thu hồi “Máy mới tổ 2”").click()
    expect(page.get_by_role("heading", name="Thu hồi điện thoại")).to_be_visible()
    assert officer.serious_accessibility_findings() == []
    officer.screenshot("console-device-revoke")
    page.get_by_role("button", name="Thu hồi “Máy mới tổ 2”").click()
    page.wait_for_url("**/console/devices?done=revoked*")
    expect(page.get_by_role("status")).to_have_text(
        "Đã thu hồi điện thoại “Máy mới tổ 2”; máy không đồng bộ được nữa.")
    expect(page.get_by_role("row", name="Máy mới tổ 2")).to_contain_text("Đã thu hồi")

    refused = new.pull()
    assert refused.status_code == 401
    assert refused.json()["code"] == "auth.token_revoked"
    assert old.pull().status_code == 200  # the other phone still syncs


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
        officer: Officer, ward: Any, a_device_of: Any, live_server: Any) -> None:
    phone = a_device_of(ward.group_a, "Máy tổ trưởng tổ 1")
    page = officer.open("/console/devices")
    request = page.context.request  # the officer's own session cookie, no token
    for path, form in ((f"/console/devices/{phone.device_id}/revoke", {}),
                       ("/console/devices/codes", {"group_id": ward.group_b.id}),
                       (f"/console/devices/{phone.device_id}/revoke", {"csrf": "forged"})):
        refused = request.post(path, form=form, max_redirects=0)
        assert refused.status == 403, path
        assert "Biểu mẫu đã quá hạn" in refused.text()
    with live_server.session() as db:
        assert db.execute(select(device_t.c.revoked_at)
                          .where(device_t.c.id == phone.device_id)).scalar() is None
        groups = db.execute(select(enroll_code_t.c.group_id)).scalars().all()
    assert ward.group_b.id not in groups
    assert phone.pull().status_code == 200
