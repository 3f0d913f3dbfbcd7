"""Wire layer: report months and giao ban periods, shared by the phone and the server.

A month is `YYYY-MM`; a giao ban period is that month (cadence `monthly`) or its quarter
(`quarterly`): the phone reminds the leader, the console shows who held theirs.
"""

from __future__ import annotations

from datetime import date, timedelta

CADENCES = ("monthly", "quarterly")
BRIEFING_CADENCE_LIST = "briefing_cadence"  # the reference list that carries it to phones


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_bounds(month: str) -> tuple[date, date]:
    """The first and the last day of `YYYY-MM`; ValueError when it is not a month."""
    year, mon = (int(p) for p in month.split("-"))
    first = date(year, mon, 1)
    following = date(year + (mon == 12), mon % 12 + 1, 1)
    return first, following - timedelta(days=1)


def previous_month(month: str) -> str:
    first, _ = month_bounds(month)
    return month_of(first - timedelta(days=1))


def next_month(month: str) -> str:
    _, last = month_bounds(month)
    return month_of(last + timedelta(days=1))


def briefing_period(day: date, cadence: str) -> tuple[date, date]:
    """The giao ban period holding `day`: its month, or its quarter."""
    if cadence != "quarterly":
        return month_bounds(month_of(day))
    first_month = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first_month, 1)
    _, end = month_bounds(f"{day.year:04d}-{first_month + 2:02d}")
    return start, end


def briefing_period_label(day: date, cadence: str) -> str:
    """`12/2026` for a month, `Quý 4/2026` for a quarter."""
    if cadence == "quarterly":
        return f"Quý {(day.month - 1) // 3 + 1}/{day.year}"
    return f"{day.month:02d}/{day.year}"
