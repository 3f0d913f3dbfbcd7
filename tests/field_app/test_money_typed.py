"""Money typed the way Vietnamese people write it becomes an exact number of đồng; an
amount that could be read two ways is refused with a sentence saying what to type."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from field_app.i18n import CATALOGUES
from field_app.wire.formats import format_vnd
from field_app.wire.money import (
    MAX_VND,
    MESSAGES_VI,
    MoneyFormatError,
    format_vnd_plain,
    parse_vnd,
    try_parse_vnd,
)

READ = [
    ("3.500.000", 3_500_000),
    ("3 500 000", 3_500_000),
    ("3500000", 3_500_000),
    (" 3.500.000 ₫ ", 3_500_000),
    ("3.500.000đ", 3_500_000),
    ("3.500.000 đồng", 3_500_000),
    ("3500000 VND", 3_500_000),
    ("3,5 triệu", 3_500_000),
    ("3,5 TRIỆU", 3_500_000),
    ("3,5 trieu", 3_500_000),
    ("3,5tr", 3_500_000),
    ("3.5 triệu", 3_500_000),  # the unit makes the point a decimal point
    ("3tr5", 3_500_000),
    ("3 tr 5", 3_500_000),
    ("3tr05", 3_050_000),
    ("3 triệu 500", 3_500_000),
    ("3 triệu 500 nghìn", 3_500_000),
    ("3 tr", 3_000_000),
    ("20 triệu", 20_000_000),
    ("500k", 500_000),
    ("500K", 500_000),
    ("500 nghìn", 500_000),
    ("500 ngàn", 500_000),
    ("1,5 tỷ", 1_500_000_000),
    ("1,5 tỉ", 1_500_000_000),
    ("1 tỷ 2", 1_200_000_000),
    ("1.500 triệu", 1_500_000_000),
    ("1.000", 1_000),
    ("0", 0),
]

REFUSED = [
    ("1,5", "ambiguous"),
    ("3.5", "ambiguous"),
    ("1.50", "ambiguous"),
    ("1.5000", "ambiguous"),
    ("3,500,000", "ambiguous"),
    ("3.500.000,5", "ambiguous"),
    ("3 nghìn 5 triệu", "ambiguous"),
    ("3 tr 5000", "ambiguous"),
    ("-100", "negative"),
    ("−100.000", "negative"),
    ("", "empty"),
    ("   ", "empty"),
    (None, "empty"),
    ("₫", "empty"),
    ("ba triệu", "not_money"),
    ("abc", "not_money"),
    ("1e6", "not_money"),
    ("3 5", "not_money"),
    ("500 đô", "not_money"),
    ("100$", "not_money"),
    ("1,2345678 triệu", "not_whole"),
    ("9" * 30, "too_large"),
    ("9" * 5000, "too_large"),
    ("2.000.000 tỷ", "too_large"),
]


@pytest.mark.parametrize(("text", "dong"), READ)
def test_amounts_are_read_as_they_are_written(text: str, dong: int) -> None:
    assert parse_vnd(text) == dong


@pytest.mark.parametrize(("text", "code"), REFUSED)
def test_unclear_amounts_are_refused_with_what_to_type(text: str | None, code: str) -> None:
    with pytest.raises(MoneyFormatError) as caught:
        parse_vnd(text)
    assert caught.value.code == code
    assert try_parse_vnd(text) is None


def test_the_sentence_for_one_and_a_half_says_both_ways_to_type_it() -> None:
    with pytest.raises(MoneyFormatError, match=r"gõ 1\.500\.000 hoặc 1,5 triệu"):
        parse_vnd("1,5")


def test_the_phone_says_the_same_sentences_in_both_languages() -> None:
    for code, sentence in MESSAGES_VI.items():
        assert CATALOGUES["vi"][f"money.{code}"] == sentence
        assert CATALOGUES["en"][f"money.{code}"].strip()


@given(st.integers(min_value=0, max_value=MAX_VND))
def test_a_formatted_amount_reads_back_as_itself(amount: int) -> None:
    assert parse_vnd(format_vnd_plain(amount)) == amount
    assert parse_vnd(format_vnd(amount)) == amount  # "3.500.000 ₫", as the screens show it


@given(st.integers(min_value=0, max_value=999_999), st.integers(min_value=0, max_value=999))
def test_millions_with_the_thousands_after_the_unit(millions: int, thousands: int) -> None:
    expected = millions * 1_000_000 + thousands * 1_000
    assert parse_vnd(f"{millions} triệu {thousands:03d} nghìn") == expected
    assert parse_vnd(f"{millions}tr{thousands:03d}") == expected
