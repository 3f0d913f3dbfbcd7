"""Wire layer: Vietnamese text folding for search, shared by phone and server.

`fold("Đường Điện")` -> "duong dien": diacritics removed (đ/Đ included), lower case,
white space collapsed. Both sides store a folded copy of searchable text and match
folded queries against it, so `duong` finds `Đường`.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_D = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case, diacritics-free, single-spaced form of `text` for searching."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


def fold_all(*parts: str | None) -> str:
    """One folded search string from several fields."""
    return " ".join(f for f in (fold(p) for p in parts) if f)


def like_pattern(query: str) -> str:
    """A SQL LIKE pattern for a folded query (escape character: backslash)."""
    q = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{q}%"
