"""Service layer: many rows into one table, handed to the database driver in one executemany.

The hot path of push (a batch of new petitions: petition, change and mutation-log rows).
SQLAlchemy's executemany runs every value through its bind processors one by one, about a
fifth of a push's CPU; here each row becomes a tuple with only the conversions the column
types need, done the way those types do them (UTC timestamps, JSON, dates on SQLite), and
the statement is built once per table and set of columns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Connection, Date, Table

from sync_server.db import json_dumps
from sync_server.models.types import UtcDateTime

Convert = Callable[[Any], Any]
_PLANS: dict[tuple[str, str, tuple[str, ...]], tuple[str, list[tuple[int, Convert, bool]]]] = {}


def _sqlite_timestamp(value: datetime) -> str:
    """As UtcDateTime + SQLite's DATETIME store it: naive UTC, microseconds always written."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(" ", "microseconds")


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _sqlite_date(value: date) -> str:
    return value.isoformat()


def _plan(conn: Connection, table: Table, names: tuple[str, ...]
          ) -> tuple[str, list[tuple[int, Convert, bool]]]:
    dialect = conn.dialect
    key = (dialect.name, table.name, names)
    plan = _PLANS.get(key)
    if plan is None:
        sqlite = dialect.name == "sqlite"
        converts: list[tuple[int, Convert, bool]] = []  # (position, convert, also None)
        for i, name in enumerate(names):
            kind = table.c[name].type
            if isinstance(kind, UtcDateTime):
                converts.append((i, _sqlite_timestamp if sqlite else _utc, False))
            elif isinstance(kind, JSON):
                converts.append((i, json_dumps, True))  # None is JSON null, as SQLAlchemy
            elif isinstance(kind, Date) and sqlite:
                converts.append((i, _sqlite_date, False))
        quote = dialect.identifier_preparer.quote
        mark = "?" if dialect.paramstyle == "qmark" else "%s"
        sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
               f"VALUES ({', '.join(mark for _ in names)})")
        plan = _PLANS[key] = (sql, converts)
    return plan


def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT `rows` (dicts with the same keys, Python values as for SQLAlchemy)."""
    if not rows:
        return
    names = tuple(rows[0])
    sql, converts = _plan(conn, table, names)
    params = []
    for row in rows:
        values = [row[n] for n in names]
        for i, convert, also_none in converts:
            value = values[i]
            if value is not None or also_none:
                values[i] = convert(value)
        params.append(tuple(values))
    conn.exec_driver_sql(sql, params)
