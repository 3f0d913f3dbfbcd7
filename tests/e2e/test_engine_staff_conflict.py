"""A phone and ward staff change the same field of one petition: the conflict is shown on the
phone's record, the server keeps one value, and the other is on the petition's timeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine_faults import enrolled_phone


def test_a_phone_title_edit_after_a_staff_correction_shows_a_conflict_and_loses_nothing(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader:
        pid = leader.store.petitions.create(field="economy", category="lighting",
                                            title="Đèn đường hỏng",
                                            description="Ba bóng đèn không sáng.").id
        assert leader.sync_now().ok
        seen_by_staff = as_staff.petition(pid)["version"]

        # offline in the alley, the leader corrects the title and adds the place
        leader.store.petitions.update(pid, title="Đèn ngõ 5 hỏng 3 bóng",
                                      location_text="Ngõ 5")
        # meanwhile the ward corrects the title from the console
        staff_edit = as_staff.patch(f"/api/v1/petitions/{pid}", json={
            "title": "Đèn chiếu sáng ngõ 5 hỏng", "base_version": seen_by_staff})
        assert staff_edit.status_code == 200, staff_edit.text
        assert staff_edit.json()["conflict_fields"] == []

        report = leader.sync_now()

        assert (report.ok, report.conflicts, report.rejected) == (True, 1, 0)
        mine = leader.store.petitions.get(pid)
        assert mine is not None
        assert (mine.sync_state, mine.conflict_fields) == ("conflict", ["title"])
        assert mine.title == "Đèn chiếu sáng ngõ 5 hỏng"  # the server's value, shown as such
        assert mine.location_text == "Ngõ 5"  # the field nobody else touched went through
        server = as_staff.petition(pid)
        assert (server["title"], server["location_text"]) == ("Đèn chiếu sáng ngõ 5 hỏng",
                                                             "Ngõ 5")
        assert mine.version == server["version"]
        # nothing lost: the phone's words are on the timeline, on the server and on the phone
        [on_server] = [e["text"] for e in server["timeline"] if e["kind"] == "conflict"]
        assert "Đèn ngõ 5 hỏng 3 bóng" in on_server
        [on_phone] = [e.text for e in mine.timeline if e.kind == "conflict"]
        assert on_phone == on_server
        assert [e.kind for e in mine.timeline] == [e["kind"] for e in server["timeline"]]
        [kept] = leader.store.outbox.kept()
        assert (kept.state, kept.fields, kept.args["title"]) == (
            "conflict", ["title"], "Đèn ngõ 5 hỏng 3 bóng")

        # the leader acknowledges; the record settles on the server's view
        leader.store.outbox.dismiss(kept.mutation_id)
        settled = leader.store.petitions.get(pid)
        assert settled is not None
        assert (settled.sync_state, settled.title) == ("synced", "Đèn chiếu sáng ngõ 5 hỏng")


def test_a_stale_staff_correction_does_not_overwrite_what_the_phone_sent(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "leader") as leader:
        pid = leader.store.petitions.create(field="economy", category="other",
                                            title="Cống ngõ 9 tắc").id
        assert leader.sync_now().ok
        seen_by_staff = as_staff.petition(pid)["version"]
        leader.store.petitions.update(pid, category="environment")
        assert leader.sync_now().ok

        staff_edit = as_staff.patch(f"/api/v1/petitions/{pid}", json={
            "category": "infrastructure", "field": "culture_society",
            "base_version": seen_by_staff})
        assert staff_edit.status_code == 200, staff_edit.text
        assert staff_edit.json()["conflict_fields"] == ["category"]

        report = leader.sync_now()
        assert (report.ok, report.conflicts) == (True, 0)
        mine = leader.store.petitions.get(pid)
        assert mine is not None
        assert (mine.sync_state, mine.category, mine.field) == (
            "synced", "environment", "culture_society")
        [note] = [e.text for e in mine.timeline if e.kind == "conflict"]
        assert "infrastructure" in note  # the staff's choice is kept on the record
