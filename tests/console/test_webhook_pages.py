"""The ward head registers an integration's address in the console, copies the secret shown
once, sees the delivery log (a delivered event, and one the receiver refused, in words), and
switches the address off; an officer cannot open the page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect
from webhook_receiver import Receiver, wait_until

from console.pages import Officer

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


@pytest.fixture
def live_server(live_server_factory: Callable[..., Any]) -> Any:
    return live_server_factory(mount_console=True, webhook_retry_base_s=60,
                               webhook_poll_s=0.05)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver().up()
    yield made
    made.down()


def test_the_ward_head_registers_a_webhook_and_reads_the_delivery_log(
        ward_head: Officer, officer: Officer, ward: Any, a_device_of: Any,
        receiver: Receiver) -> None:
    page = ward_head.open("/console/webhooks")
    expect(page.get_by_text("Chưa đăng ký địa chỉ nào.")).to_be_visible()
    page.get_by_label("Địa chỉ nhận thông báo").fill("ftp://zalo.phuong.vn/hook")
    page.get_by_role("button", name="Đăng ký địa chỉ").click()
    expect(page.get_by_role("alert")).to_contain_text("Địa chỉ không hợp lệ")
    assert ward_head.serious_accessibility_findings() == []

    page.get_by_label("Địa chỉ nhận thông báo").fill(receiver.url)
    page.get_by_role("button", name="Đăng ký địa chỉ").click()
    expect(page.get_by_role("heading", name="Đã đăng ký. Khóa bí mật chỉ hiện một lần")
           ).to_be_visible()
    secret = page.locator(".issued .code").inner_text().strip()
    assert len(secret) >= 32
    # a second address, where nothing listens: its events fail and wait a minute
    page = ward_head.open("/console/webhooks")
    expect(page.get_by_text(secret)).to_have_count(0)  # shown once only
    page.get_by_label("Địa chỉ nhận thông báo").fill("http://127.0.0.1:9/hook")
    page.get_by_label("Khóa bí mật").fill("khoa-bi-mat-cua-tinh-2026")
    page.get_by_role("button", name="Đăng ký địa chỉ").click()
    expect(page.get_by_text("khoa-bi-mat-cua-tinh-2026")).to_be_visible()

    phone = a_device_of(ward.group_a)
    phone.create_petition()
    wait_until(lambda: len(receiver.received) == 1, what="the event")
    assert receiver.received[0].signed_with(secret)

    def logged() -> bool:
        text = ward_head.open("/console/webhooks").locator("main").inner_text()
        return "Đã gửi lúc" in text and "Không kết nối được tới địa chỉ này" in text

    wait_until(logged, what="both outcomes in the log")
    page = ward_head.page
    log = page.locator("section", has=page.get_by_role("heading",
                                                       name="Nhật ký gửi thông báo"))
    expect(log.locator("tbody tr")).to_have_count(2)
    expect(log).to_contain_text("Kiến nghị mới")
    expect(log).to_contain_text("Gửi lại lúc")
    expect(page.locator("main")).not_to_contain_text("webhooks.")  # no key shows as itself
    assert ward_head.serious_accessibility_findings() == []
    ward_head.screenshot("console-webhooks")

    page.get_by_role("button", name="Tắt http://127.0.0.1:9/hook").click()
    expect(page.get_by_text("Đã tắt. Máy chủ không gửi thông báo tới địa chỉ này nữa.")
           ).to_be_visible()
    expect(page.get_by_role("cell", name="Đã tắt")).to_have_count(1)
    phone.create_petition()
    wait_until(lambda: len(receiver.received) == 2, what="the second event")
    page = ward_head.open("/console/webhooks")
    expect(log.locator("tbody tr")).to_have_count(3)  # none written for the one off

    assert officer.open("/console/webhooks").get_by_text("Đăng ký địa chỉ").count() == 0
