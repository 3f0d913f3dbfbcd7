"""When the ward has moved first: the phone's withdrawal of a petition the ward already
answered is refused; the phone says why and what to do, per record, and keeps syncing."""

from __future__ import annotations

import httpx
from playwright.sync_api import expect
from test_field_app_round_trip import FIELD_APP_MARKS, enroll_phone

pytestmark = FIELD_APP_MARKS  # see test_field_app_round_trip


def test_a_refused_withdrawal_is_explained_on_the_sync_screen(ward_server, phone):
    enroll_phone(phone, ward_server)
    phone.tap("home-new-petition")
    phone.fill("pf-title", "Rác thải đổ trộm đầu ngõ 9")
    phone.choose("pf-field", "Văn hóa - xã hội")
    phone.choose("pf-category", "Môi trường")
    phone.tap("pf-save")
    phone.tap("back")
    phone.tap("sync-now")
    phone.says("sync-headline", "Đã gửi hết", timeout=60_000)

    # the ward answers, but the phone has not synced since
    headers = {"Authorization": f"Bearer {ward_server.staff_token()}"}
    petition = httpx.get(f"{ward_server.url}/api/v1/petitions", params={"q": "rac thai"},
                         headers=headers, timeout=30).json()
    items = petition["items"] if isinstance(petition, dict) else petition
    pid = items[0]["id"]
    for action, extra in (("accept", {}), ("answer", {"answer": "Đã bố trí thu gom."})):
        moved = httpx.post(f"{ward_server.url}/api/v1/petitions/{pid}/transition",
                           json={"action": action, **extra}, headers=headers, timeout=30)
        assert moved.status_code == 200, moved.text
    ward_server.stop()  # keep the phone from learning about it before it acts

    phone.tab("Kiến nghị")
    phone.tap("petition-row-0")
    phone.tap("action-withdraw")
    phone.fill("withdraw-note", "Công dân tự xử lý được")
    phone.tap("withdraw-confirm")
    phone.says("petition-chips", "Dân đã rút")

    ward_server.start()
    phone.tab("Thêm")
    phone.tap("more-sync")
    phone.tap("sync-now")
    phone.says("rejected-0", "Rút kiến nghị", timeout=60_000)
    phone.says("rejected-0", "Kiến nghị đã sang bước khác ở phường.")
    phone.says("rejected-0", "Mở kiến nghị để xem trạng thái mới")
    phone.shot("28_sync_rejected")

    phone.tab("Kiến nghị")
    phone.tap("petition-row-0")
    phone.says("petition-chips", "Đã trả lời")  # the ward's status wins
    phone.says("petition-chips", "Phường không nhận")
    expect(phone.by_id("petition-sync-rejected")).to_be_visible()
    phone.says("petition-answer", "Đã bố trí thu gom.")
    phone.shot("29_petition_withdraw_refused")

    phone.tab("Thêm")
    phone.tap("more-sync")
    phone.tap("rejected-0-dismiss")
    phone.see("Không có mục nào phường không nhận.")


def test_an_edit_that_crossed_the_wards_correction_shows_as_a_conflict(ward_server, phone):
    enroll_phone(phone, ward_server)
    phone.tap("home-new-petition")
    phone.fill("pf-title", "Cống ngõ 9 bốc mùi")
    phone.choose("pf-field", "Văn hóa - xã hội")
    phone.choose("pf-category", "Môi trường")
    phone.tap("pf-save")
    phone.settle()

    # ward staff correct the title while the phone is about to change it too
    headers = {"Authorization": f"Bearer {ward_server.staff_token()}"}
    listing = httpx.get(f"{ward_server.url}/api/v1/petitions", params={"q": "cong ngo 9"},
                        headers=headers, timeout=30).json()
    petition = (listing["items"] if isinstance(listing, dict) else listing)[0]
    edited = httpx.patch(f"{ward_server.url}/api/v1/petitions/{petition['id']}", headers=headers,
                         timeout=30, json={"title": "Cống thoát nước ngõ 9 bốc mùi",
                                           "base_version": petition["version"]})
    assert edited.status_code == 200, edited.text
    ward_server.stop()

    phone.tap("action-edit")
    phone.fill("pf-title", "Cống ngõ 9 bốc mùi nặng")
    phone.tap("pf-save")
    phone.says("petition-title", "Cống ngõ 9 bốc mùi nặng")

    ward_server.start()
    phone.tab("Thêm")
    phone.tap("more-sync")
    phone.tap("sync-now")
    phone.says("conflict-0", "Sửa kiến nghị", timeout=60_000)
    phone.says("conflict-0", "giữ theo phường, phần của tổ lưu ở Diễn biến (tiêu đề)")
    phone.shot("32_sync_conflict")

    phone.tab("Kiến nghị")
    phone.tap("petition-row-0")
    phone.says("petition-title", "Cống thoát nước ngõ 9 bốc mùi")  # the ward's value is kept
    phone.says("petition-chips", "Tổ và phường sửa khác nhau")
    expect(phone.by_id("petition-sync-conflict")).to_be_visible()
    phone.see("Cống ngõ 9 bốc mùi nặng")  # ours is not lost: it is on the timeline
