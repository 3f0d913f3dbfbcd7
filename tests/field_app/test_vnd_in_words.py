"""Amounts in Vietnamese words, as a receipt writes them beside the figures."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from field_app.wire.words import number_in_words, vnd_in_words


@pytest.mark.parametrize(("amount", "words"), [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (25, "hai mươi lăm"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (1_000, "một nghìn"),
    (1_005, "một nghìn không trăm linh năm"),
    (50_000, "năm mươi nghìn"),
    (500_000, "năm trăm nghìn"),
    (1_050_000, "một triệu không trăm năm mươi nghìn"),
    (3_500_000, "ba triệu năm trăm nghìn"),
    (150_000_000, "một trăm năm mươi triệu"),
    (2_000_000_000, "hai tỷ"),
    (2_000_300_000, "hai tỷ ba trăm nghìn"),
    (1_000_000_000_000, "một nghìn tỷ"),
])
def test_numbers_read_as_vietnamese_people_say_them(amount: int, words: str) -> None:
    assert number_in_words(amount) == words


def test_a_receipt_amount_is_capitalised_and_in_dong() -> None:
    assert vnd_in_words(3_500_000) == "Ba triệu năm trăm nghìn đồng"
    assert vnd_in_words(0) == "Không đồng"


@given(st.integers(min_value=1, max_value=10**15))
def test_every_amount_has_words_without_gaps(amount: int) -> None:
    words = number_in_words(amount)
    assert words == words.strip() and "  " not in words
    assert not words.startswith(("linh", "mươi", "trăm", "nghìn", "triệu", "tỷ"))
