"""Wire layer: Vietnamese text folding for search, shared by phone and server.

`fold("Đường Điện")` -> "duong dien": diacritics removed (đ/Đ included), lower case,
white space collapsed. Both sides store a folded copy of searchable text and match
folded queries against it, so `duong` finds `Đường`.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def _plain_d(text: str) -> str:
    """đ and Đ are letters of their own, not d with a mark: NFD leaves them as they are."""
    return text.replace("đ", "d").replace("Đ", "d")


def _fold_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", _plain_d(text))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


# after NFD, Vietnamese (and most Latin text) is ASCII letters + these combining marks (Mn)
_NOT_A_MARK = re.compile(r"[^\x00-\x7f\u0300-\u036f]")


def fold(text: str | None) -> str:
    """Lower-case, diacritics-free, single-spaced form of `text` for searching."""
    if not text:
        return ""
    # fast path (same result): when decomposing leaves only ASCII and combining marks,
    # dropping every non-ASCII character drops exactly the marks
    decomposed = unicodedata.normalize("NFD", _plain_d(text))
    if not decomposed.isascii() and _NOT_A_MARK.search(decomposed) is not None:
        return _fold_slow(text)
    return " ".join(decomposed.encode("ascii", "ignore").decode("ascii").lower().split())


def fold_all(*parts: str | None) -> str:
    """One folded search string from several fields (folded in one pass: folding never
    carries across the spaces that join them, and the spaces collapse the same way)."""
    return fold(" ".join(p for p in parts if p))


def like_pattern(query: str) -> str:
    """A SQL LIKE pattern for a folded query (escape character: backslash)."""
    q = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{q}%"
