"""Reports layer: the six-month or yearly review of the models as DOCX (the layout of
Decree 30/2020/NĐ-CP: national emblem lines, number and sign, place and date, title,
body, recipients, signature block) and as XLSX with typed cells."""

from __future__ import annotations

import io
from datetime import date

from docx.document import Document as DocxDocument
from docx.shared import Pt

from field_app.wire.figures import show_figure
from field_app.wire.layout import WORDS, Layout, Signature, place_date_line, ward_upper
from field_app.wire.vocabulary import VOCABULARY
from sync_server.reports.layout import docx_bytes, docx_tail, new_docx
from sync_server.reports.xlsx import new_workbook, write_table, write_title
from sync_server.services.reviews import Review

VI = VOCABULARY["vi"]
FIELD_VI = {"economy": "Kinh tế", "culture_society": "Văn hóa - xã hội",
            "defense_security": "Quốc phòng - an ninh",
            "political_system": "Xây dựng hệ thống chính trị"}
STATUS_VI = {k.split(".", 1)[1]: v for k, v in VI.items() if k.startswith("model_status.")}
LEVEL_VI = {k.split(".", 1)[1]: v for k, v in VI.items() if k.startswith("model_level.")}
UNIT_VI = {k.split(".", 1)[1]: v for k, v in VI.items() if k.startswith("unit_kind.")}
KIND_VI = {"collective": "Tập thể", "individual": "Cá nhân"}


def period_title(r: Review) -> str:
    p = r.period
    if p.half == "h1":
        return f"SƠ KẾT 6 THÁNG ĐẦU NĂM {p.year}"
    if p.half == "h2":
        return f"SƠ KẾT 6 THÁNG CUỐI NĂM {p.year}"
    return f"TỔNG KẾT NĂM {p.year}"


def sections(r: Review) -> list[tuple[str, list[tuple[str, str]]]]:
    """The review's tables as (heading, rows of label and value), shared by every format."""
    return [
        ("1. Mô hình theo lĩnh vực", [(FIELD_VI.get(k, k), f"{v:02d}")
                                      for k, v in r.by_field.items()]),
        ("2. Mô hình theo cấp", [(LEVEL_VI.get(k, k), str(v)) for k, v in r.by_level.items()]),
        ("3. Mô hình theo đơn vị", [(UNIT_VI.get(k, k), str(v))
                                    for k, v in r.by_unit_kind.items()]),
        ("4. Mô hình theo tình trạng", [(STATUS_VI.get(k, k), str(v))
                                        for k, v in r.by_status.items()]),
        ("5. Trong kỳ", [("Đăng ký mới", str(r.registered)), ("Được công nhận", str(r.recognized)),
                         ("Được nhân rộng", str(r.replicated))]),
        ("6. Kết quả (cộng theo đơn vị tính)", [(unit or "—", show_figure(total, unit))
                                                for unit, total in r.figures]),
    ]


def review_layout(r: Review, *, ward_name: str, today: date) -> Layout:
    """The steering committee's report in the state layout (Decree 30/2020): the ward's
    People's Committee over the committee (bold) with its number, Quốc hiệu and tiêu ngữ,
    the place and date, "BÁO CÁO" over the period's title, recipients, signature."""
    words = WORDS["vi"]
    return Layout(
        left=(f"UBND {ward_upper(ward_name)}", "BAN CHỈ ĐẠO PHONG TRÀO \"DÂN VẬN KHÉO\""),
        right=(words["nation"], words["motto"]),
        number=words["number"].format(number="     /BC-BCĐ"),
        place_date=place_date_line(ward_name, today),
        title=f"BÁO CÁO\n{period_title(r)}\nPHONG TRÀO THI ĐUA \"DÂN VẬN KHÉO\"",
        recipients=(words["recipients"], "- Ban Dân vận Đảng ủy;", "- UBND phường;",
                    words["archive"]),
        signatures=(Signature("TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", words["sign_hint"]),),
    )


def _heading(doc: DocxDocument, text: str) -> None:
    """A numbered part of the body, bold, with room above it (it often follows a table)."""
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(8)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run(text).bold = True


def review_docx(r: Review, *, ward_name: str, today: date) -> bytes:
    layout = review_layout(r, ward_name=ward_name, today=today)
    doc = new_docx(layout)
    total = r.total
    doc.add_paragraph(
        f"Năm {r.period.year}, toàn phường có {total:02d} mô hình / "
        f"{sum(1 for v in r.by_field.values() if v):02d} lĩnh vực: "
        + ", ".join(f"{FIELD_VI[k].lower()} {v:02d}" for k, v in r.by_field.items()) + ".")
    for heading, rows in sections(r):
        _heading(doc, heading)
        if not rows:
            doc.add_paragraph("Chưa có số liệu trong kỳ.")
            continue
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, value
    _heading(doc, "7. Khen thưởng")
    if r.commendations:
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("Đối tượng", "Tên", "Hình thức",
                                                    "Quyết định"), strict=True):
            cell.text = text
        for c in r.commendations:
            cells = table.add_row().cells
            decided = c["decided_on"].strftime("%d/%m/%Y") if c["decided_on"] else ""
            for cell, text in zip(cells, (KIND_VI.get(c["recipient_kind"], ""), c["recipient"],
                                          c["form"], f"{c['decision_no']} {decided}".strip()),
                                  strict=True):
                cell.text = text
    else:
        doc.add_paragraph("Chưa ghi nhận khen thưởng trong kỳ.")
    docx_tail(doc, layout)
    return docx_bytes(doc)


def review_xlsx(r: Review, *, ward_name: str) -> bytes:
    wb = new_workbook()
    sheet = wb.active
    assert sheet is not None
    row = write_title(sheet, f"{period_title(r)} - {ward_name}", [f"Tổng số mô hình: {r.total}"])
    counts = [
        *[("Lĩnh vực", FIELD_VI.get(k, k), v) for k, v in r.by_field.items()],
        *[("Cấp", LEVEL_VI.get(k, k), v) for k, v in r.by_level.items()],
        *[("Đơn vị", UNIT_VI.get(k, k), v) for k, v in r.by_unit_kind.items()],
        *[("Tình trạng", STATUS_VI.get(k, k), v) for k, v in r.by_status.items()],
        ("Trong kỳ", "Đăng ký mới", r.registered), ("Trong kỳ", "Được công nhận", r.recognized),
        ("Trong kỳ", "Được nhân rộng", r.replicated),
    ]
    row = write_table(sheet, row, ["Nhóm", "Nội dung", "Số mô hình"], counts)
    row = write_table(sheet, row + 1, ["Đơn vị tính", "Tổng"],
                      [(unit or "—", total) for unit, total in r.figures])
    write_table(sheet, row + 1, ["Đối tượng", "Tên", "Hình thức", "Số quyết định", "Ngày"],
                [(KIND_VI.get(c["recipient_kind"], ""), c["recipient"], c["form"],
                  c["decision_no"], c["decided_on"]) for c in r.commendations])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
