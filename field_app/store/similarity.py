"""Store layer: text similarity for the possible-duplicate lookup of petitions.

Weighted Dice coefficient over folded syllables and syllable pairs, so "Đèn đường hỏng"
matches "den duong bi hong" and "Lắp thùng rác công cộng ở đầu ngõ" matches "Đề nghị lắp
thêm thùng rác công cộng". Function words and the words of a request ("đề nghị", "xin",
"thêm") count for nothing; words that say where or how often ("ngõ", "đầu", "nhiều",
"thường xuyên", "ban đêm") count for little, so two matters in one place do not look alike.
Two texts that name different places of the same kind ("ngõ 5" and "ngõ 12", "tổ 5" and
"tổ 8", "đường Lê Lợi" and "đường Trần Phú") are different matters whatever their words.
Measured on a labelled set of petition pairs in tests/field_app/test_duplicate_quality.py
(figures in docs/performance.md).
"""

from __future__ import annotations

import itertools
import re

from field_app.wire.text import fold

DUPLICATE_THRESHOLD = 0.35  # possible_duplicates suggests a petition from this score on

def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_STOP = _set(
    """va cua la co cho o tai trong voi nhung cac mot da dang bi duoc thi nay do khi the nhu
    tu ra vao len xin kien nghi phan anh de can them hay rat qua con se van cung ma neu vi
    nen hoac hien nay lai ai moi"""
)
# where, when, how much: shared by many different matters of one place
_WEAK = _set(
    """ngo ngach hem kiet so nha to khu dau cuoi truoc sau canh gan doan tuyen duong pho
    nhieu thuong xuyen keo dai ban dem ngay dem gio tuan thang nam nguy hiem gay anh huong
    khong chua lam lai sua lap dan cu dan nguoi ho xung quanh hom mai luon lien"""
)
WEAK_WEIGHT = 0.25
# a place of some kind with its number: "ngõ 5", "ngách 12a", "số 14", "tổ 3", "khu B"
_PLACE = re.compile(r"\b(ngo|ngach|hem|kiet|so|to|khu|day|lo|phong)\s+(\d+[a-z]?|[a-z]\b)")
_KIND = {"ngach": "ngo", "hem": "ngo", "kiet": "ngo"}
_STREET_WORDS = frozenset({"duong", "pho"})
_WORD = re.compile(r"\w+", re.UNICODE)
PLACE_CONFLICT = 0.3  # the score left when the texts name different places


def _places(text: str) -> dict[str, set[str]]:
    """Places named with a number or a name, by kind: {"ngo": {"5"}, "duong": {"le loi"}}."""
    found: dict[str, set[str]] = {}
    for kind, value in _PLACE.findall(fold(text)):
        found.setdefault(_KIND.get(kind, kind), set()).add(value)
    words = _WORD.findall(text)
    for i, word in enumerate(words[:-1]):
        if fold(word) in _STREET_WORDS and words[i + 1][:1].isupper():
            name = list(itertools.takewhile(lambda w: w[:1].isupper(), words[i + 1:i + 5]))
            found.setdefault("duong", set()).add(fold(" ".join(name)))
    return found


def _features(text: str) -> dict[str, float]:
    words = [w for w in _WORD.findall(fold(text).replace("_", " ")) if w not in _STOP]
    weights = {w: WEAK_WEIGHT if w in _WEAK or w.isdigit() else 1.0 for w in words}
    for a, b in itertools.pairwise(words):
        weights[f"{a} {b}"] = min(weights[a], weights[b])
    return weights


def _different_places(a: str, b: str) -> bool:
    pa, pb = _places(a), _places(b)
    return any(kind in pb and not (values & pb[kind]) for kind, values in pa.items())


def similarity(a: str, b: str) -> float:
    """0 (nothing shared) .. 1 (same words)."""
    fa, fb = _features(a), _features(b)
    total = sum(fa.values()) + sum(fb.values())
    if not fa or not fb or total == 0:
        return 0.0
    score = 2 * sum(fa[k] for k in fa.keys() & fb.keys()) / total
    return score * PLACE_CONFLICT if _different_places(a, b) else score
