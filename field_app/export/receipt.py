"""Export layer: a household's receipt (biên nhận) for one contribution entry, as a PDF.

The group's heading, the receipt number, the household, what was given in figures and in
words, the date, the collector (the leader) and a signature line for both sides. Same
DejaVu fonts as the transparency sheet, so every Vietnamese glyph prints.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from field_app.export.transparency import FAMILY, MONEY, SheetPDF, amount_text
from field_app.i18n import Translator
from field_app.store.records import ContributionEntryRow, HouseholdRow
from field_app.wire.formats import format_date
from field_app.wire.layout import place_date_line
from field_app.wire.words import vnd_in_words


def receipt_number(entry: ContributionEntryRow) -> str:
    """The number typed with the entry, else one made from the entry's id."""
    return entry.receipt_no or entry.id.replace("-", "")[:8].upper()


def build_receipt_pdf(
    *,
    t: Translator,
    entry: ContributionEntryRow,
    household: HouseholdRow | None,
    campaign_title: str,
    group_name: str,
    ward_name: str,
    collector: str,
    printed_on: date,
) -> bytes:
    """The receipt as PDF bytes, in the translator's language."""
    pdf = SheetPDF(t("receipt.heading"))
    pdf.line_of_text(t("sheet.group_ward", group=group_name, ward=ward_name), size=9,
                     bold=True)
    pdf.ln(4)
    pdf.line_of_text(t("receipt.heading"), size=15, bold=True, align="C")
    pdf.line_of_text(t("receipt.number", no=receipt_number(entry)), align="C")
    pdf.ln(5)
    quantity = Decimal(entry.quantity)
    lines = [
        (t("receipt.household"), household.head_name if household else "—"),
        (t("receipt.address"), household.address if household and household.address else "—"),
        (t("receipt.campaign"), campaign_title),
        (t("receipt.kind"), f"{t.label('entry_type', entry.entry_type)} · "
                            f"{t.label('kind', entry.kind)}"),
        (t("receipt.amount"), amount_text(t, entry.kind, quantity)),
    ]
    if entry.kind == MONEY:
        lines.append((t("receipt.in_words"), vnd_in_words(int(quantity))))
    lines += [
        (t("receipt.date"), format_date(entry.recorded_on)),
        (t("receipt.collector"), collector or "—"),
    ]
    if entry.note:
        lines.append((t("receipt.note"), entry.note))
    for label, value in lines:
        pdf.set_font(FAMILY, "B", 11)
        pdf.cell(48, 7, f"{label}:")
        pdf.set_font(FAMILY, "", 11)
        pdf.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.line_of_text(place_date_line(ward_name, printed_on, t.language), size=9, align="R")
    pdf.ln(4)
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    for left, right, size, bold in (
            (t("receipt.payer"), t("receipt.receiver"), 11, True),
            (t("receipt.sign"), t("receipt.sign"), 9, False)):
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.cell(half, 6, left, align="C")
        pdf.cell(half, 6, right, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(22)
    pdf.set_font(FAMILY, "", 11)
    pdf.cell(half, 6, household.head_name if household else "", align="C")
    pdf.cell(half, 6, collector, align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
