"""A lost phone: revoked by the ward, it forgets the citizens' personal data the ward
already has the next time it reaches the server, keeps what it has not sent, says why in
Vietnamese, and sends what it kept once the ward enrolls it again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine_faults import enrolled_phone, server_petitions

from field_app.sync.messages import message_for

SENT_NAME, SENT_PHONE = "Phạm Thị Xuân Hòa", "0912 345 678"
HEAD, HEAD_PHONE, ADDRESS = "Trịnh Văn Quyết", "0987 654 321", "Số 9 ngõ Hòe Nhai"
KEPT_NAME, KEPT_PHONE = "Đỗ Minh Khuê", "0901 222 333"


def _file_bytes(data_dir: Path) -> bytes:
    """Every byte the phone keeps on disk: the database, its WAL and journal."""
    return b"".join(p.read_bytes() for p in sorted(data_dir.rglob("*.sqlite3*")) if p.is_file())


def test_a_revoked_phone_forgets_what_the_ward_has_and_keeps_what_it_has_not_sent(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    folder = tmp_path / "lost"
    with enrolled_phone(live_server, ward.group_a.id, folder) as phone:
        home = phone.store.households.upsert(head_name=HEAD, address=ADDRESS, phone=HEAD_PHONE)
        sent = phone.store.petitions.create(
            field="economy", category="lighting", title="Đèn đường ngõ 12 hỏng",
            citizen_name=SENT_NAME, citizen_phone=SENT_PHONE, household_id=home.id)
        assert phone.sync_now().ok
        # the ward changes the record afterwards: the phone holds it as a pulled copy too
        assert as_staff.transition(sent.id, "accept").status_code == 200
        assert phone.sync_now().ok
        assert SENT_NAME.encode() in _file_bytes(folder)

        kept = phone.store.petitions.create(
            field="economy", category="environment", title="Rác đổ trộm cuối ngõ",
            citizen_name=KEPT_NAME, citizen_phone=KEPT_PHONE)
        device_id = phone.store.settings.enrollment.device_id  # type: ignore[union-attr]
        revoked = as_staff.post(f"/api/v1/devices/{device_id}/revoke")
        assert revoked.status_code == 200, revoked.text

        report = phone.sync_now()
        assert not report.ok and report.error_code == "auth.token_revoked"
        said = message_for(report.error_code, "vi")
        assert said.startswith("Điện thoại này đã bị phường thu hồi quyền")
        assert "chưa gửi vẫn được giữ" in said

        on_disk = _file_bytes(folder)
        for personal in (SENT_NAME, SENT_PHONE, HEAD, HEAD_PHONE, ADDRESS):
            assert personal.encode() not in on_disk, personal
        forgotten = phone.store.petitions.get(sent.id)
        assert forgotten is not None and forgotten.status == "accepted"
        assert (forgotten.citizen_name, forgotten.citizen_phone, forgotten.household_id) == (
            None, None, None)
        assert phone.store.petitions.list(query="xuan hoa") == []
        house = phone.store.households.get(home.id)
        assert house is not None and (house.head_name, house.address, house.phone) == (
            "", "", None)
        # what the ward never got stays, and waits
        waiting = phone.store.petitions.get(kept.id)
        assert waiting is not None and waiting.citizen_name == KEPT_NAME
        assert KEPT_NAME.encode() in on_disk
        assert phone.store.outbox.counts().waiting == 1

        # enrolled again: the kept petition goes; the ward's copy of the first is untouched
        phone.enroll(live_server.url, live_server.enroll_code(ward.group_a.id),
                     device_name="Máy tổ")
        assert phone.sync_now().ok
        on_server = {p["id"]: p for p in server_petitions(as_staff, ward.group_a.id)}
        assert on_server[kept.id]["title"] == "Rác đổ trộm cuối ngõ"
        assert phone.store.outbox.counts().waiting == 0
        full = as_staff.get(f"/api/v1/petitions/{sent.id}", params={"personal": "true"}).json()
        assert full["citizen_name"] == SENT_NAME
        shown = as_staff.get(f"/api/v1/petitions/{kept.id}", params={"personal": "true"}).json()
        assert shown["citizen_name"] == KEPT_NAME


def test_a_revoked_phone_forgets_the_attendees_the_ward_has_and_sends_its_unsent_meeting(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    folder = tmp_path / "lost"
    with enrolled_phone(live_server, ward.group_a.id, folder) as phone:
        sent = phone.store.dialogues.create_meeting(
            title="Họp tổ tháng 11", attendees=[SENT_NAME, HEAD], minutes="Bàn việc đèn")
        assert phone.sync_now().ok
        phone.store.drafts.save(f"meeting:{sent.id}", {"attendees": f"{SENT_NAME}\n{HEAD}"})
        unsent = phone.store.dialogues.create_meeting(title="Họp bất thường",
                                                      attendees=[KEPT_NAME])
        device_id = phone.store.settings.enrollment.device_id  # type: ignore[union-attr]
        assert as_staff.post(f"/api/v1/devices/{device_id}/revoke").status_code == 200

        report = phone.sync_now()
        assert not report.ok and report.error_code == "auth.token_revoked"
        on_disk = _file_bytes(folder)
        for personal in (SENT_NAME, HEAD):
            assert personal.encode() not in on_disk, personal
        forgotten = phone.store.dialogues.get(sent.id)
        assert forgotten is not None and forgotten.attendees == []
        assert forgotten.minutes == "Bàn việc đèn"  # the meeting's content stays
        assert phone.store.drafts.get(f"meeting:{sent.id}") is None
        waiting = phone.store.dialogues.get(unsent.id)
        assert waiting is not None and waiting.attendees == [KEPT_NAME]
        assert phone.store.outbox.counts().waiting == 1

        phone.enroll(live_server.url, live_server.enroll_code(ward.group_a.id),
                     device_name="Máy tổ")
        assert phone.sync_now().ok
        kept = as_staff.get(f"/api/v1/dialogues/{unsent.id}").json()
        assert kept["attendees"] == [KEPT_NAME]
        ward_copy = as_staff.get(f"/api/v1/dialogues/{sent.id}").json()
        assert ward_copy["attendees"] == [SENT_NAME, HEAD]  # the ward's copy is untouched
        again = phone.store.dialogues.get(sent.id)
        assert again is not None and again.attendees == [SENT_NAME, HEAD]
