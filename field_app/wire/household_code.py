"""Wire layer: a household's public code, shown on public sheets instead of its head's name.

Six characters of the tracking code's alphabet (no look-alikes), derived from the
household's id, so the phone, the console and the public sheet show the same code
without storing it, and the code says nothing about the name or the address.
"""

from __future__ import annotations

import hashlib

from field_app.wire.tracking import ALPHABET

LENGTH = 6


def household_code(household_id: str) -> str:
    """`HK7M2Q9`-like: "H" and six symbols read off the sha256 of the id."""
    number = int.from_bytes(hashlib.sha256(household_id.encode()).digest()[:8], "big")
    symbols = []
    for _ in range(LENGTH):
        number, rest = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[rest])
    return "H-" + "".join(symbols)
