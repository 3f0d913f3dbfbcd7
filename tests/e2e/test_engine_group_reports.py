"""A group leader fills the month's report on the phone from the group's own records,
writes what the people say, and sends it offline; it syncs; sent again it replaces the
first; once the ward closes the month a further send is refused in Vietnamese and the
rest of the queue still goes out. The Home reminder of the period's giao ban."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from engine_faults import enrolled_phone
from sqlmodel import Session

from sync_server.services import group_reports


def test_the_monthly_report_is_filled_from_the_groups_records_sent_replaced_and_closed(
        live_server: Any, ward: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "phone") as phone:
        store = phone.store
        nov = datetime(2026, 11, 10, 3, 0, tzinfo=UTC)
        for title in ("Đèn ngõ 12 hỏng", "Cống ngõ 5 tắc"):
            store.petitions.create(field="economy", category="infrastructure", title=title,
                                   received_at=nov)
        store.petitions.create(field="economy", category="infrastructure",
                               title="Tháng trước", received_at=datetime(2026, 10, 3, tzinfo=UTC))
        store.dialogues.create_meeting(title="Họp tổ tháng 11", held_at=nov,
                                       attendance_count=42)
        house = store.households.upsert(head_name="Nguyễn Văn An")
        campaign = store.contributions.create_campaign(title="Đèn ngõ")
        store.contributions.record(campaign_id=campaign.id, household_id=house.id,
                                   entry_type="receipt", kind="money_vnd", quantity=500000,
                                   recorded_on=date(2026, 11, 12))
        store.contributions.record(campaign_id=campaign.id, household_id=house.id,
                                   entry_type="pledge", kind="money_vnd", quantity=900000,
                                   recorded_on=date(2026, 11, 12))
        model = store.models.register(name="Ngõ sáng", field="economy", year=2026)
        store.models.propose(model.id)

        reports = store.group_reports
        figures = reports.figures("2026-11")
        assert figures["petitions_received"] == 2
        assert (figures["meetings"], figures["attendance"]) == (1, 42)
        assert (figures["contributions_count"], figures["contributions_vnd"]) == (1, 500000)
        assert (figures["models_total"], figures["models_proposed"]) == (1, 1)

        sent = reports.submit("2026-11", mood="Nhân dân phấn khởi",
                              hot_issues="Ngập ở ngõ 5", proposals="Nạo vét cống")
        assert sent.sync_state == "pending" and sent.figures == figures
        assert phone.sync_now().ok
        again = reports.submit("2026-11", mood="Bà con lo ngập nước",
                               hot_issues="Ngập ở ngõ 5", proposals="Nạo vét cống")
        assert again.id == sent.id
        assert phone.sync_now().ok
        synced = reports.for_month("2026-11")
        assert synced is not None and synced.sync_state == "synced" and synced.version > 0
        with Session(live_server.app.state.engine) as s:
            line = {x.group_id: x for x in
                    group_reports.month_view(s, ward.id, "2026-11").lines}[ward.group_a.id]
        assert line.report is not None and line.report["mood"] == "Bà con lo ngập nước"
        assert line.report["figures"]["petitions_received"] == 2

        live_server.as_ward(ward.id, lambda ctx: group_reports.close_month(ctx, "2026-11"))
        reports.submit("2026-11", mood="Sửa sau khi khóa sổ")
        later = store.petitions.create(field="economy", category="infrastructure",
                                       title="Sau khi khóa sổ", received_at=nov)
        phone.sync_now()
        refused = reports.for_month("2026-11")
        assert refused is not None and refused.sync_state == "rejected"
        assert "khóa sổ" in (refused.sync_message or "")
        assert "group_report" not in (refused.sync_message or "")
        after = store.petitions.get(later.id)
        assert after is not None and after.sync_state == "synced"  # the queue moved on


def test_the_home_reminds_the_leader_of_the_periods_giao_ban(
        live_server: Any, ward: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "phone") as phone:
        live_server.as_ward(ward.id, lambda ctx: group_reports.set_policy(
            ctx, deadline_day=5, briefing_cadence="quarterly"))
        assert phone.sync_now().ok
        reports = phone.store.group_reports
        assert reports.briefing_cadence() == "quarterly"
        assert reports.briefing_missing(date(2026, 11, 20)) == "Quý 4/2026"
        phone.store.dialogues.create_meeting(kind="briefing", title="Giao ban quý 4",
                                             scheduled_on=date(2026, 10, 15))
        assert reports.briefing_missing(date(2026, 11, 20)) is None
        assert reports.briefing_missing(date(2027, 1, 5)) == "Quý 1/2027"
