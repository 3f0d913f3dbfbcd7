"""Every household picker finds a household the way the Households screen does: without
diacritics or capitals (`hoang` finds `Hoàng`, `duong` finds `Đường`)."""

from __future__ import annotations

from pathlib import Path

from field_app.store import LocalStore
from field_app.ui.components.pickers import household_label, matching_choices

CHOICES = [
    ("-", "— Không chọn hộ —"),
    ("h1", "Hoàng Văn Đức – Số 3, ngõ 7"),
    ("h2", "Trần Thị Bình – Số 12, ngõ 5"),
    ("h3", "Đặng Thị Hoa – Đường Lê Lợi"),
]


def _values(query: str, **kw: object) -> list[str]:
    return [v for v, _ in matching_choices(CHOICES, query, **kw)]  # type: ignore[arg-type]


def test_diacritics_and_case_are_ignored() -> None:
    assert _values("hoang") == ["h1"]
    assert _values("HOANG") == ["h1"]
    assert _values("Hoàng") == ["h1"]
    assert _values("duc") == ["h1"]
    assert _values("duong") == ["h3"]
    assert _values("dang") == ["h3"]  # Đ folds to d


def test_every_word_must_appear_in_any_order() -> None:
    assert _values("binh ngo 5") == ["h2"]
    assert _values("ngo binh") == ["h2"]
    assert _values("ngo") == ["h1", "h2"]
    assert _values("binh hoa") == []


def test_blank_shows_everything_and_kept_choices_stay() -> None:
    assert _values("") == ["-", "h1", "h2", "h3"]
    assert _values("   ") == ["-", "h1", "h2", "h3"]
    assert _values("hoang", always=["-"]) == ["-", "h1"]


def test_the_picker_matches_what_the_households_screen_finds(tmp_path: Path) -> None:
    store = LocalStore.open(tmp_path / "phone")
    try:
        for name, address in (("Hoàng Văn Đức", "Số 3, ngõ 7"), ("Trần Thị Bình", ""),
                              ("Nguyễn Hoàng Anh", "Đường Lê Lợi")):
            store.households.upsert(household_id=None, head_name=name, address=address)
        rows = store.households.list(limit=None)
        choices = [(h.id, household_label(h)) for h in rows]
        for query in ("hoang", "HOÀNG", "duc", "binh", "le loi"):
            screen = {h.id for h in store.households.list(query=query, limit=None)}
            picker = {v for v, _ in matching_choices(choices, query)}
            assert picker == screen, query
            assert picker, query
    finally:
        store.close()
