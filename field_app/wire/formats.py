"""Wire layer: the formats users expect, shared by the phone and the ward console.

Money as `3.500.000 ₫`, dates dd/mm/yyyy, times shown in Asia/Ho_Chi_Minh. Inside,
time is UTC-aware; conversion happens only here, at the edge.
"""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    return datetime.now(UTC)


def today_vn() -> date:
    return datetime.now(VN_TZ).date()


def format_vnd(amount: int | Decimal | str | None) -> str:
    """3500000 -> '3.500.000 ₫'."""
    if amount is None or amount == "":
        return "—"
    value = int(Decimal(str(amount)))
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value):,} ₫".replace(",", ".")


def format_quantity(quantity: Decimal | str | int, unit: str = "") -> str:
    """Decimal quantities the Vietnamese way: 3432.5 -> '3.432,5'."""
    q = Decimal(str(quantity)).normalize()
    whole, _, frac = f"{q:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    text = f"{int(whole.lstrip('-') or 0):,}".replace(",", ".")
    if frac:
        text += "," + frac
    return f"{sign}{text}{(' ' + unit) if unit else ''}"


def format_date(value: date | datetime | str | None) -> str:
    """dd/mm/yyyy; datetimes are shown in Vietnam's time zone."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(VN_TZ)
        return value.strftime("%d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | str | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam's time zone."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")


def parse_date_vn(text: str) -> date:
    """'15/12/2026' -> date(2026, 12, 15); raises ValueError on anything else."""
    return datetime.strptime(text.strip(), "%d/%m/%Y").date()
