"""The ward head finds a citizen's data, gives it to them, corrects and erases it, with the
register of requests; an officer cannot open the page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from console.pages import Officer

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


def test_the_ward_head_finds_gives_corrects_and_erases_a_citizens_data(
        ward_head: Officer, officer: Officer, ward: Any, a_device_of: Any,
        as_staff: Any) -> None:
    phone = a_device_of(ward.group_a)
    pid = phone.create_petition(title="Tranh chấp lối đi chung", citizen_name="Phạm Văn Long",
                                citizen_phone="0987 654 321")
    other = phone.create_petition(title="Cống thoát nước", citizen_name="Trần Thị Mai")
    phone.pull_all()

    page = ward_head.open("/console/privacy")
    page.get_by_label("Số điện thoại hoặc họ tên").fill("pham van long")
    page.get_by_label("Người yêu cầu").fill("Ông Phạm Văn Long")
    page.get_by_label("Ngày yêu cầu").fill("02/03/2026")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.get_by_role("link", name="Tranh chấp lối đi chung")).to_be_visible()
    expect(page.get_by_role("link", name="Cống thoát nước")).to_have_count(0)
    assert ward_head.serious_accessibility_findings() == []

    with page.expect_download() as got:
        page.get_by_role("link", name="Cung cấp cho người yêu cầu (tệp JSON)").click()
    given = json.loads(Path(got.value.path()).read_text(encoding="utf-8"))
    assert [p["citizen_name"] for p in given["petitions"]] == ["Phạm Văn Long"]
    page = ward_head.open(page.url)
    with page.expect_download() as got:
        page.get_by_role("link", name="Cung cấp cho người yêu cầu (PDF)").click()
    assert Path(got.value.path()).read_bytes()[:5] == b"%PDF-"

    page = ward_head.open("/console/privacy?q=0987654321")
    page.get_by_label("Sửa Điện thoại người kiến nghị").fill("0987 654 322")
    page.get_by_label("Sửa Điện thoại người kiến nghị").press("Enter")
    expect(page.get_by_text("Đã sửa thông tin.")).to_be_visible()
    shown = as_staff.get(f"/api/v1/petitions/{pid}", params={"personal": "true"}).json()
    assert shown["citizen_phone"] == "0987 654 322"

    page = ward_head.open("/console/privacy?q=Ph%E1%BA%A1m+V%C4%83n+Long")
    page.get_by_role("link", name="Xóa thông tin cá nhân…").click()
    expect(page.get_by_role("heading", name="Xóa thông tin cá nhân")).to_be_visible()
    assert ward_head.serious_accessibility_findings() == []
    ward_head.screenshot("console-privacy-erase")
    page.get_by_role("button", name="Xóa thông tin cá nhân").click()
    expect(page.get_by_text("Đã xóa thông tin cá nhân.")).to_be_visible()
    register = page.locator("section",
                            has=page.get_by_role("heading", name="Sổ theo dõi yêu cầu"))
    rows = register.locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Xóa dữ liệu")
    expect(rows.first).to_contain_text("Lê Thị Thu")
    expect(rows.last).to_contain_text("02/03/2026")  # the copy given: asked on that day
    expect(rows.last).to_contain_text("Ông Phạm Văn Long")
    ward_head.screenshot("console-privacy")

    shown = as_staff.get(f"/api/v1/petitions/{pid}", params={"personal": "true"}).json()
    assert (shown["citizen_name"], shown["citizen_phone"], shown["title"]) == (
        None, None, "Tranh chấp lối đi chung")
    pulled = {c["id"]: c["data"] for c in phone.pull_all()}
    assert pulled[pid]["citizen_name"] is None and pulled[pid]["erased_at"]
    kept = as_staff.get(f"/api/v1/petitions/{other}", params={"personal": "true"}).json()
    assert kept["citizen_name"] == "Trần Thị Mai"

    officer.open("/console/privacy")
    expect(officer.page.get_by_text("Chỉ lãnh đạo khối dân vận")).to_be_visible()
    expect(officer.page.get_by_role("link", name="Dữ liệu cá nhân")).to_have_count(0)


def test_the_ward_head_versions_the_doorstep_notice_and_sets_retention(
        ward_head: Officer) -> None:
    page = ward_head.open("/console/privacy")
    page.get_by_label("Thông báo đọc cho người dân khi ghi kiến nghị (bản số 0)").fill(
        "Phường ghi họ tên, số điện thoại của ông bà để trả lời kiến nghị.")
    page.get_by_label("Số năm lưu thông tin cá nhân sau khi kiến nghị kết thúc").fill("3")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu thông báo và thời hạn lưu giữ.")).to_be_visible()
    notice = page.get_by_label("Thông báo đọc cho người dân khi ghi kiến nghị (bản số 1)")
    expect(notice).to_have_value(
        "Phường ghi họ tên, số điện thoại của ông bà để trả lời kiến nghị.")
    years = page.get_by_label("Số năm lưu thông tin cá nhân sau khi kiến nghị kết thúc")
    expect(years).to_have_value("3")
