"""Privacy: a staff member's look at a citizen's name and phone is written to the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from sync_server.models.tables import audit_t


def test_reading_a_petition_with_a_citizen_is_audited(live_server: Any, ward: Any,
                                                      a_device_of: Any, as_staff: Any) -> None:
    phone = a_device_of(ward.group_a)
    pid = phone.create_petition(title="Đèn đường hỏng", citizen_name="Nguyễn Văn An",
                                citizen_phone="0912345678")

    hidden = as_staff.petition(pid)
    with live_server.session() as session:
        before = session.execute(select(audit_t).where(audit_t.c.entity_id == pid)).all()
    shown = as_staff.get(f"/api/v1/petitions/{pid}", params={"personal": "true"}).json()

    assert (hidden["citizen_name"], hidden["citizen_phone"]) == (None, None)
    assert before == []
    assert (shown["citizen_name"], shown["citizen_phone"]) == ("Nguyễn Văn An", "0912345678")
    with live_server.session() as session:
        rows = session.execute(select(audit_t).where(audit_t.c.entity_id == pid)).all()
    assert [(r.action, r.entity) for r in rows] == [("petition.view_personal", "petition")]
    assert rows[0].ward_id == ward.id


def test_an_anonymous_petition_leaves_no_audit_row(live_server: Any, ward: Any,
                                                   a_device_of: Any, as_staff: Any) -> None:
    phone = a_device_of(ward.group_a)
    pid = phone.create_petition(title="Rác thải tồn đọng", anonymous=True)

    as_staff.get(f"/api/v1/petitions/{pid}", params={"personal": "true"})

    with live_server.session() as session:
        rows = session.execute(select(audit_t).where(audit_t.c.entity_id == pid)).all()
    assert rows == []
