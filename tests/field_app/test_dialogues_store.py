"""The group records its meetings; the ward publishes its monthly dialogue day."""

from __future__ import annotations

import uuid
from datetime import date

from phone_pages import page

from field_app.store import LocalStore, next_ward_dialogue_date
from field_app.wire.protocol import Change


def ward_day(on: str) -> Change:
    sid = str(uuid.uuid4())
    return Change(entity="dialogue_session", id=sid, op="upsert", version=1, data={
        "id": sid, "scope": "ward", "group_id": None, "kind": "ward_dialogue_day",
        "title": "Đối thoại với Nhân dân", "scheduled_on": on, "place": "Hội trường phường"})


def test_the_next_ward_dialogue_day_and_past_sessions(store: LocalStore) -> None:
    october, november, december = ward_day("2026-10-15"), ward_day("2026-11-15"), \
        ward_day("2026-12-15")
    store.replica.apply_page(page(october, december, november))
    today = date(2026, 11, 20)
    upcoming = store.dialogues.upcoming_ward_dialogue(today=today)
    assert upcoming is not None and upcoming.id == december.id
    assert [s.id for s in store.dialogues.past_sessions(today=today)] == [november.id,
                                                                          october.id]
    assert next_ward_dialogue_date(date(2026, 12, 16)) == date(2027, 1, 15)
    assert next_ward_dialogue_date(date(2026, 12, 15)) == date(2026, 12, 15)


def test_a_group_meeting_with_attendance_minutes_petitions_and_commitments(
        store: LocalStore) -> None:
    pid = store.petitions.create(field="economy", category="environment",
                                 title="Rác tồn đọng đầu ngõ").id
    meeting = store.dialogues.create_meeting(
        title="Họp tổ tháng 11", scheduled_on=date(2026, 11, 18), place="Nhà văn hóa TDP 5",
        chair="Ông Lê Văn Tám", attendance_count=42, agenda=["Vệ sinh môi trường"],
        petition_ids=[pid],
        commitments=[{"text": "Thu gom rác đầu ngõ", "owner": "Tổ trưởng",
                      "due_date": "2026-11-30"}])
    store.dialogues.update(meeting.id, minutes="Thống nhất ra quân dọn vệ sinh Chủ nhật.")
    row = store.dialogues.get(meeting.id)
    assert row is not None
    assert (row.attendance_count, row.minutes, row.sync_state) == (
        42, "Thống nhất ra quân dọn vệ sinh Chủ nhật.", "pending")
    assert [p.id for p in store.dialogues.petitions_raised(meeting.id)] == [pid]
    [(session, commitment)] = store.dialogues.open_commitments()
    assert (session.id, commitment.text) == (meeting.id, "Thu gom rác đầu ngõ")
    assert [s.id for s in store.dialogues.group_meetings()] == [meeting.id]
