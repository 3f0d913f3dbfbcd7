"""What a group leader types into the phone becomes exact numbers and dates: money with the
dots Vietnamese people write (3.500.000), areas with a decimal comma (3.432,5), dd/mm/yyyy."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from field_app.ui.parsing import parse_money, parse_optional_date, parse_quantity, read_money


def test_money_is_read_the_way_it_is_written() -> None:
    assert parse_money("3.500.000") == 3_500_000
    assert parse_money("3500000") == 3_500_000
    assert parse_money(" 3 500 000 ₫ ") == 3_500_000
    assert parse_money("20.000.000đ") == 20_000_000
    assert parse_money("3,5tr") == 3_500_000
    assert parse_money("500k") == 500_000


def test_money_that_is_not_a_whole_amount_is_refused() -> None:
    # "1,5" and "3.5" used to be read as 15 đ and 35 đ
    for text in ("", "ba triệu", "1,5", "3.5", "1.50", "-100", "1e6", None):
        assert parse_money(text) is None, text


def test_a_refused_amount_names_the_sentence_to_show() -> None:
    assert read_money("1,5") == (None, "money.ambiguous")
    assert read_money("-5") == (None, "money.negative")
    assert read_money("3tr5") == (3_500_000, None)


def test_areas_take_a_decimal_comma_or_point() -> None:
    assert parse_quantity("3.432,5") == Decimal("3432.5")
    assert parse_quantity("3432.5") == Decimal("3432.5")
    assert parse_quantity("966") == Decimal(966)
    assert parse_quantity("abc") is None
    assert parse_quantity("NaN") is None


def test_dates_are_day_month_year_and_blank_is_allowed() -> None:
    assert parse_optional_date("15/12/2026") == (date(2026, 12, 15), True)
    assert parse_optional_date("  ") == (None, True)
    assert parse_optional_date("2026-12-15") == (None, False)
    assert parse_optional_date("31/02/2026") == (None, False)
