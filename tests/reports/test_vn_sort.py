"""Vietnamese sort order: the alphabet, tones as a secondary key, numbers as numbers."""

from __future__ import annotations

import pytest

from field_app.wire.text import vn_name_key, vn_natural_key, vn_sort_key


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # the alphabet: ă and â are letters after a, đ after d, ê after e, ô ơ after o, ư after u
        ("an", "ăn"),
        ("ăn", "ân"),
        ("ân", "bình"),
        ("Dương", "Đào"),
        ("Dy", "Đa"),  # every D before any Đ
        ("Em", "Ê"),  # ê after every e
        ("ong", "ông"),
        ("ông", "ơn"),
        ("ơn", "phương"),
        ("Uyên", "Ưng"),
        ("Ưng", "Vân"),
        # letters decide before tones: m < n at the fourth letter
        ("Phạm", "Phan"),
        ("Phạm Văn A", "Phan Văn A"),
        ("Ánh", "ăn"),  # a < ă though Á carries a tone
        ("Hà", "Hai"),  # h-a < h-a-i: the shorter word first, the tone does not matter
        # tones only where the letters tie: ngang, huyền, hỏi, ngã, sắc, nặng
        ("ma", "mà"),
        ("mà", "mả"),
        ("mả", "mã"),
        ("mã", "má"),
        ("má", "mạ"),
        ("Mạ", "mai"),
        # the first word's tone counts before the second's
        ("Lê An", "Lễ An"),
        ("Lê Án", "Lễ An"),
        ("Lễ An", "Lê Ấn"),  # â is a letter: it counts before any tone
        # a space sorts before any letter: word by word
        ("Phan An", "Phana"),
        ("Lê", "Lê Anh"),
    ],
)
def test_vietnamese_order(before: str, after: str) -> None:
    assert vn_sort_key(before) < vn_sort_key(after)
    assert sorted([after, before], key=vn_sort_key) == [before, after]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Đỗ Văn Đức", "đỗ văn đức"),  # case does not count
        ("NGUYỄN", "nguyễn"),
        ("hòa", "hoà"),  # old and new placement of the tone mark
        ("thủy", "thuỷ"),
        ("Trần  Thị", " Trần Thị "),  # runs of spaces and the ends
        ("Hà", "Ha\u0300"),  # composed and decomposed
    ],
)
def test_same_key(one: str, other: str) -> None:
    assert vn_sort_key(one) == vn_sort_key(other)


def test_a_list_of_names() -> None:
    names = [
        "Phan Thị Lan",
        "Đặng Văn Hùng",
        "Dương Thị Mai",
        "Phạm Minh Tuấn",
        "Bùi An",
        "Ân Văn Hòa",
        "an Thị Bé",
        "Ông Văn Tú",
        "Đào Duy Anh",
        "Ngô Bảo Châu",
    ]
    assert sorted(names, key=vn_sort_key) == [
        "an Thị Bé",
        "Ân Văn Hòa",
        "Bùi An",
        "Dương Thị Mai",
        "Đào Duy Anh",
        "Đặng Văn Hùng",
        "Ngô Bảo Châu",
        "Ông Văn Tú",
        "Phạm Minh Tuấn",
        "Phan Thị Lan",
    ]


def test_empty_and_none_sort_first() -> None:
    assert vn_sort_key(None) == vn_sort_key("") < vn_sort_key("a")
    assert vn_natural_key(None) == vn_natural_key("")


def test_foreign_letters_and_symbols_do_not_break_the_key() -> None:
    items = ["Zoe", "Wang", "Jean", "Franz", "Çelik", "Hiến đất (m²)", "Số 3/5", "李"]
    ordered = sorted(items, key=vn_natural_key)
    assert ordered.index("Çelik") < ordered.index("Franz")  # ç as c
    assert ordered[-1] == "李"  # letters outside the Latin script after all of them
    assert sorted(items, key=vn_sort_key)[-1] == "李"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Tổ dân phố 2", "Tổ dân phố 10"),
        ("Tổ dân phố 9", "Tổ dân phố 10"),
        ("Tổ 1", "Tổ 1A"),
        ("Tổ 1A", "Tổ 1B"),
        ("Tổ 1B", "Tổ 2"),
        ("Số 3 ngõ 12", "Số 10 ngõ 2"),
        ("Số 10 ngõ 2", "Số 10 ngõ 12"),
        ("Tổ 10", "Tổ dân phố 1"),  # numbers before letters
        ("Khu phố 3", "Tổ dân phố 1"),
        ("Tổ dân phố 5", "Tổ đoàn kết 1"),  # d before đ still holds
    ],
)
def test_natural_order(before: str, after: str) -> None:
    assert vn_natural_key(before) < vn_natural_key(after)


def test_natural_order_of_group_names() -> None:
    groups = ["Tổ dân phố 10", "Tổ dân phố 2", "Tổ dân phố 1", "Tổ dân phố 21", "Tổ dân phố 3"]
    assert sorted(groups, key=vn_natural_key) == [
        "Tổ dân phố 1",
        "Tổ dân phố 2",
        "Tổ dân phố 3",
        "Tổ dân phố 10",
        "Tổ dân phố 21",
    ]
    # the plain key compares digit by digit, as a dictionary would
    assert sorted(["Tổ 10", "Tổ 2"], key=vn_sort_key) == ["Tổ 10", "Tổ 2"]
    assert vn_natural_key("Tổ 02") == vn_natural_key("Tổ 2")


def test_people_by_given_name_then_full_name() -> None:
    people = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn An", "Đỗ Thị Đào", "Phạm Văn Dũng"]
    assert sorted(people, key=vn_name_key) == [
        "Lê Văn An",
        "Trần Thị An",
        "Nguyễn Văn Bình",
        "Phạm Văn Dũng",
        "Đỗ Thị Đào",
    ]
