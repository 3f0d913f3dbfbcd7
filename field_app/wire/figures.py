"""Wire layer: the figures of a model's evidence as people type and read them.

"45.000.000", "3.432,5", "300" are read the Vietnamese way (dot groups thousands, comma
marks decimals); money ("đồng") is shown as `45.000.000 ₫`, other figures as `3.432,5 m2`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from field_app.wire.formats import format_quantity, format_vnd

MONEY_UNITS = frozenset({"đồng", "dong", "đ", "₫", "vnd", "vnđ"})
_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_figure(text: str | None) -> Decimal:
    """A typed quantity; ValueError when it is not a number at or above zero."""
    raw = (text or "").strip().replace(" ", "")
    if not raw:
        raise ValueError("empty")
    whole, _, frac = raw.partition(",")
    if _GROUPED.match(whole) or "," in raw:
        whole = whole.replace(".", "")
    number = f"{whole}.{frac}" if frac else whole
    try:
        value = Decimal(number)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not value.is_finite() or value < 0:
        raise ValueError(text)
    return value


def show_figure(quantity: str | Decimal | int, unit: str) -> str:
    """`45.000.000 ₫` for money, `3.432,5 m2` otherwise."""
    if unit.strip().lower() in MONEY_UNITS:
        return format_vnd(quantity)
    return format_quantity(quantity, unit.strip())
