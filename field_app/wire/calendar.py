"""Wire layer: the working-day calendar (pure functions over a set of days off).

Deadlines are counted in working days: Saturdays, Sundays and the days off given
(public holidays, Tết, days the ward adds) do not count; a day in `extra_working`
counts even on a weekend (Vietnam sometimes moves a day off by decree and makes a
Saturday a working day). The day a deadline starts from is never counted: the first
of `n` working days is the first working day after `start`.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date, timedelta

_DAY = timedelta(days=1)
_NONE: frozenset[date] = frozenset()


def is_working_day(day: date, holidays: Container[date] = _NONE,
                   extra_working: Container[date] = _NONE) -> bool:
    """True for a weekday that is not a day off, or for a day the ward works on."""
    if day in extra_working:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, n: int, holidays: Container[date] = _NONE,
                     extra_working: Container[date] = _NONE) -> date:
    """The `n`-th working day after `start` (before it, for a negative `n`); `start` itself
    for 0. `working_days_between(start, add_working_days(start, n)) == n`."""
    step = _DAY if n >= 0 else -_DAY
    day, left = start, abs(n)
    while left:
        day += step
        if is_working_day(day, holidays, extra_working):
            left -= 1
    return day


def working_days_between(start: date, end: date, holidays: Container[date] = _NONE,
                         extra_working: Container[date] = _NONE) -> int:
    """Working days after `start` up to and including `end`; when `end` is before `start`,
    minus the working days from `end` included up to `start` (on the Monday after a Friday
    deadline: -1, one working day late)."""
    if end < start:
        count, day = 0, end
        while day < start:
            if is_working_day(day, holidays, extra_working):
                count += 1
            day += _DAY
        return -count
    count, day = 0, start
    while day < end:
        day += _DAY
        if is_working_day(day, holidays, extra_working):
            count += 1
    return count


@dataclass(frozen=True)
class WorkCalendar:
    """The three functions with one ward's days off and extra working days bound in."""

    days_off: Container[date] = _NONE
    extra_working: Container[date] = field(default=_NONE)

    def is_working_day(self, day: date) -> bool:
        return is_working_day(day, self.days_off, self.extra_working)

    def add_working_days(self, start: date, n: int) -> date:
        return add_working_days(start, n, self.days_off, self.extra_working)

    def working_days_between(self, start: date, end: date) -> int:
        return working_days_between(start, end, self.days_off, self.extra_working)
