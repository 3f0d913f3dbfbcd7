"""Report layer: the PDF a citizen is given of everything the ward holds about them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from field_app.wire.formats import format_date, format_datetime
from sync_server.reports.pdf import ReportPDF
from sync_server.services.privacy_find import Holdings

Translate = Callable[..., str]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def holdings_pdf(found: Holdings, t: Translate, *, now: datetime) -> bytes:
    pdf = ReportPDF(title=t("privacy.pdf_title"))
    pdf.alias_nb_pages()
    pdf.title_block(t("privacy.pdf_title"), t("privacy.pdf_subject", q=found.query),
                    t("privacy.pdf_made", at=format_datetime(now)))
    pdf.paragraph(t("privacy.pdf_contains"))
    pdf.heading(t("privacy.petitions"))
    pdf.grid([t("privacy.col.title"), t("privacy.field.citizen_name"),
              t("privacy.field.citizen_phone"), t("privacy.col.status"),
              t("privacy.col.received")],
             [[_text(p["title"]), _text(p["citizen_name"]), _text(p["citizen_phone"]),
               t(f"status.{p['status']}"), format_datetime(p["received_at"] or p["created_at"])]
              for p in found.petitions] or [[t("privacy.none"), "", "", "", ""]],
             widths=(60, 35, 28, 30, 27))
    pdf.heading(t("privacy.households"))
    pdf.grid([t("privacy.field.head_name"), t("privacy.field.address"),
              t("privacy.field.phone")],
             [[_text(h["head_name"]), _text(h["address"]), _text(h["phone"])]
              for h in found.households] or [[t("privacy.none"), "", ""]],
             widths=(60, 80, 40))
    pdf.heading(t("privacy.entries"))
    pdf.grid([t("privacy.col.date"), t("privacy.col.kind"), t("privacy.col.quantity"),
              t("privacy.col.note")],
             [[format_date(e["recorded_on"]), t(f"privacy.entry.{e['entry_type']}"),
               _text(e["quantity"]), _text(e["note"])] for e in found.entries]
             or [[t("privacy.none"), "", "", ""]], widths=(35, 40, 40, 65))
    pdf.heading(t("privacy.dialogues"))
    pdf.grid([t("privacy.col.date"), t("privacy.col.title"), t("privacy.col.place")],
             [[format_date(d["scheduled_on"]), _text(d["title"]), _text(d["place"])]
              for d in found.dialogues] or [[t("privacy.none"), "", ""]],
             widths=(35, 85, 60))
    return pdf.to_bytes()
