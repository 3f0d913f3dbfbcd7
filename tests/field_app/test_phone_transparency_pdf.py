"""The campaign's public sheet, made on the phone: a PDF whose text keeps every Vietnamese
diacritic and whose totals match the ledger."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from field_app.export.transparency import build_transparency_pdf
from field_app.i18n import Translator
from field_app.store import LocalStore


def test_the_sheet_lists_each_household_with_vietnamese_glyphs(store: LocalStore) -> None:
    binh = store.households.upsert(head_name="Trần Thị Bình", address="Số 12, ngõ 5")
    duong = store.households.upsert(head_name="Đặng Văn Đường", address="Ngõ 7")
    campaign = store.contributions.create_campaign(
        title="Bê tông hóa đường nội khối", purpose="Đổ bê tông 300 m đường",
        unit_kinds=["money_vnd", "land_m2"], target={"money_vnd": 150_000_000})
    store.contributions.record(campaign_id=campaign.id, household_id=binh.id,
                               entry_type="pledge", kind="money_vnd", quantity=5_000_000)
    store.contributions.record(campaign_id=campaign.id, household_id=binh.id,
                               entry_type="receipt", kind="money_vnd", quantity=3_500_000)
    mistake = store.contributions.record(campaign_id=campaign.id, household_id=duong.id,
                                         entry_type="receipt", kind="money_vnd",
                                         quantity=9_000_000)
    store.contributions.reverse(mistake.id, note="ghi nhầm")
    store.contributions.record(campaign_id=campaign.id, household_id=duong.id,
                               entry_type="receipt", kind="land_m2", quantity="3432.5")

    pdf = build_transparency_pdf(
        t=Translator("vi"), campaign=store.contributions.campaign(campaign.id),  # type: ignore[arg-type]
        rows=store.contributions.transparency_rows(campaign.id),
        totals=store.contributions.totals(campaign.id),
        group_name="Tổ dân phố 5", ward_name="Phường Quỳnh Xuân",
        prepared_on=date(2026, 12, 15), prepared_by="Nguyễn Văn Tổ")

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for expected in ("BẢNG CÔNG KHAI CÁC KHOẢN ĐÓNG GÓP", "TỔ DÂN PHỐ SỐ 5 - PHƯỜNG QUỲNH XUÂN",
                     "Quỳnh Xuân, ngày 15 tháng 12 năm 2026", "Bê tông hóa đường nội khối",
                     "Trần Thị Bình", "Đặng Văn Đường", "5.000.000 ₫", "3.500.000 ₫",
                     "1.500.000 ₫", "3.432,5 m²", "Tổng cộng", "Chưa nộp",
                     "Dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng",
                     "TỔ TRƯỞNG", "TRƯỞNG BAN CÔNG TÁC MẶT TRẬN", "NGƯỜI LẬP BẢNG",
                     "Nguyễn Văn Tổ"):
        assert expected in text, expected
    # the group's sheet (glossary.md): three signature lines, each with its hint
    assert text.count("(Ký, ghi rõ họ tên)") == 3
    assert "Lập ngày" not in text
    assert "9.000.000" not in text  # the reversed receipt is not counted
    # the sheet says which personal data it carries, and it carries no phone numbers
    assert "Dữ liệu cá nhân trong tài liệu" in text and "Không có số điện thoại" in text


def test_the_sheet_speaks_english_when_asked(store: LocalStore) -> None:
    campaign = store.contributions.create_campaign(title="Đèn đường")
    pdf = build_transparency_pdf(
        t=Translator("en"), campaign=store.contributions.campaign(campaign.id),  # type: ignore[arg-type]
        rows=[], totals=store.contributions.totals(campaign.id), group_name="Tổ 1",
        ward_name="Phường A", prepared_on=date(2026, 1, 2))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "PUBLIC STATEMENT OF CONTRIBUTIONS" in text
    assert "02/01/2026" in text
