"""Two phones of one group and the ward staff change the same things: every phone converges to
the server's view, conflicts are shown per record, and no one's words are lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine_faults import enrolled_phone, server_petitions

from field_app.sync import SyncEngine


def petition_view(phone: SyncEngine) -> dict[str, tuple[int, str, str]]:
    return {p.id: (p.version, p.title, p.status)
            for p in phone.store.petitions.list(limit=None)}


def test_two_phones_of_one_group_converge_and_another_group_sees_nothing(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader, \
            enrolled_phone(live_server, ward.group_a.id, tmp_path / "secretary") as secretary, \
            enrolled_phone(live_server, ward.group_b.id, tmp_path / "neighbour") as neighbour:
        a = leader.store.petitions.create(field="economy", category="lighting",
                                          title="Đèn ngõ 5 hỏng").id
        b = secretary.store.petitions.create(field="economy", category="environment",
                                             title="Cống ngõ 9 tắc").id
        secretary.store.households.upsert(head_name="Vũ Văn Nam", address="Số 1 ngõ 9")
        for phone in (leader, secretary, leader, neighbour):
            assert phone.sync_now().ok
        assert as_staff.transition(a, "accept").status_code == 200
        leader.store.petitions.add_note(b, "Tổ trưởng đã xuống xem")
        for phone in (leader, secretary, leader):
            assert phone.sync_now().ok

        assert petition_view(leader) == petition_view(secretary)
        assert set(petition_view(leader)) == {a, b}
        assert petition_view(leader)[a][2] == "accepted"
        server = {p["id"]: p["version"] for p in server_petitions(as_staff, ward.group_a.id)}
        assert {pid: view[0] for pid, view in petition_view(secretary).items()} == server
        notes = [e.text for e in secretary.store.petitions.get(b).timeline  # type: ignore[union-attr]
                 if e.kind == "note"]
        assert notes == ["Tổ trưởng đã xuống xem"]
        assert [h.head_name for h in leader.store.households.list()] == ["Vũ Văn Nam"]
        assert petition_view(neighbour) == {}
        assert neighbour.store.households.list() == []


def test_the_same_title_edited_on_two_phones_shows_a_conflict_and_keeps_both_words(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader, \
            enrolled_phone(live_server, ward.group_a.id, tmp_path / "secretary") as secretary:
        pid = leader.store.petitions.create(field="economy", category="lighting",
                                            title="Đèn đường hỏng").id
        assert leader.sync_now().ok and secretary.sync_now().ok
        # both offline, both correct the title
        leader.store.petitions.update(pid, title="Đèn đường ngõ 5 hỏng")
        secretary.store.petitions.update(pid, title="Đèn ngõ 5 hỏng 2 bóng",
                                         location_text="Ngõ 5")
        assert leader.sync_now().ok
        report = secretary.sync_now()
        assert (report.ok, report.conflicts) == (True, 1)

        mine = secretary.store.petitions.get(pid)
        assert mine is not None
        assert (mine.sync_state, mine.conflict_fields) == ("conflict", ["title"])
        assert mine.title == "Đèn đường ngõ 5 hỏng"  # the server's value, shown to the user
        assert mine.location_text == "Ngõ 5"  # the field nobody else touched went through
        conflict_notes = [e.text for e in mine.timeline if e.kind == "conflict"]
        assert len(conflict_notes) == 1 and "Đèn ngõ 5 hỏng 2 bóng" in conflict_notes[0]
        [kept] = secretary.store.outbox.kept()
        assert (kept.state, kept.fields, kept.args["title"]) == (
            "conflict", ["title"], "Đèn ngõ 5 hỏng 2 bóng")
        assert secretary.status.current.conflicts == 1

        secretary.store.outbox.dismiss(kept.mutation_id)
        after = secretary.store.petitions.get(pid)
        assert after is not None and after.sync_state == "synced"
        assert leader.sync_now().ok
        assert petition_view(leader) == petition_view(secretary)


def test_a_phone_editing_its_own_unsent_edit_is_no_conflict(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader:
        pid = leader.store.petitions.create(field="economy", category="lighting",
                                            title="Đèn hỏng").id
        assert leader.sync_now().ok
        leader.store.petitions.update(pid, title="Đèn ngõ 5 hỏng")
        leader.store.petitions.update(pid, title="Đèn ngõ 5 hỏng hai bóng")
        report = leader.sync_now()
        assert (report.ok, report.conflicts, report.rejected) == (True, 0, 0)
        assert as_staff.petition(pid)["title"] == "Đèn ngõ 5 hỏng hai bóng"
        row = leader.store.petitions.get(pid)
        assert row is not None and (row.title, row.sync_state) == ("Đèn ngõ 5 hỏng hai bóng",
                                                                   "synced")


def test_minutes_edited_by_the_phone_and_by_ward_staff_conflict_without_loss(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader:
        meeting = leader.store.dialogues.create_meeting(
            title="Họp tổ tháng 11", minutes="Bàn việc bê tông hóa ngõ 7.")
        assert leader.sync_now().ok
        base = as_staff.get(f"/api/v1/dialogues/{meeting.id}").json()["version"]
        leader.store.dialogues.update(meeting.id, minutes="Bàn việc bê tông hóa ngõ 7. "
                                      "40 hộ đồng ý góp 3 triệu đồng.", attendance_count=41)
        staff_edit = as_staff.patch(f"/api/v1/dialogues/{meeting.id}", json={
            "minutes": "Biên bản đã được phường chỉnh sửa.", "base_version": base})
        assert staff_edit.status_code == 200, staff_edit.text

        report = leader.sync_now()
        assert (report.ok, report.conflicts) == (True, 1)
        row = leader.store.dialogues.get(meeting.id)
        assert row is not None
        assert (row.sync_state, row.conflict_fields) == ("conflict", ["minutes"])
        assert row.minutes == "Biên bản đã được phường chỉnh sửa."
        assert row.attendance_count == 41
        [kept] = leader.store.outbox.kept()
        assert "40 hộ đồng ý góp 3 triệu đồng." in kept.args["minutes"]


def test_withdrawing_after_the_ward_answered_is_rejected_and_shown_on_the_record(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader:
        pid = leader.store.petitions.create(field="economy", category="lighting",
                                            title="Đèn ngõ 2 hỏng").id
        assert leader.sync_now().ok
        leader.store.petitions.withdraw(pid, note="Ông Tư rút đơn")
        later = leader.store.petitions.create(field="economy", category="other",
                                              title="Xin thêm ghế đá").id
        assert as_staff.transition(pid, "accept").status_code == 200
        assert as_staff.transition(pid, "answer", answer="Đã sửa xong.").status_code == 200

        report = leader.sync_now()
        assert (report.ok, report.rejected) == (True, 1)
        row = leader.store.petitions.get(pid)
        assert row is not None
        assert (row.status, row.sync_state, row.sync_code) == (
            "answered", "rejected", "petition.invalid_transition")
        assert row.sync_message
        # the queue did not wedge: the write after the rejected one went through
        assert later in {p["id"] for p in server_petitions(as_staff, ward.group_a.id)}
        assert leader.store.outbox.counts().waiting == 0
