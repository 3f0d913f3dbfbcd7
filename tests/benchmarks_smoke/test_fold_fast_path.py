"""Search folding took a faster path for speed; it must give exactly the old answers."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from field_app.wire.text import _fold_slow, fold, fold_all

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY" \
             "áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ" \
             "ÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
MIXED = VIETNAMESE + " \t\n\u00a0\u2003.,-0123456789\u0301\u0323ßæÆİıΣσςЙйØøŁł"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=MIXED, max_size=60))
def test_vietnamese_and_neighbours_fold_exactly_as_before(text: str) -> None:
    assert fold(text) == _fold_slow(text)
    nfd = unicodedata.normalize("NFD", text)
    assert fold(nfd) == _fold_slow(nfd)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_folds_exactly_as_before(text: str) -> None:
    assert fold(text) == _fold_slow(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=MIXED, max_size=20), st.text(max_size=8)),
                max_size=5))
def test_several_fields_fold_in_one_pass_exactly_as_one_by_one(parts: list[str | None]) -> None:
    assert fold_all(*parts) == " ".join(f for f in (fold(p) for p in parts) if f)


def test_a_reporter_finds_duong_in_duong_with_diacritics() -> None:
    assert fold("  Đường   ĐIỆN Biên\u00a0Phủ ") == "duong dien bien phu"
    assert fold(None) == "" and fold("") == ""
