"""Report layer: THE drawing of the office layouts (`field_app.wire.layout`) in every export.

PDF (fpdf2, on `ReportPDF`), DOCX (python-docx, for documents the office edits) and the
title block of XLSX sheets all take their heading, place-and-date line, recipients and
signature blocks from one `Layout`, so a report, a briefing and a public sheet look the
way ward offices lay them out.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from field_app.wire.layout import Layout, Signature
from sync_server.reports.pdf import FAMILY, ReportPDF

SIGN_ROOM_MM = 16  # the empty space left for the signature itself


# -- PDF ---------------------------------------------------------------------------------

def pdf_head(pdf: ReportPDF, layout: Layout) -> None:
    """Issuing body and number top left, Quốc hiệu / party top right, the place-and-date
    line under the right column, then the title (bold, centred)."""
    top = pdf.get_y()
    left_w = pdf.epw * 0.42
    right_w = pdf.epw - left_w
    x0 = pdf.l_margin
    pdf.set_xy(x0, top)
    for index, line in enumerate(layout.left):
        bold = index == len(layout.left) - 1 or line == "*"
        pdf.set_font(FAMILY, "B" if bold else "", 10)
        pdf.multi_cell(left_w, 5, line, align="C", new_x="LEFT", new_y="NEXT")
    if layout.number:
        pdf.set_font(FAMILY, size=10)
        pdf.multi_cell(left_w, 6, layout.number, align="C", new_x="LEFT", new_y="NEXT")
    left_bottom = pdf.get_y()
    pdf.set_xy(x0 + left_w, top)
    for index, line in enumerate(layout.right):
        pdf.set_font(FAMILY, "B", 10 if index == 0 else 11)
        pdf.multi_cell(right_w, 5, line, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, size=10)
    pdf.ln(1)
    pdf.multi_cell(right_w, 6, layout.place_date, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(x0, max(left_bottom, pdf.get_y()) + 4)
    pdf.set_font(FAMILY, "B", 13)
    pdf.multi_cell(0, 7, layout.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=10)
    for line in layout.subtitle:
        if line:
            pdf.multi_cell(0, 5.5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _pdf_signature(pdf: ReportPDF, sign: Signature, x: float, width: float, top: float) -> float:
    pdf.set_xy(x, top)
    for text, style in ((sign.caption, "B"), (sign.title, "B"), (sign.hint, "")):
        if text:
            pdf.set_font(FAMILY, style, 10 if style else 9)
            pdf.multi_cell(width, 5, text, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_y(pdf.get_y() + SIGN_ROOM_MM)
    pdf.set_x(x)
    if sign.name:
        pdf.set_font(FAMILY, "B", 10)
        pdf.multi_cell(width, 5, sign.name, align="C", new_x="LEFT", new_y="NEXT")
    return pdf.get_y()


def pdf_tail(pdf: ReportPDF, layout: Layout) -> None:
    """"Nơi nhận" bottom left and the signature block bottom right; a group's sheet has
    its three signatures side by side."""
    pdf.ln(6)
    needed = 45 + 5 * len(layout.recipients)
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y()
    x0 = pdf.l_margin
    if layout.recipients:
        half = pdf.epw * 0.45
        pdf.set_xy(x0, top)
        for index, line in enumerate(layout.recipients):
            pdf.set_font(FAMILY, "B" if index == 0 else "", 9 if index == 0 else 8)
            pdf.multi_cell(half, 4.5, line, align="L", new_x="LEFT", new_y="NEXT")
        bottom = pdf.get_y()
        for sign in layout.signatures:
            bottom = max(bottom, _pdf_signature(pdf, sign, x0 + half, pdf.epw - half, top))
    else:
        width = pdf.epw / max(1, len(layout.signatures))
        bottom = top
        for index, sign in enumerate(layout.signatures):
            bottom = max(bottom, _pdf_signature(pdf, sign, x0 + index * width, width, top))
    pdf.set_xy(x0, bottom + 2)
    pdf.set_font(FAMILY, size=10)


# -- DOCX --------------------------------------------------------------------------------

Line = tuple[str, bool, float] | tuple[str, bool, float, bool]  # text, bold, size[, italic]


def _rule(cell: object, indent: Length) -> None:
    """The short line Decree 30/2020 draws under the issuing body and under the tiêu ngữ:
    a tiny paragraph's bottom border, narrowed by equal indents on both sides."""
    paragraph = cell.add_paragraph()  # type: ignore[attr-defined]
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = indent
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _cell_lines(cell: object, lines: Sequence[Line], *, first: bool = True) -> None:
    paragraphs = cell.paragraphs  # type: ignore[attr-defined]
    for line in lines:
        text, bold, size = line[0], line[1], line[2]
        paragraph = paragraphs[0] if first else cell.add_paragraph()  # type: ignore[attr-defined]
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = len(line) > 3 and bool(line[3])
        run.font.size = Pt(size)


def _signature_lines(sign: Signature) -> list[Line]:
    lines: list[Line] = [(sign.caption, True, 13.0), (sign.title, True, 13.0),
                         (sign.hint, False, 12.0, True)]
    lines = [line for line in lines if line[0]]
    lines += [("", False, 13.0)] * 3
    if sign.name:
        lines.append((sign.name, True, 13.0))
    return lines


