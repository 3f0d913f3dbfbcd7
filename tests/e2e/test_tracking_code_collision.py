"""A tracking code already used in the ward: the server refuses, the phone makes another code,
the petition arrives, and nothing is left waiting or refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine_faults import enrolled_phone, server_petitions
from serverkit import petition_args

from field_app.wire.tracking import is_valid


def test_a_taken_code_is_refused_and_the_petition_arrives_under_a_new_one(
        live_server: Any, ward: Any, as_staff: Any, tmp_path: Path) -> None:
    with enrolled_phone(live_server, ward.group_a.id, tmp_path / "a") as first:
        taken = first.store.petitions.create(field="economy", category="lighting",
                                             title="Đèn đường hỏng").tracking_code
        assert taken is not None and first.sync_now().ok
    with enrolled_phone(live_server, ward.group_b.id, tmp_path / "b") as phone:
        unlucky = phone.store.petitions.create(
            field="economy", category="environment", title="Rác ở đầu ngõ",
            tracking_code=taken)
        phone.store.petitions.add_note(unlucky.id, "Đã chụp ảnh")
        report = phone.sync_now()

        assert report.ok, report
        assert phone.store.outbox.counts().waiting == 0
        assert phone.store.outbox.kept() == []
        mine = phone.store.petitions.get(unlucky.id)
        assert mine is not None and mine.sync_state == "synced"
        assert mine.tracking_code != taken and is_valid(mine.tracking_code or "")
        [on_server] = server_petitions(as_staff, ward.group_b.id)
        assert on_server["id"] == unlucky.id
        assert on_server["tracking_code"] == mine.tracking_code
        assert [e["kind"] for e in on_server["timeline"]] == ["created", "note"]
        # the old code is remembered locally, so the screens can ask to give the new one
        assert phone.store.petitions.replaced_code(unlucky.id) == taken
        assert phone.store.petitions.by_tracking_code(taken) is None
        assert phone.store.petitions.by_tracking_code(
            (mine.tracking_code or "").replace("-", "").lower()) == mine


def test_the_server_refuses_a_taken_code_once_per_ward_in_a_run_and_stays_idempotent(
        live_server: Any, ward: Any, a_device_of: Any) -> None:
    phone = a_device_of(ward.group_a)
    first = petition_args(tracking_code="ABC-DEF-GHJ")
    second = petition_args(tracking_code="ABC-DEF-GHJ")
    third = petition_args(tracking_code="ABC-DEF-GHK")
    batch = [phone.mutation("petition.create", a) for a in (first, second, third)]
    body = phone.push(batch)
    assert [(r["status"], r.get("code")) for r in body["results"]] == [
        ("applied", None), ("rejected", "petition.tracking_code_taken"), ("applied", None)]
    assert body["last_seq"] == 3  # the refusal wedges nothing
    again = phone.push(batch)
    assert [(r["status"], r.get("code")) for r in again["results"]] == [
        ("duplicate", None), ("duplicate", "petition.tracking_code_taken"), ("duplicate", None)]
    # alone (the path of one mutation at a time), the code is still refused
    lone = phone.send("petition.create", petition_args(tracking_code="ABC-DEF-GHK"))
    assert (lone["status"], lone["code"]) == ("rejected", "petition.tracking_code_taken")
    assert "Mã tra cứu" in lone["message"]
    # another group of the same ward: the same refusal
    other = a_device_of(ward.group_b)
    result = other.send("petition.create", petition_args(tracking_code="ABC-DEF-GHJ"))
    assert result["code"] == "petition.tracking_code_taken"
    bad = other.send("petition.create", petition_args(tracking_code="abc-def-ghj"))
    assert (bad["status"], bad["code"]) == ("rejected", "request.validation")
