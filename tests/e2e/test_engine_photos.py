"""Photos taken at the doorstep reach the ward with the petition, once, and other phones of
the group can open them."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import httpx
from engine_faults import FaultyNetwork, enrolled_phone
from photo_samples import camera_jpeg
from PIL import Image

from field_app.store.photos import prepare_photo

# a 1x1 PNG, as a camera would save a (very small) photo
PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def test_a_photo_travels_with_its_petition_once_and_opens_on_another_phone(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    network = FaultyNetwork()
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader", network) as leader:
        sha = leader.store.attachments.save(PHOTO)
        not_an_image = leader.store.attachments.save(b"this is not a photo")
        pid = leader.store.petitions.create(field="economy", category="infrastructure",
                                            title="Ổ gà trước nhà số 14",
                                            attachments=[sha, not_an_image]).id
        assert leader.sync_now().ok
        staff_copy = as_staff.get(f"/api/v1/attachments/{sha}")
        assert staff_copy.status_code == 200 and staff_copy.content == PHOTO
        assert as_staff.petition(pid)["attachments"] == [sha, not_an_image]
        assert leader.store.attachments.state(sha) == "sent"
        assert leader.store.attachments.state(not_an_image) == "refused"  # the petition went

        leader.store.petitions.update(pid, description="Ảnh chụp sáng nay")
        assert leader.sync_now().ok
        uploads = [p for p in network.seen if p.startswith("/api/v1/attachments/")]
        assert sorted(uploads) == sorted([f"/api/v1/attachments/{not_an_image}",
                                          f"/api/v1/attachments/{sha}"])  # each once

        with enrolled_phone(live_server, ward.group_a.id, tmp_path / "secretary") as other:
            assert other.sync_now().ok
            row = other.store.petitions.get(pid)
            assert row is not None and row.attachments == [sha, not_an_image]
            assert not other.store.attachments.has(sha)
            opened = other.fetch_attachment(sha)
            assert opened is not None and opened.read_bytes() == PHOTO
            assert other.fetch_attachment(not_an_image) is None


def test_a_camera_photo_reaches_the_ward_small_and_shows_on_the_console(
        live_server_factory: Any, tmp_path: Path) -> None:
    """A 4000 px camera photo, made smaller as the phone's form does, is what the ward
    keeps (well under its limit, upright) and what the console's petition page shows, with
    the GPS position linked to a map."""
    server = live_server_factory(mount_console=True)
    ward = server.seed_ward()
    original = camera_jpeg(4000, 3000, orientation=6)
    with enrolled_phone(server, ward.group_a.id, tmp_path / "leader") as leader:
        sha = leader.store.attachments.save(prepare_photo(original).data)
        pid = leader.store.petitions.create(field="economy", category="infrastructure",
                                            title="Ổ gà trước nhà số 14", attachments=[sha],
                                            lat=21.02851, lon=105.8542).id
        assert leader.sync_now().ok
        assert leader.store.attachments.state(sha) == "sent"

    with httpx.Client(base_url=server.url, follow_redirects=True) as officer:
        signed_in = officer.post("/console/login", data={
            "username": ward.staff_username, "password": ward.staff_password})
        assert signed_in.status_code == 200
        page = officer.get(f"/console/petitions/{pid}")
        assert page.status_code == 200
        address = f"/console/petitions/{pid}/photos/{sha}"
        assert f'src="{address}"' in page.text
        # the place the phone's GPS gave, linked to a map
        assert "openstreetmap.org/?mlat=21.02851&amp;mlon=105.8542" in page.text
        photo = officer.get(address)
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    assert 50_000 < len(photo.content) < 800_000 < len(original)
    assert Image.open(io.BytesIO(photo.content)).size == (1200, 1600)  # upright
