"""Wire layer: Vietnamese text folding for search, shared by phone and server.

`fold("Đường Điện")` -> "duong dien": diacritics removed (đ/Đ included), lower case,
white space collapsed. Both sides store a folded copy of searchable text and match
folded queries against it, so `duong` finds `Đường`.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_D = str.maketrans({"đ": "d", "Đ": "d"})


def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


def _fast_table() -> dict[int, str]:
    """Per-character folds of Latin letters with diacritics (Vietnamese's included) and of
    combining marks; spaces are left to the slow path, which collapses them."""
    table: dict[int, str] = {}
    for code in (*range(0x80, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00)):
        ch = chr(code)
        if not ch.isspace():
            table[code] = _fold_slow(f"a{ch}a")[1:-1]
    return table


_FAST = _fast_table()


def fold(text: str | None) -> str:
    """Lower-case, diacritics-free, single-spaced form of `text` for searching."""
    if not text:
        return ""
    # fast path (same result): a table lookup per character, when that leaves only ASCII
    quick = text.translate(_FAST)
    if not quick.isascii():
        return _fold_slow(text)
    return " ".join(quick.lower().split())


def fold_all(*parts: str | None) -> str:
    """One folded search string from several fields (folded in one pass: folding never
    carries across the spaces that join them, and the spaces collapse the same way)."""
    return fold(" ".join(p for p in parts if p))


def like_pattern(query: str) -> str:
    """A SQL LIKE pattern for a folded query (escape character: backslash)."""
    q = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{q}%"
