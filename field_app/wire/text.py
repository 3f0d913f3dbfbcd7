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


# -- Vietnamese sorting ---------------------------------------------------------------
#
# Letters in the order of the Vietnamese alphabet; f, j, w and z (in foreign names) sit
# where they fall in the Latin alphabet. Tones are a secondary key, in the dictionaries'
# order: no tone (ngang), huyền, hỏi, ngã, sắc, nặng; `a < à < ả < ã < á < ạ`.

_ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# combining marks that make a letter of its own (breve, circumflex, horn)
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# combining marks that are tones, ranked: huyền, hỏi, ngã, sắc, nặng
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_DIGITS = re.compile(r"\d+")  # \d: decimal digits (Nd), as str.isdecimal

# kinds of primary elements, in the order they sort: a space before punctuation before a
# number before a letter (so "Phan An" < "Phana", "Tổ 2A" < "Tổ 2B", "1" < "a")
_SPACE, _OTHER, _NUMBER, _LETTER, _FOREIGN = range(5)

SortKey = tuple[tuple[tuple[int, int], ...], tuple[int, ...]]


def _sort_key(text: str | None, natural: bool) -> SortKey:
    decomposed = unicodedata.normalize("NFD", (text or "").casefold().strip())
    primary: list[tuple[int, int]] = []
    tones: list[int] = []  # one tone per word: where the mark sits (hòa / hoà) does not matter
    tone = 0
    in_word = False
    i, n = 0, len(decomposed)
    while i < n:
        ch = decomposed[i]
        i += 1
        if unicodedata.category(ch) == "Mn":  # a mark with no letter before it
            continue
        if natural and ch.isdecimal():
            match = _DIGITS.match(decomposed, i - 1)
            assert match is not None
            i = match.end()
            primary.append((_NUMBER, int(match.group())))
            continue
        if not ch.isalpha():
            if in_word:
                tones.append(tone)
                tone, in_word = 0, False
            if ch.isspace():
                if primary and primary[-1][0] != _SPACE:  # runs of spaces count once
                    primary.append((_SPACE, 0))
            elif ch.isdecimal():
                primary.append((_NUMBER, int(ch)))
            else:
                primary.append((_OTHER, ord(ch)))
            continue
        in_word = True
        letter = ch
        while i < n and unicodedata.category(decomposed[i]) == "Mn":
            mark = decomposed[i]
            i += 1
            if mark in _TONE_RANK:
                tone = max(tone, _TONE_RANK[mark])
            elif mark in _LETTER_MARKS:
                letter += mark
        rank = _LETTER_RANK.get(unicodedata.normalize("NFC", letter))
        if rank is None:
            rank = _LETTER_RANK.get(ch)  # a Latin letter with a mark Vietnamese does not use
        primary.append((_LETTER, rank) if rank is not None else (_FOREIGN, ord(ch)))
    if in_word:
        tones.append(tone)
    return tuple(primary), tuple(tones)


def vn_sort_key(text: str | None) -> SortKey:
    """Key that sorts text as Vietnamese readers expect, ignoring case.

    Letters first, in the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q
    r s t u ư v x y), so `Đ` comes after every `D` and `Phạm` before `Phan`; only where
    the letters tie, tones decide, word by word, in the order ngang, huyền, hỏi, ngã,
    sắc, nặng. Digits compare one by one (use `vn_natural_key` for numbered names).
    """
    return _sort_key(text, natural=False)


def vn_natural_key(text: str | None) -> SortKey:
    """`vn_sort_key`, with runs of digits compared as numbers: "Tổ dân phố 2" sorts
    before "Tổ dân phố 10". For group names, addresses and anything else numbered."""
    return _sort_key(text, natural=True)


def vn_name_key(full_name: str | None) -> tuple[SortKey, SortKey]:
    """Key for a list of people the way Vietnamese offices sort one: by the given name
    (the last word), then by the whole name from the family name on."""
    words = (full_name or "").split()
    return vn_sort_key(words[-1] if words else ""), vn_sort_key(full_name)
