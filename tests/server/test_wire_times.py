"""A pull page's records are written by orjson with their dates and times as they are; the
text must be what the rest of the API writes with `isoformat` (the phone stores and sorts
it as it comes)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column
from sqlalchemy.types import TypeDecorator

from sync_server.services.records import ENTITIES, as_is


def python_type(column: Column[Any]) -> type:
    kind = column.type
    return (kind.impl_instance if isinstance(kind, TypeDecorator) else kind).python_type


COLUMNS = {column.name: python_type(column)
           for table, _ in ENTITIES.values() for column in table.columns}
TIMES = {name for name, kind in COLUMNS.items() if kind is datetime}
DATES = {name for name, kind in COLUMNS.items() if kind is date}

moments = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(9999, 12, 30),
                 timezones=st.just(UTC)),
    st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(9999, 12, 30),
                 timezones=st.just(UTC)).map(lambda m: m.replace(microsecond=0)),
)


def record(when: datetime | None) -> Any:
    row: dict[str, Any] = {name: None for name in COLUMNS}
    row.update(id="r1", version=3, title="Đèn hỏng", quantity="2")
    for name in TIMES:
        row[name] = when
    for name in DATES:
        row[name] = when.date() if when else None
    return SimpleNamespace(**row)


@pytest.mark.parametrize("entity", sorted(ENTITIES))
@settings(max_examples=60, deadline=None)
@given(when=moments)
def test_pulled_records_carry_the_same_time_text_as_the_api(entity: str,
                                                            when: datetime | None) -> None:
    _, to_wire = ENTITIES[entity]
    rec = record(when)
    assert orjson.dumps(to_wire(rec, as_is)) == orjson.dumps(to_wire(rec))


def test_a_time_read_back_from_postgresql_in_another_zone_is_written_in_utc() -> None:
    # the column type turns every time it reads into UTC; what orjson writes then ends +00:00
    hanoi = datetime(2026, 12, 5, 12, 1, 53, tzinfo=timezone(timedelta(hours=7)))
    rec = record(hanoi.astimezone(UTC))
    data = orjson.loads(orjson.dumps(ENTITIES["petition"][1](rec, as_is)))
    assert data["received_at"] == "2026-12-05T05:01:53+00:00"
    assert data["due_date"] == date(2026, 12, 5).isoformat()
