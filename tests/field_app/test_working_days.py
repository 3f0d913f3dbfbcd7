"""The working-day calendar of field_app.wire: weekends, days off, days worked in exchange."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from field_app.wire.calendar import (
    WorkCalendar,
    add_working_days,
    is_working_day,
    working_days_between,
)

NATIONAL_DAY_2026 = {date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)}


def test_weekends_and_days_off_do_not_count_and_a_worked_saturday_does() -> None:
    assert is_working_day(date(2026, 11, 20))  # Friday
    assert not is_working_day(date(2026, 11, 21))  # Saturday
    assert not is_working_day(date(2026, 9, 1), NATIONAL_DAY_2026)
    assert is_working_day(date(2026, 8, 22), NATIONAL_DAY_2026, {date(2026, 8, 22)})


def test_the_start_day_never_counts_and_the_count_skips_the_days_off() -> None:
    friday = date(2026, 8, 28)
    assert add_working_days(friday, 0) == friday
    assert add_working_days(friday, 1) == date(2026, 8, 31)
    # Mon 31/8, Tue 1/9, Wed 2/9 are off: the first working day is Thursday 3/9
    assert add_working_days(friday, 1, NATIONAL_DAY_2026) == date(2026, 9, 3)
    assert add_working_days(date(2026, 9, 3), -1, NATIONAL_DAY_2026) == friday
    assert working_days_between(friday, date(2026, 9, 3), NATIONAL_DAY_2026) == 1
    assert working_days_between(date(2026, 9, 3), friday, NATIONAL_DAY_2026) == -1


def test_a_calendar_binds_the_days() -> None:
    calendar = WorkCalendar(days_off=frozenset(NATIONAL_DAY_2026),
                            extra_working=frozenset({date(2026, 9, 5)}))
    assert calendar.add_working_days(date(2026, 8, 28), 2) == date(2026, 9, 4)
    assert calendar.add_working_days(date(2026, 8, 28), 3) == date(2026, 9, 5)  # worked Sat
    assert calendar.working_days_between(date(2026, 8, 28), date(2026, 9, 7)) == 4


@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
       st.integers(min_value=-40, max_value=40),
       st.sets(st.dates(min_value=date(2026, 1, 1), max_value=date(2031, 3, 31)), max_size=30))
def test_counting_back_what_was_added_gives_the_same_number(start: date, n: int,
                                                            off: set[date]) -> None:
    end = add_working_days(start, n, off)
    assert working_days_between(start, end, off) == n
    if n:
        assert is_working_day(end, off)
        assert abs((end - start).days) >= abs(n)
    # forwards the days after `start` up to `end` count; backwards `end` up to `start`
    days = ([start + timedelta(days=k) for k in range(1, (end - start).days + 1)] if n >= 0
            else [end + timedelta(days=k) for k in range((start - end).days)])
    assert sum(1 for d in days if is_working_day(d, off)) == abs(n)
