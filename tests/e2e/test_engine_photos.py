"""Photos taken at the doorstep reach the ward with the petition, once, and other phones of
the group can open them."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from engine_faults import FaultyNetwork, enrolled_phone

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
