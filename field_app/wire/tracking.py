"""Wire layer: the petition's tracking code (Mã tra cứu), made on the phone, checked by both sides.

Nine characters from a 31-symbol alphabet with no look-alikes (no 0/O, no 1/I/L), shown
in three groups of three to be read aloud or typed on a cheap phone (`K7M-2Q9-XDA`):
9 x log2(31) = 44.6 bits of randomness. Eight characters of that alphabet would give
only 39.6 bits, under the 40 the protocol asks for. A code typed by a citizen is
accepted in lower case, with or without dashes or spaces (`normalize`).
"""

from __future__ import annotations

import math
import re
import secrets
from collections.abc import Callable

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 9
GROUP = 3
BITS = LENGTH * math.log2(len(ALPHABET))
_PART = f"[{ALPHABET}]{{{GROUP}}}"
PATTERN = re.compile(f"{_PART}(?:-{_PART}){{{LENGTH // GROUP - 1}}}")
MAX_TYPED = 40  # a code as typed, before normalizing (spaces, dashes)


def new_tracking_code(choice: Callable[[str], str] = secrets.choice) -> str:
    """A fresh code from the system's secure random source, grouped (`K7M-2Q9-XDA`)."""
    return group("".join(choice(ALPHABET) for _ in range(LENGTH)))


def group(raw: str) -> str:
    return "-".join(raw[i:i + GROUP] for i in range(0, len(raw), GROUP))


def normalize(typed: str) -> str | None:
    """The code as stored, from what a citizen typed (`k7m2q9xda`, `K7M 2Q9 XDA`), or None
    when it cannot be a code."""
    raw = "".join(ch for ch in typed[:MAX_TYPED].upper() if ch.isalnum())
    if len(raw) != LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return group(raw)


def is_valid(code: str) -> bool:
    return PATTERN.fullmatch(code) is not None


def spoken(code: str) -> str:
    """The code spaced out for reading aloud: `K 7 M  2 Q 9  X D A`."""
    return "   ".join(" ".join(part) for part in code.split("-"))
