"""Report layer: the province's figures as XLSX (typed cells) and, when python-docx is
installed, DOCX. Counts only: no citizen's name, phone, address or petition text exists in
the data these take (services.province_figures)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from sync_server.reports.data import Translate
from sync_server.reports.xlsx import (
    CellInput,
    Percent,
    amount_cell,
    new_workbook,
    workbook_bytes,
    write_table,
    write_title,
)
from sync_server.services.province_figures import ProvinceFigures, WardFigures


def period_label(t: Translate, figures: ProvinceFigures) -> str:
    period = figures.period
    if period.kind == "month":
        return t("province.period.month_of", month=f"{period.first.month:02d}/{period.year}")
    if period.kind == "half":
        return t("province.period.half_of", half="I" if period.first.month == 1 else "II",
                 year=period.year)
    return t("province.period.year_of", year=period.year)


def ward_header(t: Translate) -> list[str]:
    return [t("province.ward"), t("province.groups"), t("province.reporting"),
            t("province.received"), t("province.taken_up_on_time"), t("province.answered"),
            t("province.answered_on_time"), t("province.overdue"), t("province.satisfaction"),
            t("province.models")]


def ward_row(w: WardFigures, name: str) -> list[CellInput]:
    return [name, w.groups, Percent(w.reporting_share), w.received,
            Percent(w.taken_up_share), w.answered, Percent(w.answered_share), w.overdue,
            Percent(w.satisfaction), w.models]


def _rows(t: Translate, figures: ProvinceFigures,
          wards: Sequence[WardFigures]) -> list[list[CellInput]]:
    return [*(ward_row(w, w.name) for w in wards),
            ward_row(figures.total, t("province.total"))]


def province_xlsx(figures: ProvinceFigures, wards: Sequence[WardFigures], t: Translate,
                  title: str) -> bytes:
    """Sheets: the wards' figures, contributions per kind, models by field, level, status."""
    book = new_workbook()
    lines = [period_label(t, figures), t("export.no_personal_data")]
    sheet = book.active
    assert sheet is not None
    sheet.title = t("province.sheet.wards")
    write_table(sheet, write_title(sheet, title, lines), ward_header(t),
                _rows(t, figures, wards))
    money = book.create_sheet(t("province.sheet.contributions"))
    rows: list[list[CellInput]] = [
        [w.name, *(amount_cell(k, w.contributions.get(k, Decimal(0))) for k in figures.kinds)]
        for w in wards]
    rows.append([t("province.total"), *(amount_cell(k, figures.total.contributions.get(k))
                                       for k in figures.kinds)])
    write_table(money, write_title(money, t("province.contributions"), lines),
                [t("province.ward"), *(t("kind." + k) for k in figures.kinds)], rows)
    models = book.create_sheet(t("province.sheet.models"))
    row = write_title(models, t("province.models_title"), lines)
    for index, (label, prefix) in enumerate((("models.field", "field."),
                                             ("models.level", "model_level."),
                                             ("models.status", "model_status."))):
        counts = figures.models_by(index)
        row = write_table(models, row, [t(label), t("province.models")],
                          [[t(prefix + key), n] for key, n in counts.items()])
    return workbook_bytes(book)


def docx_available() -> bool:
    try:
        import docx  # noqa: F401
    except ImportError:
        return False
    return True


def province_docx(figures: ProvinceFigures, wards: Sequence[WardFigures], t: Translate,
                  title: str) -> bytes:
    """The same figures as a Word document (tables of text: for a printed report)."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(title, level=1)
    document.add_paragraph(period_label(t, figures))
    document.add_paragraph(t("export.no_personal_data"))
    header = ward_header(t)
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in _rows(t, figures, wards):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = shown(value)
    document.add_heading(t("province.contributions"), level=2)
    kinds = figures.kinds
    money = document.add_table(rows=1, cols=1 + len(kinds))
    money.style = "Table Grid"
    for cell, text in zip(money.rows[0].cells, [t("province.ward"),
                                                *(t("kind." + k) for k in kinds)], strict=True):
        cell.text = text
    for w in [*wards, figures.total]:
        cells = money.add_row().cells
        cells[0].text = w.name or t("province.total")
        for cell, kind in zip(cells[1:], kinds, strict=True):
            cell.text = amount_text(kind, w.contributions.get(kind))
    document.add_heading(t("province.models_title"), level=2)
    for index, (label, prefix) in enumerate((("models.field", "field."),
                                             ("models.level", "model_level."),
                                             ("models.status", "model_status."))):
        counts = figures.models_by(index)
        document.add_paragraph(t(label) + ": " + "; ".join(
            f"{t(prefix + key)} {n}" for key, n in counts.items()) if counts else
            t(label) + ": 0")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def shown(value: CellInput) -> str:
    """A cell as the page shows it: 1.234, 45,5 %, — for nothing."""
    from sync_server.reports.xlsx import Cell

    if isinstance(value, Cell):
        if value.value is None:
            return "—"
        if isinstance(value, Percent):
            return f"{float(value.value) * 100:.1f} %".replace(".", ",")  # type: ignore[arg-type]
        value = value.value
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return "" if value is None else str(value)


def amount_text(kind: str, amount: Decimal | None) -> str:
    """`3.500.000 ₫` for money, `59,5` for other kinds, 0 for none."""
    from sync_server.reports.common import format_kind_amount

    return format_kind_amount(kind, amount if amount is not None else Decimal(0))
