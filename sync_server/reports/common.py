"""Report layer: wording shared by every export (personal-data statement, dates, kinds)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from field_app.wire.formats import VN_TZ, format_date, format_quantity, format_vnd, utcnow
from sync_server.reports.data import Translate


def personal_data_statement(
    t: Translate, *, names: bool, phones: bool, addresses: bool = False
) -> str:
    """The sentence every export carries saying which personal data it contains."""
    items = [
        t(f"export.personal.{key}")
        for key, present in (("names", names), ("phones", phones), ("addresses", addresses))
        if present
    ]
    if not items:
        return t("export.no_personal_data")
    return t("export.personal_data", items=", ".join(items))


def document_date(at: datetime | None) -> date:
    """The day a document is dated (Vietnam's calendar), today when not given."""
    return (at or utcnow()).astimezone(VN_TZ).date()


def language_of(t: Translate) -> str:
    """The language `t` speaks ("vi" or "en"), for the office layouts' own words."""
    return t("export.language")


def format_kind_amount(kind: str, amount: Decimal | int | None) -> str:
    """Money as `3.500.000 ₫`; other kinds as Vietnamese decimals."""
    if amount is None:
        return "—"
    if kind == "money_vnd":
        return format_vnd(int(amount))
    return format_quantity(Decimal(amount))


def date_text(value: date | datetime | None) -> str:
    return format_date(value)
