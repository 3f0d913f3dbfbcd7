"""A ward officer registers a ward-level unit's model in the console, adds evidence and
recognizes it; a group's model synced from a phone shows its linked campaign's totals;
the counts by field are checked against a seeded ward whose answer is known."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

from console.pages import Officer
from field_app.wire.mutations import ModelCreate
from sync_server.console.queries.models import ModelFilters, model_register
from sync_server.services import mobilization

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

# seed 001: "59 mô hình / 04 lĩnh vực: kinh tế 19, văn hóa - xã hội 23,
# an ninh - quốc phòng 10, hệ thống chính trị 07"
SEED_001 = {"economy": 19, "culture_society": 23, "defense_security": 10,
            "political_system": 7}


def seed_models(live_server: Any, ward: Any, counts: dict[str, int]) -> None:
    def create(ctx: Any) -> None:
        for field, n in counts.items():
            for i in range(n):
                mobilization.create(ctx, ModelCreate(
                    id=uuid.uuid4(), name=f"Mô hình {field} số {i + 1}", field=field,  # type: ignore[arg-type]
                    year=2026 if i % 2 else 2025, unit_kind="front",  # type: ignore[arg-type]
                    unit_name="Ủy ban MTTQ phường"), ward_level=True)

    live_server.as_ward(ward.id, create)


def test_the_counts_by_field_are_the_seeds_19_23_10_7(live_server: Any, ward: Any) -> None:
    seed_models(live_server, ward, SEED_001)
    with live_server.session() as db:
        every = model_register(db, ward_id=ward.id, filters=ModelFilters())
        economy = model_register(db, ward_id=ward.id, filters=ModelFilters(field="economy"))
        found = model_register(db, ward_id=ward.id, filters=ModelFilters(q="mo hinh economy so 1"))
    assert every.total == 59
    assert every.by_field == SEED_001
    assert economy.total == 19 and economy.by_field == SEED_001  # the counts ignore the field
    assert {m["name"] for m in found.items} >= {"Mô hình economy số 1", "Mô hình economy số 10"}


def test_officer_registers_a_ward_model_adds_evidence_and_recognizes_it(
        officer: Officer, ward: Any, live_server: Any) -> None:
    seed_models(live_server, ward, SEED_001)
    page = officer.open("/console/models")
    expect(page.locator("#model-counts")).to_have_text(
        "59 mô hình / 04 lĩnh vực: kinh tế 19, văn hóa - xã hội 23, "
        "quốc phòng - an ninh 10, xây dựng hệ thống chính trị 07.")
    expect(page.get_by_role("link", name="Mô hình", exact=True)).to_have_attribute(
        "aria-current", "page")
    assert officer.serious_accessibility_findings() == []

    form = page.get_by_role("region", name="Đăng ký mô hình của đơn vị cấp phường")
    form.get_by_label("Tên mô hình").fill("Khu dân cư không rác thải nhựa")
    form.get_by_label("Lĩnh vực").select_option(label="Văn hóa - xã hội")
    form.get_by_label("Loại đơn vị").select_option(label="Hội Liên hiệp Phụ nữ")
    form.get_by_label("Tên đơn vị (ví dụ Chi bộ khu phố 3)").fill("Chi hội Phụ nữ khu phố 2")
    form.get_by_label("Năm đăng ký").fill("2026")
    form.get_by_label("Mục đích, yêu cầu").fill("Mỗi hộ phân loại rác tại nguồn")
    form.get_by_label("Người theo dõi").fill("Đ/c Lê Thị Mai\nĐ/c Trần Văn Bình")
    form.get_by_role("button", name="Đăng ký mô hình").click()
    page.wait_for_url("**/console/models/*?done=created")
    expect(page.get_by_role("heading", name="Khu dân cư không rác thải nhựa", level=1)
           ).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Đã đăng ký mô hình.")
    expect(page.locator("#model-status")).to_have_text("Đã đăng ký")
    expect(page.get_by_text("Đ/c Lê Thị Mai, Đ/c Trần Văn Bình")).to_be_visible()

    evidence = page.get_by_role("region", name="Thêm kết quả, minh chứng")
    evidence.get_by_label("Nội dung").fill("Tiền huy động")
    evidence.get_by_label("Số lượng").fill("45.000.000")
    evidence.get_by_label("Đơn vị tính").fill("đồng")
    evidence.get_by_role("button", name="Thêm kết quả").click()
    page.wait_for_url("**?done=evidence")
    evidence = page.get_by_role("region", name="Thêm kết quả, minh chứng")
    evidence.get_by_label("Nội dung").fill("Hộ tham gia")
    evidence.get_by_label("Số lượng").fill("126")
    evidence.get_by_label("Đơn vị tính").fill("hộ")
    evidence.get_by_role("button", name="Thêm kết quả").click()
    page.wait_for_url("**?done=evidence")
    expect(page.locator("#metrics tbody tr")).to_have_text(
        ["Tiền huy động45.000.000 ₫", "Hộ tham gia126 hộ"])

    # a date typed wrongly is refused with a sentence, what was typed stays
    decide = page.get_by_role("region", name="Công nhận mô hình")
    decide.get_by_label("Số quyết định").fill("125/QĐ-UBND")
    decide.get_by_label("Ngày quyết định").fill("31/02/2026")
    decide.get_by_role("button", name="Công nhận", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text(
        "Ngày quyết định chưa đúng. Hãy ghi như ví dụ 15/12/2026.")
    decide = page.get_by_role("region", name="Công nhận mô hình")
    expect(decide.get_by_label("Số quyết định")).to_have_value("125/QĐ-UBND")
    decide.get_by_label("Cấp công nhận").select_option(label="Cấp phường")
    decide.get_by_label("Ngày quyết định").fill("15/12/2026")
    decide.get_by_role("button", name="Công nhận", exact=True).click()
    page.wait_for_url("**?done=recognize")
    expect(page.locator("#model-status")).to_have_text("Đã công nhận")
    expect(page.locator("#recognition")).to_have_text(
        "Cấp phường · Quyết định số 125/QĐ-UBND ngày 15/12/2026")
    expect(page.locator("ol.timeline li strong")).to_have_text(
        ["Công nhận", "Thêm kết quả", "Thêm kết quả", "Đăng ký mô hình"])
    assert officer.serious_accessibility_findings() == []
    officer.screenshot("console-model")

    # the register finds it without diacritics, filtered by level and status
    page = officer.open("/console/models?q=rac thai nhua&level=ward&status=recognized")
    expect(page.get_by_role("link", name="Khu dân cư không rác thải nhựa")).to_be_visible()
    expect(page.locator("table.list tbody tr")).to_have_count(1)
    page = officer.open("/console/models?q=rac thai nhua&status=proposed")
    expect(page.get_by_text("Chưa có mô hình nào phù hợp.")).to_be_visible()


def test_a_groups_model_shows_its_linked_campaigns_totals(
        officer: Officer, ward: Any, a_device_of: Any) -> None:
    phone = a_device_of(ward.group_a)
    campaign, home, model = (str(uuid.uuid4()) for _ in range(3))
    for name, args in (
            ("household.upsert", {"id": home, "head_name": "Trần Thị Hương"}),
            ("campaign.create", {"id": campaign, "title": "Thắp sáng ngõ 12"}),
            ("contribution.record", {"id": str(uuid.uuid4()), "campaign_id": campaign,
                                     "household_id": home, "entry_type": "receipt",
                                     "kind": "money_vnd", "quantity": "3500000",
                                     "recorded_on": "2026-11-20"}),
            ("model.create", {"id": model, "name": "Ngõ sáng, ngõ sạch",
                              "field": "economy", "year": 2026}),
            ("model.evidence", {"id": model, "campaign_ids": [campaign]}),
            ("model.update", {"id": model, "status": "proposed"})):
        assert phone.send(name, args)["status"] == "applied", name
    page = officer.open(f"/console/models/{model}")
    expect(page.locator("#model-status")).to_have_text("Đề nghị công nhận")
    expect(page.get_by_role("listitem").filter(has_text="Thắp sáng ngõ 12")).to_contain_text(
        "Tiền đã nộp 3.500.000 ₫")
    expect(page.get_by_text("Tổ dân phố 1").first).to_be_visible()
    assert officer.serious_accessibility_findings() == []
