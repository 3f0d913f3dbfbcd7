"""A household's receipt (biên nhận) for one contribution, made on the phone: read back with
pypdf, it carries the group, number, household, amount in figures and words, date, the
leader as collector and a signature line for both sides."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from field_app.export.receipt import build_receipt_pdf, receipt_number
from field_app.i18n import Translator
from field_app.store import LocalStore


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_money_receipt_reads_in_figures_and_words(store: LocalStore) -> None:
    store.settings.user_name = "Nguyễn Thị Lan"
    binh = store.households.upsert(head_name="Trần Thị Bình", address="Số 12, ngõ 5")
    campaign = store.contributions.create_campaign(title="Bê tông hóa đường nội khối")
    entry = store.contributions.record(
        campaign_id=campaign.id, household_id=binh.id, entry_type="receipt",
        kind="money_vnd", quantity=3_500_000, recorded_on=date(2026, 12, 15),
        receipt_no="BN-017", collector=store.settings.user_name)
    row = store.contributions.entry(entry.id)
    assert row is not None

    pdf = build_receipt_pdf(
        t=Translator("vi"), entry=row, household=store.households.get(binh.id),
        campaign_title="Bê tông hóa đường nội khối", group_name="Tổ dân phố 5",
        ward_name="Phường Quỳnh Xuân", collector=row.collector or "",
        printed_on=date(2026, 12, 16))

    text = _text(pdf)
    for expected in ("Tổ dân phố 5", "Phường Quỳnh Xuân", "BIÊN NHẬN ĐÓNG GÓP", "Số: BN-017",
                     "Trần Thị Bình", "Số 12, ngõ 5", "Bê tông hóa đường nội khối",
                     "3.500.000 ₫", "Ba triệu năm trăm nghìn đồng", "15/12/2026",
                     "Người nộp", "Người thu", "Nguyễn Thị Lan"):
        assert expected in text, expected
    assert text.count("(Ký, ghi rõ họ tên)") == 2


def test_a_receipt_without_a_typed_number_gets_one_and_an_area_has_no_words(
        store: LocalStore) -> None:
    household = store.households.upsert(head_name="Đặng Văn Đường", address="Ngõ 7")
    campaign = store.contributions.create_campaign(title="Mở rộng ngõ",
                                                   unit_kinds=["land_m2"])
    entry = store.contributions.record(campaign_id=campaign.id, household_id=household.id,
                                       entry_type="receipt", kind="land_m2",
                                       quantity="12.5")
    row = store.contributions.entry(entry.id)
    assert row is not None and row.receipt_no is None
    number = receipt_number(row)
    assert len(number) == 8

    text = _text(build_receipt_pdf(
        t=Translator("en"), entry=row, household=store.households.get(household.id),
        campaign_title="Mở rộng ngõ", group_name="Tổ 1", ward_name="Phường A",
        collector="Nguyễn Thị Lan", printed_on=date(2026, 1, 2)))
    assert "CONTRIBUTION RECEIPT" in text and f"No.: {number}" in text
    assert "12,5 m²" in text and "In words" not in text
    assert text.count("(Signature and full name)") == 2
