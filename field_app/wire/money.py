"""Wire layer: money typed the way Vietnamese people write it, read as whole đồng.

    parse_vnd("3.500.000") == parse_vnd("3 500 000") == parse_vnd("3,5 triệu")
        == parse_vnd("3tr5") == 3_500_000
    parse_vnd("500k") == parse_vnd("500 nghìn") == parse_vnd("500 ngàn") == 500_000
    parse_vnd("1,5 tỷ") == 1_500_000_000

Anything that could be read two ways ("1,5" or "3.5" with no unit: 1.5 or 15?
"1.50") is refused rather than guessed: `MoneyFormatError.code` names the problem and
the error's text is a Vietnamese sentence saying what to type. Shared by the phone and
the server, so both read an amount the same way.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from field_app.wire.text import fold

MAX_VND: Final = 10**15  # more than any ward will ever collect; keeps the integer sane

# folded words -> how many đồng one of them is
_UNITS: Final[dict[str, int]] = {
    "ty": 10**9, "ti": 10**9,
    "trieu": 10**6, "tr": 10**6,
    "nghin": 10**3, "ngan": 10**3, "k": 10**3,
}
_CURRENCY: Final = frozenset({"dong", "d", "vnd"})

# why an amount was refused -> the sentence shown to the leader (the phone's catalogues
# carry the same keys as `money.<code>`)
MESSAGES_VI: Final[dict[str, str]] = {
    "empty": "Chưa nhập số tiền: gõ ví dụ 3.500.000 hoặc 3,5 triệu.",
    "ambiguous": "Số tiền chưa rõ: gõ 1.500.000 hoặc 1,5 triệu.",
    "negative": "Số tiền không được âm: gõ số tiền đã nộp, ví dụ 500.000.",
    "not_whole": "Số tiền phải tròn đồng: gõ ví dụ 1.234.500 hoặc 1,2345 triệu.",
    "too_large": "Số tiền quá lớn: kiểm tra lại số chữ số.",
    "not_money": "Không đọc được số tiền: gõ bằng chữ số, ví dụ 500.000, 500k hoặc 3tr5.",
}

_LONGEST: Final = 24  # characters of one number: past this it is a slip of the finger
_GROUPED: Final = re.compile(r"\d{1,3}(?:\.\d{3})+")  # 3.500.000
_PLAIN: Final = re.compile(r"\d+")
_SPACED: Final = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")  # the spaces of "3 500 000"
_TOKEN: Final = re.compile(r"\d[\d.,]*|[a-z]+")


class MoneyFormatError(ValueError):
    """An amount that is not one clear number of đồng; `code` is a key of MESSAGES_VI."""

    def __init__(self, code: str) -> None:
        super().__init__(MESSAGES_VI[code])
        self.code = code


def parse_vnd(text: str | None) -> int:
    """The whole number of đồng `text` means; raises MoneyFormatError when unclear."""
    raw = (text or "").strip().replace("₫", " ")
    if not raw.strip():
        raise MoneyFormatError("empty")
    if raw.lstrip().startswith(("-", "−")):
        raise MoneyFormatError("negative")
    folded = _SPACED.sub("", fold(raw))
    tokens = _TOKEN.findall(folded)
    if "".join(tokens) != folded.replace(" ", ""):
        raise MoneyFormatError("not_money")  # signs, letters mixed into digits, symbols
    while tokens and tokens[-1] in _CURRENCY:
        tokens.pop()
    if not tokens:
        raise MoneyFormatError("empty")
    if any(len(token) > _LONGEST for token in tokens):
        raise MoneyFormatError("too_large")
    amount = _read(tokens)
    if amount > MAX_VND:
        raise MoneyFormatError("too_large")
    return amount


def try_parse_vnd(text: str | None) -> int | None:
    """`parse_vnd`, or None when the text is not one clear amount."""
    try:
        return parse_vnd(text)
    except MoneyFormatError:
        return None


def format_vnd_plain(amount: int) -> str:
    """3500000 -> '3.500.000' (what the phone puts into a field: no ₫, parses back)."""
    return f"{amount:,}".replace(",", ".")


def _read(tokens: list[str]) -> int:
    if len(tokens) == 1:
        return _whole(tokens[0])
    total = Decimal(0)
    last_unit: int | None = None
    i = 0
    while i < len(tokens):
        number = tokens[i]
        if not number[0].isdigit():
            raise MoneyFormatError("not_money")
        unit_word = tokens[i + 1] if i + 1 < len(tokens) else None
        if unit_word is None:
            # "3tr5", "3 triệu 500": the digits after a unit continue it (3,5 triệu)
            if last_unit is None or not re.fullmatch(r"\d{1,3}", number):
                raise MoneyFormatError("ambiguous")
            total += Decimal(f"0.{number}") * last_unit
            break
        unit = _UNITS.get(unit_word)
        if unit is None:
            raise MoneyFormatError("not_money")
        if last_unit is not None and unit >= last_unit:
            raise MoneyFormatError("ambiguous")  # "3 nghìn 5 triệu"
        total += _with_unit(number) * unit
        last_unit = unit
        i += 2
    if total != total.to_integral_value():
        raise MoneyFormatError("not_whole")
    return int(total)


def _whole(number: str) -> int:
    """A number with no unit: digits, or digits grouped by dots in threes."""
    if not number[0].isdigit():
        raise MoneyFormatError("not_money")
    if _PLAIN.fullmatch(number) or _GROUPED.fullmatch(number):
        return int(number.replace(".", ""))
    raise MoneyFormatError("ambiguous")  # "1,5", "3.5", "1.50", "3,500,000"


def _with_unit(number: str) -> Decimal:
    """A number before a unit: may have a decimal comma (3,5 triệu) or, the unit making
    it plain, a decimal point with one or two digits (3.5 triệu)."""
    whole, comma, fraction = number.partition(",")
    if comma and not re.fullmatch(r"\d+", fraction):
        raise MoneyFormatError("ambiguous")
    if _PLAIN.fullmatch(whole) or _GROUPED.fullmatch(whole):
        return Decimal(whole.replace(".", "") + (f".{fraction}" if comma else ""))
    if not comma and re.fullmatch(r"\d+\.\d{1,2}", whole):
        return Decimal(whole)
    raise MoneyFormatError("ambiguous")
