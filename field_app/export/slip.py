"""Export layer: what the citizen takes away after a petition is logged: the tracking slip (a
small PDF with the code, a QR code to the ward's status page, who logged it and when) and the
text message the group leader sends from their own phone (an `sms:` link)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import quote

import segno
from fpdf import FPDF

from field_app.wire.formats import format_date
from field_app.wire.tracking import spoken

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FAMILY = "DejaVu"


def status_url(server_url: str, code: str) -> str:
    """The ward's public status page of this code (`{server}/tra-cuu/{code}`)."""
    return f"{server_url.rstrip('/')}/tra-cuu/{code}"


def sms_text(code: str, url: str) -> str:
    return f"Mã tra cứu kiến nghị của ông/bà là {code}. Tra cứu tại {url}"


def sms_link(code: str, url: str, phone: str | None = None) -> str:
    """An `sms:` address that opens the phone's messages app with the text filled in."""
    number = "".join(ch for ch in (phone or "") if ch.isdigit() or ch == "+")
    return f"sms:{number}?body={quote(sms_text(code, url), safe='')}"


def qr_modules(url: str) -> list[list[bool]]:
    """The QR code of `url` as rows of dark (True) modules, quiet zone included."""
    qr = segno.make(url, error="m", micro=False)
    return [[bool(m) for m in row] for row in qr.matrix_iter(scale=1, border=2)]


def build_slip_pdf(*, code: str, url: str, group_name: str, ward_name: str,
                   leader: str | None, logged_on: date) -> bytes:
    """An A6 slip: the code (big, and spaced for reading), the QR code, the leader or the
    group, the ward and the date."""
    pdf = FPDF(orientation="P", unit="mm", format=(105, 148))  # A6
    pdf.add_font(FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(f"Phiếu tra cứu kiến nghị {code}")
    pdf.set_auto_page_break(False)
    pdf.set_margins(8, 8, 8)
    pdf.add_page()
    width = pdf.w - 16
    pdf.set_font(FAMILY, "B", 12)
    pdf.multi_cell(width, 6, "PHIẾU TRA CỨU KIẾN NGHỊ", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    pdf.multi_cell(width, 4.5, f"{group_name} - {ward_name}".strip(" -"), align="C",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FAMILY, "", 10)
    pdf.cell(width, 5, "Mã tra cứu", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "B", 24)
    pdf.cell(width, 12, code, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    pdf.cell(width, 5, f"Đọc là: {spoken(code)}", align="C", new_x="LMARGIN", new_y="NEXT")
    modules = qr_modules(url)
    size = 42.0
    cell = size / len(modules)
    left, top = (pdf.w - size) / 2, pdf.get_y() + 2
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                pdf.rect(left + x * cell, top + y * cell, cell, cell, style="F")
    pdf.set_y(top + size + 2)
    pdf.set_font(FAMILY, "", 8)
    pdf.multi_cell(width, 4, f"Tra cứu tại: {url}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FAMILY, "", 9)
    who = f"Tổ trưởng: {leader}" if leader else f"Tổ: {group_name}"
    pdf.multi_cell(width, 4.5, who, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(width, 4.5, f"Ngày tiếp nhận: {format_date(logged_on)}", new_x="LMARGIN",
                   new_y="NEXT")
    return bytes(pdf.output())
