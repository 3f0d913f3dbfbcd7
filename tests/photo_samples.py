"""Test photos made with Pillow: a camera-like JPEG (big, EXIF-turned) and plain noise."""

from __future__ import annotations

import io

from PIL import Image

ORIENTATION = 0x0112


def camera_jpeg(width: int = 4000, height: int = 3000, *, orientation: int = 6,
                quality: int = 92, noise: float = 18.0) -> bytes:
    """Left half red, right half blue, with sensor-like grain, saved as a phone camera does:
    pixels as the sensor read them and an EXIF tag saying how to turn them (6: 90° right)."""
    grain = Image.effect_noise((width, height), noise).convert("L")
    red = Image.new("RGB", (width // 2, height), (200, 40, 40))
    blue = Image.new("RGB", (width - width // 2, height), (40, 60, 200))
    picture = Image.new("RGB", (width, height))
    picture.paste(red, (0, 0))
    picture.paste(blue, (width // 2, 0))
    picture = Image.blend(picture, Image.merge("RGB", (grain, grain, grain)), 0.25)
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"  # Make: must not travel with the photo
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def noise_jpeg(width: int, height: int, *, quality: int = 97) -> bytes:
    """Colour noise: the worst case for JPEG (a 10 MB file at 4000x3000)."""
    channels = [Image.effect_noise((width, height), 120).convert("L") for _ in range(3)]
    out = io.BytesIO()
    Image.merge("RGB", channels).save(out, "JPEG", quality=quality)
    return out.getvalue()
