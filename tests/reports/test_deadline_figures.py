"""The monthly report counts petitions answered on time and taken up within the legal time
(figures, XLSX), from facts and from what phones and staff really did on the server."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import openpyxl

from field_app.wire.formats import today_vn
from sync_server.console.i18n import Translator
from sync_server.console.queries.reports import month_facts
from sync_server.reports import PetitionFacts, build_monthly_report, monthly_xlsx
from sync_server.reports.monthly import month_bounds

VI = Translator("vi").t


def _fact(status: str, received: date, *, group: str = "Tổ 1", answered: date | None = None,
          accepted: date | None = None, ack_due: date | None = None,
          due: date | None = None) -> PetitionFacts:
    return PetitionFacts(group, "economy", "land", status, received, answered_on=answered,
                         due_date=due, accepted_on=accepted, ack_due=ack_due)


def test_on_time_and_late_are_counted_by_the_deadline_of_each_step() -> None:
    facts = [
        # taken up in time and answered by the due date
        _fact("answered", date(2027, 1, 20), accepted=date(2027, 2, 1), ack_due=date(2027, 2, 3),
              answered=date(2027, 2, 15), due=date(2027, 2, 26)),
        # taken up late, answered after the due date
        _fact("answered", date(2027, 1, 4), accepted=date(2027, 2, 2), ack_due=date(2027, 1, 18),
              answered=date(2027, 2, 25), due=date(2027, 2, 24), group="Tổ 2"),
        # still waiting to be taken up, past its ack_due: overdue although no due date
        _fact("received", date(2027, 2, 1), ack_due=date(2027, 2, 22), group="Tổ 2"),
        # taken up in January: not counted in February
        _fact("accepted", date(2027, 1, 5), accepted=date(2027, 1, 6), ack_due=date(2027, 1, 19),
              due=date(2027, 3, 31)),
    ]
    report = build_monthly_report(year=2027, month=2, ward_name="Phường Quỳnh Xuân",
                                  petitions=facts, today=date(2027, 3, 10))
    ward = report.ward
    assert (ward.answered, ward.answered_on_time) == (2, 1)
    assert (ward.taken_up, ward.taken_up_on_time) == (2, 1)
    assert ward.overdue == 1
    assert (report.groups["Tổ 2"].taken_up, report.groups["Tổ 2"].taken_up_on_time) == (1, 0)

    book = openpyxl.load_workbook(io.BytesIO(monthly_xlsx(report, VI)))
    rows = [[c.value for c in r] for r in book.worksheets[0].iter_rows()]
    header = next(r for r in rows if r[0] == "Phạm vi")
    body = rows[rows.index(header) + 1]
    on_time = header.index("Trả lời đúng hạn")
    taken_up = header.index("Tiếp nhận trong tháng")
    in_time = header.index("Tiếp nhận trong thời hạn luật định")
    assert (body[on_time], body[taken_up], body[in_time]) == (1, 2, 1)


def test_month_facts_read_when_a_petition_was_taken_up_and_its_deadlines(
        live_server: Any, ward: Any, a_device_of: Any, as_staff: Any) -> None:
    phone = a_device_of(ward.group_a)
    pid = phone.create_petition()
    assert as_staff.transition(pid, "accept").status_code == 200
    assert as_staff.transition(pid, "answer", answer="Đã thay bóng đèn.").status_code == 200
    today = today_vn()
    first, last = month_bounds(today.year, today.month)
    with live_server.session() as s:
        facts = month_facts(s, ward_id=ward.id, first=first, last=last)
    fact = next(f for f in facts if f.status == "answered")
    assert fact.accepted_on == today and fact.answered_on == today
    assert fact.ack_due is not None and fact.ack_due > today
    assert fact.due_date is not None and fact.due_date > today
    report = build_monthly_report(year=today.year, month=today.month, ward_name="x",
                                  petitions=facts, today=today)
    assert (report.ward.taken_up_on_time, report.ward.answered_on_time) == (1, 1)
