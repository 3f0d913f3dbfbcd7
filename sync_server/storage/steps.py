"""Service layer: many rows handed straight to the database driver, several statements in
one round trip where the driver can.

The hot path of push (a batch of new petitions: petition, change and mutation-log rows, the
device's position and the group's counter). SQLAlchemy's executemany runs every value
through its bind processors one by one, about a fifth of a push's CPU; here each row becomes
a tuple with only the conversions the column types need, done the way those types do them
(UTC timestamps, JSON, dates on SQLite), and the statement is built once per table and set
of columns. `run` sends a list of such steps: on PostgreSQL (psycopg) in one pipeline, one
round trip for all of them; elsewhere one executemany after the other.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Connection, Date, Table

from sync_server.models.types import UtcDateTime
from sync_server.storage.engine import json_dumps
from sync_server.storage.statements import Sql, together

Convert = Callable[[Any], Any]
MULTI_ROW_MAX = 16  # rows of one INSERT as one statement on psycopg (see insert_step)
Plan = tuple[str, tuple[str, ...], list[tuple[int, Convert, bool]]]
_PLANS: dict[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], Plan] = {}


@dataclass(frozen=True)
class Step:
    """One statement for the driver (placeholders `$1, $2...` on PostgreSQL, `?` on
    SQLite) and the parameter tuples it runs with."""

    sql: str
    params: list[tuple[Any, ...]]


@functools.lru_cache(maxsize=256)  # a batch's rows share a few instants (the push's `now`)
def _sqlite_timestamp(value: datetime) -> str:
    """As UtcDateTime + SQLite's DATETIME store it: naive UTC, microseconds always written."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(" ", "microseconds")


@functools.lru_cache(maxsize=256)
def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _sqlite_date(value: date) -> str:
    return value.isoformat()


def _plan(conn: Connection, table: Table, names: tuple[str, ...], keys: tuple[str, ...] = ()
          ) -> Plan:
    """INSERT of `names` (no `keys`), or UPDATE setting `names` where `keys` match: the SQL,
    the order of the values and the conversions of those values."""
    dialect = conn.dialect
    cache_key = (dialect.name, "update" if keys else "insert", table.name, names, keys)
    plan = _PLANS.get(cache_key)
    if plan is None:
        sqlite = dialect.name == "sqlite"
        order = names + keys
        converts: list[tuple[int, Convert, bool]] = []  # (position, convert, also None)
        for i, name in enumerate(order):
            kind = table.c[name].type
            if isinstance(kind, UtcDateTime):
                converts.append((i, _sqlite_timestamp if sqlite else _utc, False))
            elif isinstance(kind, JSON):
                converts.append((i, json_dumps, True))  # None is JSON null, as SQLAlchemy
            elif isinstance(kind, Date) and sqlite:
                converts.append((i, _sqlite_date, False))
        quote = dialect.identifier_preparer.quote
        marks = iter(["?"] * len(order) if sqlite else [f"${i}" for i in range(1, len(order) + 1)])
        if keys:
            sql = (f"UPDATE {quote(table.name)} SET "
                   f"{', '.join(f'{quote(n)} = {next(marks)}' for n in names)} WHERE "
                   f"{' AND '.join(f'{quote(k)} = {next(marks)}' for k in keys)}")
        else:
            sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
                   f"VALUES ({', '.join(next(marks) for _ in names)})")
        plan = _PLANS[cache_key] = (sql, order, converts)
    return plan


def _step(plan: Plan, rows: Sequence[dict[str, Any]]) -> Step:
    sql, order, converts = plan
    params = []
    for row in rows:
        values = [row[n] for n in order]
        for i, convert, also_none in converts:
            value = values[i]
            if value is not None or also_none:
                values[i] = convert(value)
        params.append(tuple(values))
    return Step(sql, params)


def insert_step(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> list[Step]:
    """INSERT `rows` (dicts with the same keys, Python values as for SQLAlchemy).

    On psycopg the rows go as statements of up to MULTI_ROW_MAX rows each (VALUES (...),
    (...)): a phone's usual push is one command of its pipeline (each a write to the
    socket, a wake-up of the server process and a statement for it to run) instead of one
    per row, which took a tenth off a ward's burst p95 on PostgreSQL; a full batch is
    one prepared statement of MULTI_ROW_MAX rows run again and again (far cheaper than
    thousands of parameters in one), and the petition table's counting trigger, a
    statement trigger, runs once per MULTI_ROW_MAX rows instead of once per row.
    SQLite always runs one prepared statement per row."""
    if not rows:
        return []
    step = _step(_plan(conn, table, tuple(rows[0])), rows)
    if conn.dialect.driver != "psycopg" or len(rows) == 1:
        return [step]
    width = len(step.params[0])
    full, rest = divmod(len(rows), MULTI_ROW_MAX)
    chunks = [step.params[i:i + MULTI_ROW_MAX] for i in range(0, len(rows), MULTI_ROW_MAX)]
    flat = [tuple(value for values in chunk for value in values) for chunk in chunks]
    out = []
    if full:
        out.append(Step(_numbered_values(step.sql, width, MULTI_ROW_MAX), flat[:full]))
    if rest:
        out.append(Step(_numbered_values(step.sql, width, rest), flat[full:]))
    return out


@functools.lru_cache(maxsize=256)
def _numbered_values(sql: str, width: int, count: int) -> str:
    """`sql` (an INSERT of one row of `width` values) for `count` rows: VALUES ($1, $2),
    ($3, $4)..."""
    head, _, _ = sql.rpartition(" VALUES ")
    values = ", ".join("(" + ", ".join(f"${r * width + i}" for i in range(1, width + 1)) + ")"
                       for r in range(count))
    return f"{head} VALUES {values}"


def update_step(conn: Connection, table: Table, keys: tuple[str, ...],
                rows: Sequence[dict[str, Any]]) -> Step:
    """UPDATE the row each dict names by its `keys` columns with the dict's other values."""
    if not rows:
        return Step("", [])
    names = tuple(n for n in rows[0] if n not in keys)
    return _step(_plan(conn, table, names, keys), rows)


def run(conn: Connection, steps: Sequence[Step], *, commit: bool = False) -> None:
    """Run the steps in order, in the connection's transaction, and with `commit` end that
    transaction with them. On psycopg they go in one pipeline (one round trip); a refusal
    is raised as SQLAlchemy's exception for it (IntegrityError, DataError...), as if the
    statement had run alone, and nothing after it runs (nor the commit)."""
    items = [Sql(s.sql, s.params, many=True) for s in steps if s.params]
    together(conn, [*items, Sql("COMMIT")] if commit else items)
