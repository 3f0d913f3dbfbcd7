"""A group leader logs a petition offline, syncs, and later sees the ward's answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from engine_faults import enrolled_phone, server_petitions

from field_app.store import LocalStore, PendingChangesError
from field_app.sync import SyncEngine, SyncError, SyncState, message_for


def test_logged_offline_answered_by_the_ward_reported_back(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "phone") as phone:
        assert phone.store.settings.group_id == ward.group_a.id
        logged = phone.store.petitions.create(
            field="economy", category="lighting", title="Đèn đường ngõ 12 hỏng",
            description="Tối om hơn hai tuần", citizen_name="Nguyễn Văn Hùng")
        assert phone.status.current.waiting == 1

        first = phone.sync_now()
        assert first.ok and first.pushed == 1
        assert phone.status.current.state == SyncState.IDLE
        assert phone.status.current.waiting == 0
        mine = phone.store.petitions.get(logged.id)
        assert mine is not None and (mine.sync_state, mine.version > 0) == ("synced", True)

        on_server = as_staff.petition(logged.id)
        assert on_server["title"] == "Đèn đường ngõ 12 hỏng"
        assert on_server["group_id"] == ward.group_a.id
        assert as_staff.transition(logged.id, "accept", assigned_unit="Điện lực",
                                   due_date="2026-12-01").status_code == 200
        assert as_staff.transition(logged.id, "answer",
                                   answer="Đã thay bóng đèn ngày 20/11.").status_code == 200

        assert phone.sync_now().ok
        answered = phone.store.petitions.get(logged.id)
        assert answered is not None
        assert (answered.status, answered.answer, answered.assigned_unit) == (
            "answered", "Đã thay bóng đèn ngày 20/11.", "Điện lực")
        assert [p.id for p in phone.store.petitions.list_awaiting_report_back()] == [logged.id]

        phone.store.petitions.report_back(logged.id, citizen_satisfied=True,
                                          note="Ông Hùng cảm ơn phường")
        assert phone.sync_now().ok
        final = as_staff.petition(logged.id)
        assert (final["status"], final["citizen_satisfied"]) == ("reported_back", True)
        assert phone.store.petitions.list_awaiting_report_back() == []
        assert len(server_petitions(as_staff, ward.group_a.id)) == 1


def test_households_campaign_and_ledger_reach_the_ward_and_a_second_phone(
        live_server: Any, ward: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader:
        ledger = leader.store.contributions
        lan = leader.store.households.upsert(head_name="Trần Thị Lan", address="Số 2 ngõ 7")
        road = ledger.create_campaign(title="Bê tông hóa đường nội khối",
                                      target={"money_vnd": 150_000_000})
        ledger.record(campaign_id=road.id, household_id=lan.id, entry_type="pledge",
                      kind="money_vnd", quantity=3_000_000)
        wrong = ledger.record(campaign_id=road.id, household_id=lan.id, entry_type="receipt",
                              kind="money_vnd", quantity=6_000_000)
        ledger.reverse(wrong.id, note="Nhập nhầm")
        ledger.record(campaign_id=road.id, household_id=lan.id, entry_type="receipt",
                      kind="money_vnd", quantity=600_000, receipt_no="PT-001")
        meeting = leader.store.dialogues.create_meeting(title="Họp tổ tháng 11",
                                                        attendance_count=40)
        report = leader.sync_now()
        assert report.ok, report
        assert (report.pushed, report.rejected) == (7, 0)

        with enrolled_phone(live_server, ward.group_a.id, tmp_path / "secretary") as other:
            assert other.sync_now().ok
            totals = other.store.contributions.totals(road.id)["money_vnd"]
            assert (totals.pledged, totals.received, totals.target) == (
                3_000_000, 600_000, 150_000_000)
            household = other.store.households.get(lan.id)
            assert household is not None and household.head_name == "Trần Thị Lan"
            seen_meeting = other.store.dialogues.get(meeting.id)
            assert seen_meeting is not None and seen_meeting.attendance_count == 40


def test_the_status_reports_progress_to_subscribers(
        live_server: Any, ward: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "phone") as phone:
        for n in range(3):
            phone.store.petitions.create(field="economy", category="other", title=f"Việc {n}")
        seen: list[Any] = []
        unsubscribe = phone.status.subscribe(seen.append)
        assert phone.sync_now().ok
        unsubscribe()
        states = [s.state for s in seen]
        assert SyncState.SYNCING in states and states[-1] == SyncState.IDLE
        assert max(s.sent for s in seen) == 3
        assert seen[-1].last_success_at is not None and seen[-1].waiting == 0


def test_a_wrong_code_is_refused_with_a_message(live_server: Any, ward: Any,
                                                tmp_path: Path) -> None:
    engine = SyncEngine(LocalStore.open(tmp_path / "phone"))
    with pytest.raises(SyncError) as refused:
        engine.enroll(live_server.url, "SAI-MA-0000")
    assert refused.value.code == "enroll.code_invalid"
    assert "Mã đăng ký" in message_for(refused.value.code, "vi")
    assert engine.store.settings.enrollment is None
    report = engine.sync_now()
    assert (report.ok, report.error_code) == (False, "device.not_enrolled")
    engine.store.close()


def test_signing_out_refuses_to_drop_unsent_writes_unless_forced(
        live_server: Any, ward: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "phone") as phone:
        phone.store.petitions.create(field="economy", category="other", title="Chưa gửi")
        with pytest.raises(PendingChangesError):
            phone.sign_out()
        with pytest.raises(PendingChangesError):  # another group's code: same protection
            phone.enroll(live_server.url, live_server.enroll_code(ward.group_b.id))
        assert phone.store.settings.group_id == ward.group_a.id
        phone.sign_out(force=True)
        assert phone.store.settings.enrollment is None
        assert phone.store.petitions.list() == []
        assert (phone.status.current.enrolled, phone.status.current.waiting) == (False, 0)


def test_a_replaced_token_for_the_same_group_keeps_and_sends_unsent_writes(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "phone") as phone:
        assert phone.sync_now().ok
        kept = phone.store.petitions.create(field="economy", category="other",
                                            title="Viết trước khi đăng ký lại").id
        phone.enroll(live_server.url, live_server.enroll_code(ward.group_a.id))
        assert [e.device_seq for e in phone.store.outbox.pending()] == [1]
        assert phone.sync_now().ok
        assert [p["id"] for p in server_petitions(as_staff, ward.group_a.id)] == [kept]


def test_a_revoked_phone_stops_syncing_keeps_its_writes_and_says_why(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "phone") as phone:
        assert phone.sync_now().ok
        device_id = phone.store.settings.enrollment.device_id  # type: ignore[union-attr]
        revoked = as_staff.post(f"/api/v1/devices/{device_id}/revoke")
        assert revoked.status_code == 200, revoked.text
        phone.store.petitions.create(field="economy", category="other", title="Sau khi mất máy")
        report = phone.sync_now()
        assert (report.ok, report.error_code) == (False, "auth.token_revoked")
        status = phone.status.current
        assert (status.state, status.waiting) == (SyncState.ERROR, 1)
        assert "thu hồi" in (status.error_message("vi") or "")
        assert server_petitions(as_staff, ward.group_a.id) == []
