"""Photos at phone size (issue #23): a 4000 px camera photo is attached, made smaller on the
phone, seen full-screen from the petition, and kept by the ward at a sensible size; a file
that is not a photo stays listed with its reason instead of vanishing."""

from __future__ import annotations

import io

import httpx
import pytest
from photo_samples import camera_jpeg
from PIL import Image
from playwright.sync_api import expect
from test_field_app_round_trip import enroll_phone

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]


def test_a_photo_is_made_smaller_seen_full_screen_and_reaches_the_ward(ward_server, phone):
    enroll_phone(phone, ward_server)
    phone.tap("home-new-petition")
    phone.fill("pf-title", "Ổ gà trước nhà số 14")
    phone.choose("pf-field", "Kinh tế")
    phone.choose("pf-category", "Giao thông - hạ tầng")
    original = camera_jpeg(4000, 3000, orientation=6)
    with phone.page.expect_file_chooser() as chooser:
        phone.tap("pf-add-photo")
    chooser.value.set_files([
        {"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": original},
        {"name": "hoa-don.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo at all"},
    ])
    phone.by_id("pf-photo-0").wait_for(timeout=60_000)
    phone.says("pf-photo-refused-0", "hoa-don.jpg: không đọc được tệp này như một bức ảnh")
    expect(phone.by_id("pf-photo-1")).to_have_count(0)
    phone.see("Đã đính kèm 1 ảnh")
    phone.reveal(phone.by_id("pf-photo-refused-0"))
    phone.shot("24_petition_photo_attached")
    # in a browser there is no geolocator: the button says so instead of doing nothing
    phone.tap("pf-gps")
    phone.says("pf-gps-says", "Máy này không lấy được vị trí GPS. Hãy ghi địa điểm bằng chữ.")
    phone.tap("pf-save")
    phone.says("petition-chips", "Chờ gửi")

    phone.tap("photo-0")
    view = phone.by_id("photo-view")
    view.wait_for()
    box = view.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 500  # the whole screen
    phone.shot("25_petition_photo_full_screen")
    phone.tap("photo-close")
    expect(phone.by_id("photo-view")).to_have_count(0)

    phone.settle()
    headers = {"Authorization": f"Bearer {ward_server.staff_token()}"}
    listing = httpx.get(f"{ward_server.url}/api/v1/petitions", headers=headers, timeout=30)
    body = listing.json()
    items = body["items"] if isinstance(body, dict) else body
    petition = next(p for p in items if p["title"] == "Ổ gà trước nhà số 14")
    assert len(petition["attachments"]) == 1
    photo = httpx.get(f"{ward_server.url}/api/v1/attachments/{petition['attachments'][0]}",
                      headers=headers, timeout=30)
    assert photo.status_code == 200
    assert 50_000 < len(photo.content) < 800_000 < len(original)
    assert Image.open(io.BytesIO(photo.content)).size == (1200, 1600)  # upright, 1600 px
