"""The console behaves like a web page: typing is never dropped or lost, addresses, Back,
deep links, printing, accessibility, sign-in limits, CSRF and the audit of personal data."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import httpx
import pypdf
import pytest
from playwright.sync_api import Dialog, expect
from sqlalchemy import select

from console.pages import Officer
from sync_server.models.tables import audit_t, petition_t

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


def test_typing_starts_the_instant_a_box_is_focused_and_nothing_is_dropped(
        officer: Officer, ward: Any, a_device_of: Any) -> None:
    pid = a_device_of(ward.group_a).create_petition(title="Rác thải ùn ứ đầu ngõ 7")
    page = officer.open(f"/console/petitions/{pid}")
    note = page.get_by_label("Ghi chú / lý do")
    for attempt in range(50):
        text = f"Đã gọi điện cho tổ trưởng lần {attempt}"
        note.click()
        page.keyboard.type(text)
        assert note.input_value() == text, attempt
        note.fill("")


def test_a_draft_survives_a_reload_and_a_wrong_click_and_leaving_asks_first(
        officer: Officer, ward: Any, a_device_of: Any) -> None:
    pid = a_device_of(ward.group_a).create_petition(title="Đèn đường hỏng ở ngõ 3")
    page = officer.open(f"/console/petitions/{pid}")
    page.get_by_role("button", name="Tiếp nhận và giao").click()
    expect(page.get_by_text("Đã tiếp nhận kiến nghị.")).to_be_visible()
    draft = "Điện lực sẽ thay bóng đèn trong tuần này."
    page.get_by_label("Trả lời", exact=True).fill(draft)

    page.reload()
    expect(page.get_by_label("Trả lời", exact=True)).to_have_value(draft)
    expect(page.get_by_text("đã được khôi phục")).to_be_visible()

    asked: list[str] = []

    def answer(dialog: Dialog) -> None:
        asked.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("link", name="Hộp kiến nghị").first.click()
    page.wait_for_url("**/console/petitions")
    assert asked == ["beforeunload"]
    page.go_back()
    expect(page.get_by_label("Trả lời", exact=True)).to_have_value(draft)


def test_every_screen_has_its_address_back_returns_and_a_deep_link_opens_after_sign_in(
        officer: Officer, new_officer: Callable[[], Officer], ward: Any,
        a_device_of: Any) -> None:
    phone = a_device_of(ward.group_b)
    pid = phone.create_petition(title="Cống thoát nước bị tắc", category="environment")
    page = officer.open("/console/petitions")
    page.get_by_label("Trạng thái", exact=True).select_option("received")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**status=received**")
    page.get_by_role("link", name="Cống thoát nước bị tắc").click()
    page.wait_for_url(f"**/console/petitions/{pid}")
    page.go_back()
    page.wait_for_url("**status=received**")
    expect(page.get_by_label("Trạng thái", exact=True)).to_have_value("received")

    colleague = new_officer()
    colleague.open(f"/console/petitions/{pid}")
    colleague.page.wait_for_url("**/console/login?next=**")
    colleague.page.get_by_label("Tên đăng nhập").fill(ward.staff_username)
    colleague.page.get_by_label("Mật khẩu").fill(ward.staff_password)
    colleague.page.get_by_role("button", name="Đăng nhập").click()
    colleague.page.wait_for_url(f"**/console/petitions/{pid}")
    expect(colleague.page.get_by_role("heading", name="Cống thoát nước bị tắc")).to_be_visible()


def test_the_inbox_of_60_petitions_prints_on_a4_with_every_row(
        officer: Officer, ward: Any, a_device_of: Any) -> None:
    phone = a_device_of(ward.group_a)
    titles = [f"Kiến nghị thử số {n:02d} về vệ sinh môi trường" for n in range(60)]
    for title in titles:
        phone.create_petition(title=title)
    page = officer.open("/console/petitions?size=100")
    page.emulate_media(media="print")
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(p.extract_text() for p in pdf.pages)
    printed = "".join(text.split())  # pypdf spaces out Vietnamese letters with marks
    missing = [t for t in titles if "".join(t.split()) not in printed]
    assert missing == []
    assert len(pdf.pages) >= 2


def test_the_citizens_data_is_text_found_copied_and_called_once_revealed_and_audited(
        officer: Officer, ward: Any, a_device_of: Any, live_server: Any) -> None:
    pid = a_device_of(ward.group_a).create_petition(
        title="Xin hỗ trợ hộ nghèo", citizen_name="Nguyễn Thị Hoa", citizen_phone="0912345678")
    page = officer.open(f"/console/petitions/{pid}")
    expect(page.get_by_text("0912345678")).to_have_count(0)
    page.get_by_label("Lý do xem").select_option("contact")
    page.get_by_role("button", name="Xem thông tin cá nhân").click()
    phone_link = page.get_by_role("link", name="0912345678")
    expect(phone_link).to_have_attribute("href", "tel:0912345678")
    expect(page.get_by_text("Nguyễn Thị Hoa")).to_be_visible()

    page.goto("/console/petitions?q=nguyen+thi+hoa")
    expect(page.get_by_role("link", name="Xin hỗ trợ hộ nghèo")).to_be_visible()
    with live_server.session() as s:
        rows = s.execute(select(audit_t.c.action, audit_t.c.entity_id, audit_t.c.detail)
                         .order_by(audit_t.c.at)).all()
    assert [(r.action, r.entity_id) for r in rows] == [
        ("petition.view_personal", pid), ("petition.search", "*")]
    assert rows[0].detail == {"reason": "contact"}
    assert rows[1].detail == {"q": "nguyen thi hoa"}


def test_every_console_screen_passes_the_accessibility_check(
        new_officer: Callable[[], Officer], ward: Any, a_device_of: Any) -> None:
    pid = a_device_of(ward.group_a).create_petition(title="Ổ gà trên đường Lê Lợi")
    person = new_officer()
    person.open("/console/login")
    assert person.serious_accessibility_findings() == []
    person.sign_in(ward.staff_username, ward.staff_password)
    for path in ("/console/petitions", f"/console/petitions/{pid}",
                 f"/console/petitions/{pid}?personal=1&reason=verify"):
        person.open(path)
        assert person.serious_accessibility_findings() == [], path


def test_wrong_passwords_at_the_console_and_the_api_share_one_lockout(
        new_officer: Callable[[], Officer], ward: Any, live_server: Any) -> None:
    for _ in range(5):
        r = httpx.post(live_server.url + "/api/v1/auth/token",
                       data={"username": ward.staff_username, "password": "sai-mat-khau"})
        assert r.status_code == 401
    person = new_officer()
    page = person.open("/console/login")
    for _ in range(5):
        page.get_by_label("Tên đăng nhập").fill(ward.staff_username)
        page.get_by_label("Mật khẩu").fill("van-sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_text("Sai tên đăng nhập hoặc mật khẩu.")).to_be_visible()
    page.get_by_label("Tên đăng nhập").fill(ward.staff_username)
    page.get_by_label("Mật khẩu").fill(ward.staff_password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Đăng nhập sai quá nhiều lần")).to_be_visible()
    assert "/console/login" in page.url
    r = httpx.post(live_server.url + "/api/v1/auth/token",
                   data={"username": ward.staff_username, "password": ward.staff_password})
    assert r.status_code == 429


def test_a_form_posted_without_its_csrf_token_is_refused_and_changes_nothing(
        officer: Officer, ward: Any, a_device_of: Any, live_server: Any) -> None:
    pid = a_device_of(ward.group_a).create_petition(title="Nước sinh hoạt yếu")
    response = officer.page.request.post(
        f"/console/petitions/{pid}", form={"action": "accept", "assigned_unit": "Kẻ lạ"})
    assert response.status == 403
    assert "Biểu mẫu đã quá hạn" in response.text()
    with live_server.session() as s:
        status = s.execute(select(petition_t.c.status).where(petition_t.c.id == pid)).scalar()
    assert status == "received"


def test_two_officers_on_one_petition_the_second_sees_the_change_and_chooses(
        officer: Officer, new_officer: Callable[[], Officer], ward: Any,
        a_device_of: Any) -> None:
    pid = a_device_of(ward.group_a).create_petition(title="Lấn chiếm vỉa hè chợ Quỳnh")
    mine = officer.open(f"/console/petitions/{pid}")
    mine.get_by_label("Đơn vị giải quyết").fill("Công an phường")

    colleague = new_officer()
    theirs = colleague.sign_in(ward.staff_username, ward.staff_password,
                               path=f"/console/petitions/{pid}")
    theirs.get_by_label("Đơn vị giải quyết").fill("Đội trật tự đô thị")
    theirs.get_by_role("button", name="Tiếp nhận và giao").click()
    expect(theirs.get_by_text("Đã tiếp nhận kiến nghị.")).to_be_visible()

    mine.get_by_role("button", name="Tiếp nhận và giao").click()
    heading = mine.get_by_role("heading", name="Cán bộ khác vừa cập nhật kiến nghị này")
    expect(heading).to_be_visible()
    expect(mine.locator(".conflict")).to_contain_text("Đội trật tự đô thị")
    expect(mine.get_by_label("Đơn vị giải quyết")).to_have_value("Công an phường")
    officer.screenshot("console-conflict")
    mine.get_by_role("button", name="Giao lại").click()
    expect(mine.get_by_text("Đã giao lại.")).to_be_visible()
    expect(mine.locator("dl.facts")).to_contain_text("Công an phường")
