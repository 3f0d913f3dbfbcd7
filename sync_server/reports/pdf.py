"""Report layer: the printable PDF base (A4, DejaVu fonts for Vietnamese glyphs, tables)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FONT_DIR = Path(__file__).resolve().parents[2] / "assets" / "fonts"
FAMILY = "DejaVu"


class ReportPDF(FPDF):
    """An A4 document with the DejaVu family registered and a page-numbered footer."""

    def __init__(self, *, title: str, landscape: bool = False) -> None:
        super().__init__(orientation="L" if landscape else "P", unit="mm", format="A4")
        self.add_font(FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_title(title)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)
        self.add_page()
        self.set_font(FAMILY, size=10)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=8)
        self.cell(0, 8, f"{self.page_no()}/{{nb}}", align="C")

    def title_block(self, title: str, *lines: str) -> None:
        self.set_font(FAMILY, "B", 15)
        self.multi_cell(0, 8, title, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FAMILY, size=10)
        for line in lines:
            if line:
                self.multi_cell(0, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def heading(self, text: str, size: int = 12) -> None:
        self.ln(2)
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, 7, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FAMILY, size=10)

    def paragraph(self, text: str, *, bold: bool = False, size: int = 10) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(0, 5.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FAMILY, size=10)

    def grid(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        widths: Sequence[float],
        numeric_columns: Sequence[int] = (),
        size: int = 9,
    ) -> None:
        """A bordered table whose header repeats on each page."""
        self.set_font(FAMILY, size=size)
        aligns = tuple("RIGHT" if i in numeric_columns else "LEFT" for i in range(len(header)))
        with self.table(
            col_widths=tuple(widths),
            text_align=aligns,
            headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
            line_height=5,
            repeat_headings=1,
        ) as table:
            head = table.row()
            for text in header:
                head.cell(text)
            for values in rows:
                row = table.row()
                for text in values:
                    row.cell(text)
        self.set_font(FAMILY, size=10)

    def svg(self, svg: str, *, width: float | None = None) -> None:
        """A server-made SVG chart (`reports.charts`) at the current position, as vectors.

        Its text is set in DejaVu (fpdf2 would map `sans-serif` to a core font without
        Vietnamese glyphs); `width` in mm, the text width by default."""
        for_pdf = svg.replace('font-family="sans-serif"', f'font-family="{FAMILY}, sans-serif"', 1)
        self.image(io.BytesIO(for_pdf.encode("utf-8")), w=width or self.epw)
        self.ln(2)

    def to_bytes(self) -> bytes:
        return bytes(self.output())
