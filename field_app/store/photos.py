"""Store layer: a photo made ready to keep and send: upright, at most 1600 px, JPEG.

A camera photo (4-12 MB, 4000 px, turned by an EXIF tag) becomes a JPEG of a few hundred
kB with the turn applied to the pixels, so it stays upright wherever it is shown, and with
no EXIF left (no GPS position or phone model travels with it). The ward accepts up to
ATTACHMENT_MAX_BYTES (the same constant as the server); a photo still bigger after being
made smaller, or a file that is not a picture, is refused with a reason the screen shows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from field_app.wire.records import ATTACHMENT_MAX_BYTES

LONG_EDGE = 1600
QUALITY = 80
# the biggest file the phone tries to open at all (a picture past this is not a photo)
INPUT_MAX_BYTES = 64 * 1024 * 1024
# (long edge, quality) tried in turn until the JPEG fits under the ward's limit
_STEPS = ((LONG_EDGE, QUALITY), (LONG_EDGE, 60), (1200, 60), (800, 50))


class PhotoRefused(Exception):
    """Why a photo cannot be kept: `reason` is 'not_image' or 'too_large'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ReadyPhoto:
    data: bytes  # the JPEG to keep and send
    width: int
    height: int
    original_bytes: int


def prepare_photo(data: bytes, *, limit: int = ATTACHMENT_MAX_BYTES) -> ReadyPhoto:
    """The photo as the phone keeps it; raises PhotoRefused."""
    if len(data) > INPUT_MAX_BYTES:
        raise PhotoRefused("too_large")
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.draft("RGB", (LONG_EDGE, LONG_EDGE))  # JPEG: decode at a smaller scale
            upright = ImageOps.exif_transpose(opened)
            picture = upright.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise PhotoRefused("not_image") from None
    for edge, quality in _STEPS:
        smaller = picture.copy()
        smaller.thumbnail((edge, edge), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        smaller.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
        if out.tell() <= limit:
            return ReadyPhoto(out.getvalue(), smaller.width, smaller.height, len(data))
    raise PhotoRefused("too_large")
