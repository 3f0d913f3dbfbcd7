"""The phone's duplicate suggestion, measured: on a labelled set of Vietnamese petition
pairs (tests/field_app/data/duplicate_pairs.tsv: the same matter worded twice, or two
matters of one category, often in the same place), the store's threshold must find at least
9 duplicates in 10 (recall) while at least 8 suggestions in 10 are right (precision).
The figures are in docs/performance.md, "Duplicate suggestions"."""

from __future__ import annotations

from pathlib import Path

import pytest

from field_app.store.similarity import DUPLICATE_THRESHOLD, similarity

PAIRS = Path(__file__).parent / "data" / "duplicate_pairs.tsv"


def _pairs() -> list[tuple[bool, str, str]]:
    pairs = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, first, second = line.split("\t")
        assert label in ("same", "diff"), line
        pairs.append((label == "same", first, second))
    return pairs


def precision_recall(threshold: float) -> tuple[float, float]:
    scored = [(same, similarity(a, b) >= threshold) for same, a, b in _pairs()]
    found = sum(1 for same, hit in scored if same and hit)
    suggested = sum(1 for _, hit in scored if hit)
    duplicates = sum(1 for same, _ in scored if same)
    return (found / suggested if suggested else 1.0), found / duplicates


def test_the_labelled_set_is_big_and_balanced() -> None:
    pairs = _pairs()
    assert len(pairs) >= 200
    same = sum(1 for s, _, _ in pairs if s)
    assert same >= 90 and len(pairs) - same >= 90
    assert len({(a, b) for _, a, b in pairs}) == len(pairs)  # no pair twice


def test_duplicate_suggestions_find_9_in_10_with_8_in_10_right() -> None:
    precision, recall = precision_recall(DUPLICATE_THRESHOLD)
    assert recall >= 0.9, f"recall {recall:.3f} at {DUPLICATE_THRESHOLD}"
    assert precision >= 0.8, f"precision {precision:.3f} at {DUPLICATE_THRESHOLD}"


@pytest.mark.parametrize("first, second", [
    ("Lắp thùng rác công cộng ở đầu ngõ", "Đề nghị lắp thêm thùng rác công cộng"),
    ("Đèn đường hỏng ở ngõ 5", "den duong ngo 5 bi hong"),
])
def test_the_cases_from_the_field_are_suggested(first: str, second: str) -> None:
    assert similarity(first, second) >= DUPLICATE_THRESHOLD


@pytest.mark.parametrize("first, second", [
    ("Đèn đường hỏng ở ngõ 5", "Đèn đường hỏng ở ngõ 12"),
    ("Ổ gà trước nhà số 14 đường Lê Lợi", "Ổ gà trước nhà số 52 đường Lê Lợi"),
    ("Nắp cống vỡ trên đường Trần Phú", "Nắp cống vỡ trên đường Nguyễn Trãi"),
    ("Lắp thùng rác công cộng ở đầu ngõ", "Lắp camera an ninh ở đầu ngõ"),
])
def test_other_places_and_other_matters_are_not(first: str, second: str) -> None:
    assert similarity(first, second) < DUPLICATE_THRESHOLD


if __name__ == "__main__":  # the table in docs/performance.md
    for th in (0.25, 0.3, 0.35, 0.4, 0.45, 0.5):
        p, r = precision_recall(th)
        print(f"| {th:.2f} | {p:.2f} | {r:.2f} |")
