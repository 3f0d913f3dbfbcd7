"""A citizen's personal data erased by the ward head leaves the server, the API, new
exports and the databases of every phone that held it; the petition and its figures stay."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from engine_faults import enrolled_phone
from sqlalchemy import select

from field_app.wire.formats import utcnow
from sync_server.models.tables import household_t, petition_t
from sync_server.services import privacy_register
from sync_server.services.privacy_erase import erase_holdings
from sync_server.services.privacy_find import find_person

NAME, PHONE, ADDRESS = "Phạm Thị Xuân Hòa", "0912 345 678", "Số 9 ngõ Hòe Nhai"


def _file_bytes(data_dir: Path) -> bytes:
    """Every byte the phone keeps on disk: the database, its WAL and journal."""
    return b"".join(p.read_bytes() for p in sorted(data_dir.rglob("*.sqlite3*")) if p.is_file())


def _erase(live_server: Any, ward_id: str, text: str) -> Any:
    with live_server.session() as s:
        held = find_person(s, ward_id=ward_id, text=text)
        return held, erase_holdings(s, ward_id=ward_id, actor="Trưởng khối", holdings=held)


def test_an_erased_citizen_is_gone_from_the_server_and_both_phones(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader, \
            enrolled_phone(live_server, ward.group_a.id, tmp_path / "member") as member:
        home = leader.store.households.upsert(head_name=NAME, address=ADDRESS, phone=PHONE)
        logged = leader.store.petitions.create(
            field="economy", category="lighting", title="Đèn đường ngõ 12 hỏng",
            description="Tối om hơn hai tuần", citizen_name=NAME, citizen_phone=PHONE,
            household_id=home.id)
        assert leader.sync_now().ok and member.sync_now().ok
        assert as_staff.transition(logged.id, "accept").status_code == 200
        assert leader.sync_now().ok and member.sync_now().ok
        mine = member.store.petitions.get(logged.id)
        assert mine is not None and mine.citizen_name == NAME
        assert NAME.encode() in _file_bytes(tmp_path / "member")
        before = as_staff.get("/api/v1/petitions", params={"status": "accepted"}).json()["total"]

        held, done = _erase(live_server, ward.id, "hoa")  # no diacritics, one word
        assert [p["id"] for p in held.petitions] == [logged.id]
        assert [h["id"] for h in held.households] == [home.id]
        assert (done.petitions, done.households) == ([logged.id], [home.id])

        with live_server.session() as s:
            row = s.execute(select(petition_t).where(petition_t.c.id == logged.id)).one()
            house = s.execute(select(household_t).where(household_t.c.id == home.id)).one()
        assert (row.citizen_name, row.citizen_phone, row.household_id) == (None, None, None)
        assert row.erased_at is not None and "hoa" not in row.search_text
        assert (row.title, row.status) == ("Đèn đường ngõ 12 hỏng", "accepted")
        assert (house.head_name, house.address, house.phone, house.search_text) == ("", "", None,
                                                                                    "")
        shown = as_staff.get(f"/api/v1/petitions/{logged.id}", params={"personal": "true"})
        assert shown.json()["citizen_name"] is None and shown.json()["erased_at"]
        after = as_staff.get("/api/v1/petitions", params={"status": "accepted"}).json()["total"]
        assert after == before == 1
        found = as_staff.get("/api/v1/petitions", params={"q": "Xuân Hòa"}).json()["total"]
        assert found == 0

        assert leader.sync_now().ok and member.sync_now().ok
        for phone, folder in ((leader, "leader"), (member, "member")):
            petition = phone.store.petitions.get(logged.id)
            assert petition is not None
            assert (petition.citizen_name, petition.citizen_phone, petition.household_id) == (
                None, None, None)
            assert petition.erased_at is not None and petition.status == "accepted"
            household = phone.store.households.get(home.id)
            assert household is not None and (household.head_name, household.phone) == ("",
                                                                                       None)
            raw = _file_bytes(tmp_path / folder)
            # the phone number as typed and as digits only: a shorter piece of it (such as
            # "0912") turns up by chance among the random digits of the files' ids and
            # timestamps (50 to 60 different four-digit runs: about one run in two hundred)
            for secret in (NAME, PHONE, PHONE.replace(" ", ""), ADDRESS, "Xuân Hòa"):
                assert secret.encode() not in raw, (folder, secret)
            with sqlite3.connect(tmp_path / folder / "field_app.sqlite3") as conn:
                args = " ".join(r[0] for r in conn.execute("SELECT args FROM outbox"))
            assert NAME not in args


def test_a_phone_that_had_not_seen_the_erasure_cannot_bring_the_name_back(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader:
        logged = leader.store.petitions.create(field="economy", category="other",
                                               title="Cống tắc", citizen_name=NAME)
        assert leader.sync_now().ok
        _erase(live_server, ward.id, NAME)
        leader.store.petitions.update(logged.id, citizen_name=NAME, title="Cống tắc ngõ 3")
        assert leader.sync_now().ok
        on_server = as_staff.get(f"/api/v1/petitions/{logged.id}",
                                 params={"personal": "true"}).json()
        assert (on_server["citizen_name"], on_server["title"]) == (None, "Cống tắc ngõ 3")
        assert NAME not in str(on_server["timeline"])
        assert NAME.encode() not in _file_bytes(tmp_path / "leader")


def test_retention_erases_petitions_closed_longer_ago_than_the_ward_keeps_them(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader:
        old = leader.store.petitions.create(field="economy", category="other",
                                            title="Xong từ lâu", citizen_name=NAME)
        still_open = leader.store.petitions.create(field="economy", category="other",
                                                   title="Còn mở", citizen_name=NAME)
        assert leader.sync_now().ok
        for action in ("accept", "answer", "close"):
            fields = {"answer": "Đã xử lý."} if action == "answer" else {}
            assert as_staff.transition(old.id, action, **fields).status_code == 200
        with live_server.session() as s:
            assert privacy_register.run_retention(s, ward_id=ward.id)[0].petitions == []
            later = utcnow() + timedelta(days=5 * 366)
            result = privacy_register.run_retention(s, now=later, ward_id=ward.id)
        assert (result[0].years, result[0].petitions) == (5, [old.id])
        assert leader.sync_now().ok
        closed = leader.store.petitions.get(old.id)
        open_one = leader.store.petitions.get(still_open.id)
        assert closed is not None and closed.citizen_name is None and closed.status == "closed"
        assert open_one is not None and open_one.citizen_name == NAME


def test_an_erased_attendee_leaves_the_meeting_on_the_server_and_on_both_phones(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    other, late = "Lê Văn Tám", "Đỗ Minh Khuê"
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader, \
            enrolled_phone(live_server, ward.group_a.id, tmp_path / "member") as member:
        meeting = leader.store.dialogues.create_meeting(
            title="Họp tổ tháng 12", attendees=[NAME, other], minutes="Bàn việc đèn ngõ 12")
        assert leader.sync_now().ok and member.sync_now().ok
        # the leader corrects the meeting offline; the member has the form half typed
        leader.store.dialogues.update(meeting.id, attendees=[NAME, other, late],
                                      minutes="Bàn việc đèn ngõ 12 và rác")
        member.store.drafts.save(f"meeting:{meeting.id}",
                                 {"attendees": f"{NAME}\n{other}", "minutes": "Bàn"})

        held, done = _erase(live_server, ward.id, "Xuân Hòa")
        assert [d["id"] for d in held.dialogues] == [meeting.id]
        assert done.dialogues == [meeting.id]

        # the leader's edit was made before it heard of the erasure: the name stays out
        assert leader.sync_now().ok and member.sync_now().ok
        on_server = as_staff.get(f"/api/v1/dialogues/{meeting.id}").json()
        assert on_server["attendees"] == [other]
        assert on_server["minutes"] == "Bàn việc đèn ngõ 12 và rác"
        draft = member.store.drafts.get(f"meeting:{meeting.id}")
        assert draft is not None and draft.data["attendees"] == other
        for phone, folder in ((leader, "leader"), (member, "member")):
            kept = phone.store.dialogues.get(meeting.id)
            assert kept is not None and kept.attendees == [other], folder
            raw = _file_bytes(tmp_path / folder)
            for secret in (NAME, "Xuân Hòa"):
                assert secret.encode() not in raw, (folder, secret)