def _office_styles(doc: DocxDocument) -> None:
    """Times New Roman 13 throughout, headings black and bold (not Word's blue ones)."""
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for level, size in ((1, 14), (2, 13), (3, 13)):
        heading = doc.styles[f"Heading {level}"]
        heading.font.name = "Times New Roman"
        heading.font.size = Pt(size)
        heading.font.bold = True
        heading.font.italic = level == 3
        heading.font.color.rgb = RGBColor(0, 0, 0)
        # the East Asian and complex-script font names too, or Word keeps its theme font
        fonts = heading.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), "Times New Roman")
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attr), None)


def new_docx(layout: Layout) -> DocxDocument:
    """An A4 document in the layout of Decree 30/2020 (Times New Roman 13; margins top and
    bottom 2 cm, left 3 cm, right 2 cm): the issuing body and its number on the left, the
    Quốc hiệu and tiêu ngữ (or the party's name) on the right with the place-and-date line
    in italics under them, the title in bold (one line per line of `layout.title`); the
    caller adds the body, then `docx_tail`."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    _office_styles(doc)
    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    head.autofit = False
    for column, width in zip(head.columns, (Cm(6), Cm(10)), strict=True):
        column.width = width  # the grid (LibreOffice reads it) and each cell (Word does):
        for cell in column.cells:  # the Quốc hiệu and the date line on one line each
            cell.width = width
    left: list[Line] = [(line, index == len(layout.left) - 1, 13.0)
                        for index, line in enumerate(layout.left)]
    if layout.number:
        left.append((layout.number, False, 13.0))
    right: list[Line] = [(line, True, 12.0 if index == 0 else 13.0)
                         for index, line in enumerate(layout.right)]
    right.append(("", False, 6.0))
    right.append((layout.place_date, False, 13.0, True))
    state = len(layout.right) > 1  # Quốc hiệu and tiêu ngữ (the party's layout has a star)
    _cell_lines(head.rows[0].cells[0], left[:len(layout.left)])
    if state:
        _rule(head.rows[0].cells[0], Cm(1.8))  # under the issuing body, a third as wide
    _cell_lines(head.rows[0].cells[0], left[len(layout.left):], first=not layout.left)
    _cell_lines(head.rows[0].cells[1], right[:len(layout.right)])
    if state:
        _rule(head.rows[0].cells[1], Cm(2))  # under the tiêu ngữ, as long as it
    _cell_lines(head.rows[0].cells[1], right[len(layout.right):], first=not layout.right)
    doc.add_paragraph()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, line in enumerate(layout.title.split("\n")):
        run = title.add_run(line)
        run.bold = True
        run.font.size = Pt(14)
        if index < layout.title.count("\n"):
            run.add_break()
    for line in layout.subtitle:
        if line:
            doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def docx_tail(doc: DocxDocument, layout: Layout) -> None:
    """"Nơi nhận" left, the signature block right (or the signatures side by side)."""
    doc.add_paragraph()
    if layout.recipients:
        table = doc.add_table(rows=1, cols=2)
        _unsplit(table)
        rec = table.rows[0].cells[0]
        for index, line in enumerate(layout.recipients):
            paragraph = rec.paragraphs[0] if index == 0 else rec.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(line)
            run.bold = index == 0
            run.italic = index == 0
            run.font.size = Pt(12 if index == 0 else 11)
        for sign in layout.signatures:
            _cell_lines(table.rows[0].cells[1], _signature_lines(sign))
        return
    table = doc.add_table(rows=1, cols=max(1, len(layout.signatures)))
    _unsplit(table)
    for cell, sign in zip(table.rows[0].cells, layout.signatures, strict=False):
        _cell_lines(cell, _signature_lines(sign))


def _unsplit(table: Any) -> None:
    """The recipients and the signature block stay on one page (the row moves whole)."""
    props = table.rows[0]._tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))


def docx_bytes(doc: DocxDocument) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# -- XLSX --------------------------------------------------------------------------------

def xlsx_head(sheet: Worksheet, layout: Layout, lines: Sequence[str] = ()) -> int:
    """The layout as a sheet's title block (issuing body, Quốc hiệu or party, number,
    place-and-date line, title), then `lines`; returns the first free row."""
    left = [*layout.left, layout.number] if layout.number else list(layout.left)
    right = [*layout.right, layout.place_date]
    row = 1
    for index in range(max(len(left), len(right))):
        if index < len(left):
            sheet.cell(row=row, column=1, value=left[index]).font = Font(
                bold=index == len(layout.left) - 1)
        if index < len(right):
            cell = sheet.cell(row=row, column=5, value=right[index])
            cell.font = Font(bold=index < len(layout.right))
            cell.alignment = Alignment(horizontal="center")
        row += 1
    row += 1
    sheet.cell(row=row, column=1, value=layout.title).font = Font(bold=True, size=14)
    row += 1
    for line in [*layout.subtitle, *lines]:
        if line:
            sheet.cell(row=row, column=1, value=line)
            row += 1
    return row + 1


def xlsx_tail(sheet: Worksheet, layout: Layout, row: int) -> int:
    """"Nơi nhận" and the signature block under the last table (captions, titles, hints)."""
    row += 1
    for offset, line in enumerate(layout.recipients):
        sheet.cell(row=row + offset, column=1, value=line).font = Font(bold=offset == 0)
    for index, sign in enumerate(layout.signatures):
        column = 5 + index * 3 if len(layout.signatures) == 1 else 1 + index * 3
        for offset, (text, bold) in enumerate(
                ((sign.caption, True), (sign.title, True), (sign.hint, False))):
            if text:
                sheet.cell(row=row + offset, column=column, value=text).font = Font(bold=bold)
        if sign.name:
            sheet.cell(row=row + 6, column=column, value=sign.name).font = Font(bold=True)
    return row + max(7, len(layout.recipients))
