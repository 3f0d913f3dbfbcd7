"""Store layer: text similarity for the possible-duplicate lookup of petitions.

Dice coefficient over folded syllables and syllable pairs, ignoring the most common
Vietnamese function words, so "Đèn đường hỏng" matches "den duong bi hong".
"""

import itertools

from field_app.wire.text import fold

_STOP = frozenset(
    [
        "va", "cua", "la", "co", "cho", "o", "tai", "trong", "voi", "nhung", "cac", "mot", "da",
        "dang", "bi", "duoc", "thi", "nay", "do", "khi", "the", "nhu", "tu", "ra", "vao", "len",
        "xin", "kien", "nghi", "phan", "anh",
    ]
)


def _features(text: str) -> set[str]:
    words = [w for w in fold(text).replace(",", " ").replace(".", " ").split() if w not in _STOP]
    return set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}


def similarity(a: str, b: str) -> float:
    """0 (nothing shared) .. 1 (same words)."""
    fa, fb = _features(a), _features(b)
    if not fa or not fb:
        return 0.0
    return 2 * len(fa & fb) / (len(fa) + len(fb))
