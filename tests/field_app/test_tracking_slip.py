"""What the citizen takes away: the slip PDF (code, QR code to the status page, leader or group,
date) and the text message the leader sends from their own phone."""

from __future__ import annotations

import io
from datetime import date
from urllib.parse import unquote

import pypdf
import segno

from field_app.export.slip import (
    build_slip_pdf,
    qr_modules,
    sms_link,
    sms_text,
    status_url,
)

CODE = "K7M-2Q9-XDA"
URL = "https://phuong.example.vn/tra-cuu/K7M-2Q9-XDA"


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_the_slip_carries_the_code_the_address_the_leader_and_the_date() -> None:
    pdf = build_slip_pdf(code=CODE, url=URL, group_name="Tổ dân phố 5",
                         ward_name="Phường Quỳnh Xuân", leader="Lê Văn Tâm",
                         logged_on=date(2026, 11, 20))
    text = _text(pdf)
    assert pdf.startswith(b"%PDF") and len(pdf) < 100_000
    for words in (CODE, "K 7 M", "Lê Văn Tâm", "20/11/2026", "PHIẾU TRA CỨU KIẾN NGHỊ",
                  "Phường Quỳnh Xuân"):
        assert words in text, words
    assert URL.replace("https://", "") in text.replace("\n", "")
    without_leader = _text(build_slip_pdf(code=CODE, url=URL, group_name="Tổ dân phố 5",
                                          ward_name="", leader=None,
                                          logged_on=date(2026, 11, 20)))
    assert "Tổ: Tổ dân phố 5" in without_leader and "Tổ trưởng" not in without_leader


def test_the_qr_code_is_the_status_page_address() -> None:
    modules = qr_modules(URL)
    expected = segno.make(URL, error="m", micro=False)
    assert len(modules) == expected.symbol_size(scale=1, border=2)[0]
    assert modules == [[bool(m) for m in row]
                       for row in expected.matrix_iter(scale=1, border=2)]
    assert status_url("https://phuong.example.vn/", CODE) == URL


def test_the_text_message_is_vietnamese_and_opens_the_messages_app() -> None:
    assert sms_text(CODE, URL) == (
        "Mã tra cứu kiến nghị của ông/bà là K7M-2Q9-XDA. Tra cứu tại " + URL)
    link = sms_link(CODE, URL, "0912 345 678")
    assert link.startswith("sms:0912345678?body=")
    assert unquote(link.split("body=", 1)[1]) == sms_text(CODE, URL)
    assert sms_link(CODE, URL).startswith("sms:?body=")
