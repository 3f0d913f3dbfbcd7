"""UI layer: reading what people type: money like `3.500.000`, areas like `3.432,5`, dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from field_app.wire.formats import parse_date_vn


def parse_money(text: str | None) -> int | None:
    """'3.500.000', '3500000', '3 500 000 ₫' -> 3500000; None when it is not a whole amount."""
    cleaned = (text or "").replace("₫", "").replace("đ", "").replace(" ", "").replace(".", "")
    cleaned = cleaned.replace(",", "")
    if not cleaned.isdigit():
        return None
    return int(cleaned)


def parse_quantity(text: str | None) -> Decimal | None:
    """'3.432,5' or '3432.5' -> Decimal('3432.5'); None when it is not a number."""
    raw = (text or "").strip().replace(" ", "")
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_optional_date(text: str | None) -> tuple[date | None, bool]:
    """(date, ok): blank is (None, True); a bad date is (None, False)."""
    if not (text or "").strip():
        return None, True
    try:
        return parse_date_vn(text or ""), True
    except ValueError:
        return None, False
