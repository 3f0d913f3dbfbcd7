"""End to end: the groups' monthly reports over the sync protocol: submitted, replaced while
the month is open, refused once the ward closed it (the queue moves on), retried once,
and never seen by another group."""

from __future__ import annotations

import uuid
from typing import Any

from field_app.wire.formats import today_vn
from sync_server.services import group_reports


def report_args(**fields: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "id": str(uuid.uuid4()), "month": "2026-11",
        "figures": {"petitions_received": 7, "petitions_answered": 5, "meetings": 1,
                    "attendance": 42, "contributions_vnd": 3500000},
        "mood": "Nhân dân phấn khởi, tin tưởng.", "opinions": "Mong sớm sửa đèn ngõ 12.",
        "hot_issues": "Ngập nước khi mưa lớn ở ngõ 5.", "proposals": "Đề nghị nạo vét cống.",
        "submitted_at": "2026-12-02T08:00:00Z"}
    args.update(fields)
    return args


def test_a_group_submits_its_month_and_a_later_submit_replaces_it(
    a_device_of: Any, ward: Any, live_server: Any
) -> None:
    phone = a_device_of(ward.group_a)
    month = f"{today_vn():%Y-%m}"  # this month: its deadline (next month) is still ahead
    first = report_args(month=month)
    assert phone.send("group_report.submit", first)["status"] == "applied"
    # the second phone of the group, or the same one after an edit: same group and month
    again = report_args(id=str(uuid.uuid4()), mood="Bà con lo lắng về ngập nước.",
                        figures={"petitions_received": 8}, month=month)
    replaced = phone.send("group_report.submit", again)
    assert replaced["status"] == "applied", replaced
    assert replaced["id"] == first["id"]  # one per group and month: the first id stays

    pulled = [c for c in phone.pull_all() if c["entity"] == "group_report"]
    assert {c["id"] for c in pulled} == {first["id"]}
    seen = phone.latest("group_report", first["id"])
    assert seen is not None
    assert (seen["mood"], seen["figures"], seen["month"]) == (
        "Bà con lo lắng về ngập nước.", {"petitions_received": 8}, month)
    assert seen["group_id"] == ward.group_a.id
    with live_server.session() as s:
        view = group_reports.month_view(s, ward.id, month)
    states = {line.group_id: line.state for line in view.lines}
    assert states[ward.group_a.id] == "on_time" and states[ward.group_b.id] == "missing"


def test_a_retried_submit_applies_once(a_device_of: Any, ward: Any, live_server: Any) -> None:
    phone = a_device_of(ward.group_a)
    batch = [phone.mutation("group_report.submit", report_args())]
    first = phone.push(batch)
    again = phone.push(batch)
    assert [r["status"] for r in first["results"]] == ["applied"]
    assert [r["status"] for r in again["results"]] == ["duplicate"]
    changes = [c for c in phone.pull_all() if c["entity"] == "group_report"]
    assert len(changes) == 1 and changes[0]["data"]["version"] == first["results"][0]["version"]


def test_a_submit_after_the_ward_closed_the_month_is_refused_and_the_queue_moves_on(
    a_device_of: Any, ward: Any, live_server: Any
) -> None:
    phone = a_device_of(ward.group_a)
    kept = report_args()
    assert phone.send("group_report.submit", kept)["status"] == "applied"
    live_server.as_ward(ward.id, lambda ctx: group_reports.close_month(ctx, "2026-11"))

    body = phone.push([
        phone.mutation("group_report.submit", report_args(mood="Sửa lại sau khi khóa sổ")),
        phone.mutation("group_report.submit", report_args(month="2026-12")),
    ])

    assert [(r["status"], r["code"]) for r in body["results"]] == [
        ("rejected", "group_report.month_closed"), ("applied", None)]
    refused = body["results"][0]
    assert "khóa sổ" in (refused.get("message") or refused.get("detail") or "")
    with live_server.session() as s:
        lines = {line.group_id: line for line in
                 group_reports.month_view(s, ward.id, "2026-11").lines}
    report = lines[ward.group_a.id].report
    assert report is not None and report["mood"] == kept["mood"]


def test_a_group_never_sees_nor_replaces_another_groups_report(
    a_device_of: Any, ward: Any, live_server: Any
) -> None:
    phone_a = a_device_of(ward.group_a)
    phone_b = a_device_of(ward.group_b)
    theirs = report_args(mood="Tổ 2 ổn định")
    assert phone_b.send("group_report.submit", theirs)["status"] == "applied"
    mine = report_args(mood="Tổ 1 phấn khởi")
    assert phone_a.send("group_report.submit", mine)["status"] == "applied"
    # reusing another group's report id is refused, never a write into their report
    stolen = phone_a.send("group_report.submit", report_args(id=theirs["id"], month="2026-10"))
    assert stolen["status"] == "rejected"

    pulled_a = {c["id"] for c in phone_a.pull_all() if c["entity"] == "group_report"}
    assert pulled_a == {mine["id"]}
    with live_server.session() as s:
        lines = {line.group_id: line for line in
                 group_reports.month_view(s, ward.id, "2026-11").lines}
    assert lines[ward.group_b.id].report["mood"] == "Tổ 2 ổn định"  # type: ignore[index]
    assert lines[ward.group_a.id].report["mood"] == "Tổ 1 phấn khởi"  # type: ignore[index]
