"""Export layer: the public transparency sheet of a campaign (bảng công khai) as an A4 PDF.

"Công khai, minh bạch các khoản Nhân dân đóng góp": one line per household with what it
pledged, paid and still owes, totals, and other kinds of contribution (land, walls,
workdays...). DejaVu fonts carry every Vietnamese glyph.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from field_app.i18n import Translator
from field_app.store.records import CampaignRow, KindTotals, TransparencyRow
from field_app.wire.formats import format_date, format_quantity, format_vnd
from field_app.wire.layout import Layout, group_sheet_layout

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FAMILY = "DejaVu"
MONEY = "money_vnd"


def amount_text(t: Translator, kind: str, value: Decimal | int | None) -> str:
    if value is None:
        return "—"
    return format_vnd(value) if kind == MONEY else format_quantity(value, t(f"unit.{kind}"))


class SheetPDF(FPDF):
    """A4 portrait with the DejaVu family and a page-numbered footer."""

    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font(FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_title(title)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(14, 14, 14)
        self.add_page()

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=8)
        self.cell(0, 8, f"{self.page_no()}/{{nb}}", align="C")

    def line_of_text(self, text: str, *, size: float = 10, bold: bool = False,
                     align: str = "L") -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(0, size * 0.55, text, align=align, new_x="LMARGIN", new_y="NEXT")

    def grid(self, header: Sequence[str], rows: Sequence[Sequence[str]], *,
             widths: Sequence[float], numeric: Sequence[int], bold_last: bool = False) -> None:
        self.set_font(FAMILY, size=9)
        aligns = tuple("RIGHT" if i in numeric else "LEFT" for i in range(len(header)))
        with self.table(col_widths=tuple(widths), text_align=aligns, line_height=5.5,
                        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 242)),
                        repeat_headings=1) as table:
            head = table.row()
            for text in header:
                head.cell(text)
            for index, values in enumerate(rows):
                last = bold_last and index == len(rows) - 1
                row = table.row(style=FontFace(emphasis="BOLD") if last else None)
                for text in values:
                    row.cell(text)


def build_transparency_pdf(
    *,
    t: Translator,
    campaign: CampaignRow,
    rows: list[TransparencyRow],
    totals: dict[str, KindTotals],
    group_name: str,
    ward_name: str,
    prepared_on: date,
    prepared_by: str = "",
) -> bytes:
    """The sheet as PDF bytes, in the translator's language."""
    layout = group_sheet_layout(
        group_name=group_name, ward_name=ward_name, on=prepared_on, title=t("sheet.heading"),
        subtitle=(t("sheet.campaign", title=campaign.title),), prepared_by=prepared_by,
        language=t.language)
    pdf = SheetPDF(t("sheet.heading"))
    _head(pdf, layout)
    if campaign.purpose:
        pdf.line_of_text(t("sheet.purpose", purpose=campaign.purpose))
    if campaign.starts_on or campaign.ends_on:
        pdf.line_of_text(t("contrib.dates", start=format_date(campaign.starts_on),
                           end=format_date(campaign.ends_on)))
    pdf.line_of_text(t("sheet.personal_data"), size=8)
    pdf.ln(3)
    _money_table(pdf, t, [r for r in rows if r.kind == MONEY], totals.get(MONEY))
    others = [r for r in rows if r.kind != MONEY]
    if others:
        pdf.ln(4)
        pdf.line_of_text(t("sheet.other_kinds"), size=11, bold=True)
        pdf.grid(
            [t("sheet.no"), t("sheet.household"), t("contrib.kind"), t("sheet.pledged"),
             t("sheet.received")],
            [[str(i), r.head_name, t.label("kind", r.kind), amount_text(t, r.kind, r.pledged),
              amount_text(t, r.kind, r.received)] for i, r in enumerate(others, 1)],
            widths=(10, 58, 40, 37, 37), numeric=(0, 3, 4),
        )
    pdf.ln(6)
    pdf.line_of_text(t("sheet.motto"), size=10, bold=True, align="C")
    _signatures(pdf, layout)
    return bytes(pdf.output())


def _head(pdf: SheetPDF, layout: Layout) -> None:
    """The group's heading top left, the place-and-date line right, the title centred
    (the group's sheet of `field_app.wire.layout`, as the console's export draws it)."""
    for line in layout.left:
        pdf.line_of_text(line, size=10, bold=True)
    pdf.line_of_text(layout.place_date, size=10, align="R")
    pdf.ln(3)
    pdf.line_of_text(layout.title, size=14, bold=True, align="C")
    for line in layout.subtitle:
        pdf.line_of_text(line, size=11, bold=True, align="C")
    pdf.ln(2)


def _signatures(pdf: SheetPDF, layout: Layout) -> None:
    """The three signature blocks side by side, each with its hint and room to sign."""
    pdf.ln(6)
    if pdf.get_y() + 40 > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y()
    width = pdf.epw / max(1, len(layout.signatures))
    bottom = top
    for index, sign in enumerate(layout.signatures):
        pdf.set_xy(pdf.l_margin + index * width, top)
        for text, bold, size in ((sign.title, True, 7.5), (sign.hint, False, 8.0)):
            pdf.set_font(FAMILY, "B" if bold else "", size)
            pdf.multi_cell(width, 5, text, align="C", new_x="LEFT", new_y="NEXT")
        if sign.name:
            pdf.set_y(pdf.get_y() + 16)
            pdf.set_x(pdf.l_margin + index * width)
            pdf.set_font(FAMILY, "B", 10)
            pdf.multi_cell(width, 5, sign.name, align="C", new_x="LEFT", new_y="NEXT")
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(pdf.l_margin, bottom)


def _money_table(pdf: SheetPDF, t: Translator, rows: list[TransparencyRow],
                 total: KindTotals | None) -> None:
    body = [[str(i), r.head_name, r.address, format_vnd(r.pledged), format_vnd(r.received),
             format_vnd(max(r.pledged - r.received, Decimal(0)))]
            for i, r in enumerate(rows, 1)]
    pledged = sum((r.pledged for r in rows), Decimal(0))
    received = sum((r.received for r in rows), Decimal(0))
    body.append(["", t("sheet.total"), "", format_vnd(pledged), format_vnd(received),
                 format_vnd(max(pledged - received, Decimal(0)))])
    pdf.grid(
        [t("sheet.no"), t("sheet.household"), t("sheet.address"), t("sheet.pledged"),
         t("sheet.received"), t("sheet.balance")],
        body, widths=(10, 44, 40, 29, 29, 30), numeric=(0, 3, 4, 5), bold_last=True,
    )
    if total is not None and total.target:
        pdf.ln(2)
        pdf.line_of_text(f"{t('contrib.target')}: {format_vnd(total.target)} · "
                         f"{t('contrib.progress', pct=int(total.received * 100 / total.target))}")
