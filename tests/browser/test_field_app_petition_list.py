"""The petition list of a busy group: petitions logged by the group's other phone and moved
on by the ward arrive by sync; the leader filters by status, field and category and finds
them by typing without diacritics. Nothing of another group ever shows."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from playwright.sync_api import expect
from test_field_app_round_trip import FIELD_APP_MARKS, enroll_phone

pytestmark = FIELD_APP_MARKS  # see test_field_app_round_trip

PETITIONS = [
    ("Đèn đường ngõ 12 bị hỏng", "economy", "lighting", "Nguyễn Văn Hùng", "Ngõ 12"),
    ("Cống thoát nước bị tắc sau mưa", "culture_society", "environment", "Trần Thị Mai",
     "Đường Lê Lợi"),
    ("Xin hỗ trợ hộ nghèo sửa nhà", "culture_society", "social_policy", "Phạm Văn Đức",
     "Số 8, ngõ 3"),
    ("Tranh chấp ranh giới đất", "economy", "land", "Lê Thị Hoa", "Khu đồng Bãi"),
    ("Nhóm thanh niên tụ tập gây ồn", "defense_security", "security_order", "", "Công viên"),
]


def test_the_list_filters_and_finds_without_diacritics(ward_server, phone):
    enroll_phone(phone, ward_server)
    ward = ward_server.seed_ward()
    other_phone = ward_server.enroll(ward.group_a, device_name="Máy bí thư chi bộ")
    ids = [other_phone.create_petition(title=title, field=field, category=category,
                                       citizen_name=citizen or None, anonymous=not citizen,
                                       location_text=place, description="")
           for title, field, category, citizen, place in PETITIONS]
    ward_server.enroll(ward.group_b).create_petition(title="Kiến nghị của tổ khác")

    headers = {"Authorization": f"Bearer {ward_server.staff_token()}"}

    def staff(petition_id: str, action: str, **fields: object) -> None:
        moved = httpx.post(f"{ward_server.url}/api/v1/petitions/{petition_id}/transition",
                           json={"action": action, **fields}, headers=headers, timeout=30)
        assert moved.status_code == 200, moved.text

    overdue_since = (date.today() - timedelta(days=5)).isoformat()
    staff(ids[0], "accept", assigned_unit="Ban quản lý đô thị", due_date=overdue_since)
    staff(ids[1], "accept", due_date=(date.today() + timedelta(days=20)).isoformat())
    staff(ids[1], "start")
    staff(ids[2], "accept")
    staff(ids[2], "answer", answer="Phường đưa hộ vào danh sách hỗ trợ quý tới.")
    staff(ids[3], "reject", note="Thuộc thẩm quyền Tòa án, đề nghị công dân nộp đơn tại tòa.")

    phone.tap("sync-now")
    phone.says("count-overdue", "1", timeout=60_000)
    phone.says("count-to-report", "1")
    phone.shot("24_home_busy")

    phone.tab("Kiến nghị")
    phone.says("petition-row-4", "Đèn đường")  # five rows, newest first
    expect(phone.by_id("petition-row-5")).to_have_count(0)
    phone.shot("25_petitions_list")

    phone.fill("petition-search", "cong thoat nuoc")
    phone.says("petition-row-0", "Cống thoát nước bị tắc sau mưa")
    expect(phone.by_id("petition-row-1")).to_have_count(0)
    phone.fill("petition-search", "to khac")
    phone.by_id("petitions-no-match").wait_for()
    phone.fill("petition-search", "")

    phone.choose("filter-status", "Quá hạn")
    phone.says("petition-row-0", "Đèn đường ngõ 12 bị hỏng")
    expect(phone.by_id("petition-row-1")).to_have_count(0)
    phone.choose("filter-status", "Tất cả")
    phone.choose("filter-field", "Văn hóa - xã hội")
    phone.choose("filter-category", "Chính sách xã hội")
    phone.says("petition-row-0", "Xin hỗ trợ hộ nghèo sửa nhà")
    expect(phone.by_id("petition-row-1")).to_have_count(0)
    phone.shot("26_petitions_filtered")
    phone.choose("filter-field", "Tất cả")
    phone.choose("filter-category", "Tất cả")

    phone.fill("petition-search", "ranh gioi dat")
    phone.tap("petition-row-0")
    phone.says("petition-chips", "Không tiếp nhận")
    phone.see("Thuộc thẩm quyền Tòa án")
    expect(phone.by_id("action-report-back")).to_have_count(0)
    expect(phone.by_id("action-withdraw")).to_have_count(0)
    phone.shot("27_petition_rejected")


def test_a_second_report_of_the_same_matter_is_linked_not_duplicated(ward_server, phone,
                                                                     tmp_path):
    enroll_phone(phone, ward_server)
    ward = ward_server.seed_ward()
    ward_server.enroll(ward.group_a).create_petition(
        title="Đèn đường ngõ 12 bị hỏng", description="Đèn chiếu sáng ngõ 12 hỏng hai tuần.")
    phone.tap("sync-now")
    phone.says("count-open", "1", timeout=60_000)

    photo = tmp_path / "den-hong.png"
    photo.write_bytes(PNG_1x1)
    phone.tap("home-new-petition")
    phone.fill("pf-title", "Đèn đường ngõ 12 hỏng")
    phone.fill("pf-description", "Ngõ 12 tối om, đèn hỏng.")
    phone.choose("pf-field", "Kinh tế")
    phone.choose("pf-category", "Điện chiếu sáng")
    phone.fill("pf-citizen-name", "Võ Thị Lan")
    with phone.page.expect_file_chooser() as chooser:
        phone.tap("pf-add-photo")
    chooser.value.set_files(str(photo))
    phone.see("Đã đính kèm 1 ảnh")
    phone.tap("pf-save")
    phone.see("Có thể đã có kiến nghị này")
    phone.shot("30_possible_duplicate")
    phone.tap("dup-link-0")
    phone.says("petition-title", "Đèn đường ngõ 12 bị hỏng")
    phone.see("Thêm người cùng kiến nghị: Võ Thị Lan")
    phone.tab("Kiến nghị")
    phone.says("petition-row-0", "Đèn đường ngõ 12 bị hỏng")
    expect(phone.by_id("petition-row-1")).to_have_count(0)  # linked, not duplicated

    # the leader corrects the place; the ward sees the correction after the next sync
    phone.tap("petition-row-0")
    phone.tap("action-edit")
    phone.fill("pf-place", "Đầu ngõ 12, cạnh nhà văn hóa")
    phone.tap("pf-save")
    phone.see("Đầu ngõ 12, cạnh nhà văn hóa")
    phone.settle()
    headers = {"Authorization": f"Bearer {ward_server.staff_token()}"}
    found = httpx.get(f"{ward_server.url}/api/v1/petitions", params={"q": "den duong ngo 12"},
                      headers=headers, timeout=30).json()
    items = found["items"] if isinstance(found, dict) else found
    assert [p["location_text"] for p in items] == ["Đầu ngõ 12, cạnh nhà văn hóa"]


# the smallest valid PNG: one transparent pixel (the phone opens every photo to make it
# smaller, so it must be one that decodes)
PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082")
