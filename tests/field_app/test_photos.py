"""A photo is made smaller on the phone before it is kept: upright, at most 1600 px, a few
hundred kB, under the ward's limit (the one constant both sides use), or refused with a
reason the form shows."""

from __future__ import annotations

import io

import pytest
from photo_samples import ORIENTATION, camera_jpeg, noise_jpeg
from PIL import Image

from field_app.i18n import Translator
from field_app.store.photos import LONG_EDGE, PhotoRefused, prepare_photo
from field_app.wire.records import ATTACHMENT_MAX_BYTES
from sync_server.settings import Settings


def _open(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def test_a_turned_camera_photo_comes_out_upright_smaller_and_without_exif() -> None:
    original = camera_jpeg(4000, 3000, orientation=6)
    ready = prepare_photo(original)
    picture = _open(ready.data)
    assert picture.format == "JPEG"
    # stored 4000x3000 with "turn 90° right": shown 3000 wide, 4000 high -> 1200x1600
    assert (picture.width, picture.height) == (1200, LONG_EDGE)
    assert (ready.width, ready.height) == (1200, LONG_EDGE)
    # the sensor's left half (red) is now the top half, the right (blue) the bottom
    top = picture.getpixel((600, 200))
    bottom = picture.getpixel((600, 1400))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[0] > top[2] and bottom[2] > bottom[0]
    # the turn is in the pixels: no EXIF tag left to turn it a second time, no phone model
    exif = picture.getexif()
    assert ORIENTATION not in exif and 0x010F not in exif
    assert 50_000 < len(ready.data) < 800_000 < len(original)


@pytest.mark.parametrize("orientation, size", [(1, (1600, 1200)), (3, (1600, 1200)),
                                                (8, (1200, 1600))])
def test_every_turn_is_applied(orientation: int, size: tuple[int, int]) -> None:
    picture = _open(prepare_photo(camera_jpeg(2000, 1500, orientation=orientation)).data)
    assert picture.size == size


def test_a_small_photo_is_not_made_bigger() -> None:
    picture = _open(prepare_photo(camera_jpeg(640, 480, orientation=1)).data)
    assert picture.size == (640, 480)


def test_a_10_mb_photo_is_reduced_under_the_wards_limit() -> None:
    big = noise_jpeg(4000, 3000)
    assert len(big) > 10 * 1024 * 1024
    ready = prepare_photo(big)
    assert len(ready.data) <= ATTACHMENT_MAX_BYTES
    assert max(_open(ready.data).size) <= LONG_EDGE


def test_a_photo_still_too_big_is_refused_with_a_sentence_that_says_so() -> None:
    with pytest.raises(PhotoRefused) as refused:
        prepare_photo(noise_jpeg(1600, 1200), limit=20_000)
    assert refused.value.reason == "too_large"
    sentence = Translator("vi")("pform.photo_too_large", name="IMG_0001.jpg")
    assert sentence.startswith("IMG_0001.jpg: ") and "5 MB" in sentence


@pytest.mark.parametrize("data", [b"", b"this is not a photo", b"\xff\xd8\xff\xe0" + b"\0" * 99])
def test_what_is_not_a_picture_is_refused(data: bytes) -> None:
    with pytest.raises(PhotoRefused) as refused:
        prepare_photo(data)
    assert refused.value.reason == "not_image"


def test_the_phone_and_the_ward_have_one_limit() -> None:
    assert Settings().max_attachment_size == ATTACHMENT_MAX_BYTES == 5 * 1024 * 1024
