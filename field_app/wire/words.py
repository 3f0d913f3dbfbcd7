"""Wire layer: amounts read out in Vietnamese words, as receipts write them ("bằng chữ").

`vnd_in_words(3_500_000)` is "Ba triệu năm trăm nghìn đồng": groups of three digits read
with trăm / mươi / linh, "mốt" and "lăm" where the ear expects them, "không trăm" inside a
number (1.005.000: "một triệu không trăm linh năm nghìn"), and tỷ repeating for larger sums.
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ((1_000_000, "triệu"), (1_000, "nghìn"), (1, ""))
BILLION = 1_000_000_000


def number_in_words(n: int) -> str:
    """A whole number >= 0 in lower-case Vietnamese words."""
    if n < 0:
        raise ValueError("a negative number has no receipt words")
    if n == 0:
        return DIGITS[0]
    return _read(n, full=False)


def vnd_in_words(amount: int) -> str:
    """An amount of đồng as a receipt writes it: capitalised, ending in "đồng"."""
    words = f"{number_in_words(amount)} đồng"
    return words[0].upper() + words[1:]


def _read(n: int, *, full: bool) -> str:
    if n >= BILLION:
        head = f"{_read(n // BILLION, full=full)} tỷ"
        rest = n % BILLION
        return f"{head} {_below_billion(rest, full=True)}" if rest else head
    return _below_billion(n, full=full)


def _below_billion(n: int, *, full: bool) -> str:
    parts: list[str] = []
    for size, name in GROUPS:
        group = n // size % 1000
        if not group:
            continue
        parts.append(_three(group, full=full))
        if name:
            parts.append(name)
        full = True  # after a spoken group, the next ones are read with all their digits
    return " ".join(parts)


def _three(n: int, *, full: bool) -> str:
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 5: "lăm"}.get(units, DIGITS[units]))
    return " ".join(words)
