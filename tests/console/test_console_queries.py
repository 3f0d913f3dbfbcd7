"""The console's ward-scoped queries on a real, migrated database of the test's own."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from sync_server.console.queries.dialogue import next_dialogue_day
from sync_server.models.tables import petition_t
from sync_server.services.inbox import InboxFilters, inbox_page
from sync_server.services.petitions import search_text
from sync_server.services.wards import create_group, create_ward
from sync_server.storage import session_scope

TODAY = date(2026, 11, 21)


def a_ward_with_petitions(app: Any, count: int) -> tuple[str, str, str]:
    """A ward with `count` petitions in one group, and another ward with one of its own."""
    with session_scope(app.state.engine) as s:
        ward = create_ward(s, name="Phường Quỳnh Xuân")
        group = create_group(s, ward_id=ward, name="Tổ dân phố 5", number=5)
        other_ward = create_ward(s, name="Phường Khác")
        other_group = create_group(s, ward_id=other_ward, name="Tổ 1", number=1)
        start = datetime(2026, 1, 1, tzinfo=UTC)
        rows = []
        for i in range(count):
            title = "Đường nội khối xuống cấp" if i % 100 == 0 else f"Kiến nghị số {i}"
            status = ("received", "accepted", "in_progress", "answered")[i % 4]
            due = TODAY - timedelta(days=1) if i % 10 == 1 else None
            rows.append(
                _row(
                    ward,
                    group,
                    title,
                    status,
                    start + timedelta(minutes=i),
                    due,
                    unit=None if i % 2 == 0 else "Phòng Kinh tế",
                )
            )
        rows.append(
            _row(other_ward, other_group, "Đường nội khối phường khác", "received", start, None)
        )
        s.execute(insert(petition_t), rows)
    return ward, group, other_ward


def _row(
    ward: str,
    group: str,
    title: str,
    status: str,
    at: datetime,
    due: date | None,
    unit: str | None = None,
) -> dict[str, Any]:
    values = {"title": title, "description": "", "citizen_name": "Nguyễn Văn Đông"}
    return {
        "id": str(uuid.uuid4()),
        "ward_id": ward,
        "group_id": group,
        "title": title,
        "description": "",
        "field": "economy",
        "category": "infrastructure",
        "status": status,
        "received_at": at,
        "due_date": due,
        "assigned_unit": unit,
        "attachments": [],
        "field_versions": {},
        "timeline": [],
        "search_text": search_text(values),
        "version": 1,
        "created_at": at,
        "updated_at": at,
        "citizen_name": "Nguyễn Văn Đông",
    }


def test_inbox_pages_through_thousands_of_petitions_with_counts(app):
    ward, _group, _ = a_ward_with_petitions(app, 5000)
    with session_scope(app.state.engine) as s:
        page = inbox_page(
            s, ward_id=ward, filters=InboxFilters(), today=TODAY, page=3, page_size=25
        )
    assert page.total == 5000
    assert page.pages == 200
    assert len(page.rows) == 25
    assert page.rows[0].title == "Kiến nghị số 50"  # oldest first, third page
    assert page.counts == {
        "received": 1250,
        "accepted": 1250,
        "in_progress": 1250,
        "answered": 1250,
    }


def test_inbox_search_ignores_diacritics_and_stays_in_the_ward(app):
    ward, _group, _ = a_ward_with_petitions(app, 1000)
    with session_scope(app.state.engine) as s:
        page = inbox_page(s, ward_id=ward, filters=InboxFilters(q="duong noi KHOI"), today=TODAY)
    assert page.total == 10
    assert {r.title for r in page.rows} == {"Đường nội khối xuống cấp"}


def test_inbox_overdue_and_unassigned_filters(app):
    ward, _group, _ = a_ward_with_petitions(app, 200)
    with session_scope(app.state.engine) as s:
        overdue = inbox_page(
            s, ward_id=ward, filters=InboxFilters(overdue=True), today=TODAY, page_size=100
        )
        unassigned = inbox_page(
            s, ward_id=ward, filters=InboxFilters(unassigned=True), today=TODAY, page_size=100
        )
        by_due = inbox_page(s, ward_id=ward, filters=InboxFilters(sort="deadline"), today=TODAY)
    # i % 10 == 1 has a past due date; those i are odd, so accepted (i % 4 == 1, overdue)
    # or answered (i % 4 == 3, no longer awaiting the ward, so not overdue)
    assert overdue.total == 10
    assert overdue.counts == {"accepted": 10}
    assert all(r.overdue for r in overdue.rows)
    assert all(r.status != "answered" for r in overdue.rows)
    # unassigned: open and no unit (even i are unassigned; odd statuses never are)
    assert unassigned.total == 50 + 50  # received (i%4==0) and in_progress (i%4==2)
    assert by_due.rows[0].due_date == TODAY - timedelta(days=1)


def test_next_dialogue_day_is_the_15th_or_the_configured_day():
    assert next_dialogue_day(date(2026, 11, 21)) == date(2026, 12, 15)
    assert next_dialogue_day(date(2026, 11, 15)) == date(2026, 11, 15)
    assert next_dialogue_day(date(2026, 12, 16)) == date(2027, 1, 15)
    assert next_dialogue_day(date(2027, 2, 1), day_of_month=31) == date(2027, 2, 28)


def test_an_officers_old_inbox_link_keeps_its_order_in_the_one_vocabulary():
    from starlette.requests import Request

    from sync_server.console.pages.petitions import _filters

    def sort_of(query: str) -> str:
        return _filters(Request({"type": "http", "query_string": query.encode()})).sort

    assert sort_of("sort=age") == sort_of("") == "received_at"
    assert sort_of("sort=newest") == "-received_at"
    assert sort_of("sort=due") == sort_of("sort=deadline") == "deadline"
    assert sort_of("sort=status;DROP") == "received_at"
    assert _filters(Request({"type": "http", "query_string": b"status=accepted"})).status == (
        "accepted",)
