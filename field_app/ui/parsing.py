"""UI layer: reading what people type: money like `3.500.000` or `3tr5` (read by
field_app/wire/money.py, shared with the server), areas like `3.432,5`, dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from field_app.wire.formats import parse_date_vn
from field_app.wire.money import MoneyFormatError, parse_vnd


def parse_money(text: str | None) -> int | None:
    """'3.500.000', '3 500 000 ₫', '3,5 triệu', '3tr5' -> 3500000; None when unclear."""
    return read_money(text)[0]


def read_money(text: str | None) -> tuple[int | None, str | None]:
    """(amount, None), or (None, catalogue key of the sentence saying what to type)."""
    try:
        return parse_vnd(text), None
    except MoneyFormatError as exc:
        return None, f"money.{exc.code}"


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
