"""Storage layer: the one way a sync runs its statements.

Every phone sync runs a handful of small statements (its token, its group's counter, its
position, the change rows of its scopes, the writes of a push). Through SQLAlchemy's
`execute`, each one also builds an execution context, a cursor result and a row object
per row, which took as much CPU as the database's own work for them (decision 0008). A
`DirectStatement` is compiled once per dialect by SQLAlchemy, then run on the driver
connection of the session's connection (inside its transaction), its parameters and
result values converted by the column types' own processors (SQLAlchemy's public
`bind_processor` and `result_processor`), so rows hold the same Python values as through
`execute`. Driver errors are raised as SQLAlchemy's exceptions for them, and a connection
the database dropped is invalidated, as `execute` would.

`together` sends several statements at once: on PostgreSQL in one pipeline through
psycopg's libpq binding (`pipeline`), one round trip for all of them, each still run by
the server after the one before (a later statement sees what an earlier one did or
waited for), each prepared on its connection; on SQLite one after the other on the
driver's cursor. `begin_writing` begins a sync's writing transaction with its
first statements, as each database needs it: services never write BEGIN.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import CompoundSelect, Connection, Select, UpdateBase
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from sync_server.storage import pipeline

Processor = Callable[[Any], Any] | None
Returning = Select[Any] | CompoundSelect[Any] | UpdateBase  # a statement whose rows are read

_PYFORMAT = re.compile(r"%\((\w+)\)s|%%")


def numbered(sql: str) -> tuple[str, list[str]]:
    """SQL with psycopg's named placeholders (`%(name)s`, `%%`) as PostgreSQL's own ($1,
    $2..., one number per name) and the names in the order of their numbers."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return "%"
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return _PYFORMAT.sub(number, sql), names


class _Plan:
    """A statement compiled for one dialect: its SQL, the order of its parameters, their
    conversions, and the names and types of its result columns."""

    def __init__(self, statement: Returning, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self.positions = list(compiled.positiontup or []) if dialect.positional else None
        if dialect.driver == "psycopg":  # sent by `pipeline`, which takes $1, $2...
            self.sql, self.positions = numbered(self.sql)
        self.fixed = {name: bind.value for name, bind in compiled.binds.items()
                      if not bind.required}
        self.converts = [(name, convert) for name, bind in compiled.binds.items()
                         if (convert := bind.type.dialect_impl(dialect)
                             .bind_processor(dialect)) is not None]
        columns = statement.exported_columns
        self.types = [c.type for c in columns]
        names = list(columns.keys())  # a ColumnCollection iterates over its columns
        self.row: Any = namedtuple("Row", map(str, names))  # type: ignore[misc]
        self.processors: list[Processor] | None = None  # known from the first answer

    def args(self, params: dict[str, Any]) -> Any:
        values = {**self.fixed, **params}
        for name, convert in self.converts:
            values[name] = convert(values[name])
        return values if self.positions is None else [values[n] for n in self.positions]

    def rows(self, dialect: Dialect, cursor: Any) -> list[Any]:
        """The rows the cursor holds, as named tuples with SQLAlchemy's Python values."""
        return self.made(dialect, cursor.fetchall(),
                         lambda: [d[1] for d in cursor.description])

    def made(self, dialect: Dialect, fetched: list[Any],
             type_codes: Callable[[], list[Any]]) -> list[Any]:
        """`fetched` (the driver's tuples) as named tuples with SQLAlchemy's Python values:
        each column converted by its type's result processor, chosen as SQLAlchemy does
        by the type and the type the driver reports for it (PostgreSQL numerics differ by
        type), asked for once."""
        if self.processors is None:
            self.processors = [kind.dialect_impl(dialect).result_processor(dialect, code)
                               for kind, code in zip(self.types, type_codes(), strict=True)]
        make = self.row._make
        processors = self.processors
        if all(p is None for p in processors):
            return [make(r) for r in fetched]
        return [make([v if p is None else p(v) for p, v in zip(processors, r, strict=True)])
                for r in fetched]


@contextmanager
def driver_errors(connection: Connection, sql: str, args: Any) -> Iterator[Any]:
    """The driver connection of `connection` (in its transaction); the driver's errors
    raised as SQLAlchemy's (IntegrityError, DataError...), and a connection the database
    dropped invalidated, as `Connection.execute` does."""
    raw = connection.connection.dbapi_connection
    assert raw is not None
    dbapi = connection.dialect.loaded_dbapi
    try:
        yield raw
    except dbapi.Error as exc:
        gone = connection.dialect.is_disconnect(exc, raw, None)
        if gone:
            connection.invalidate(exc)
        raise DBAPIError.instance(sql, args, exc, dbapi.Error, hide_parameters=True,
                                  dialect=connection.dialect,
                                  connection_invalidated=gone) from exc


def run_sql(connection: Connection, sql: str, params: Any = (), *, many: bool = False) -> None:
    """A statement of the driver's own SQL (no rows wanted), on the driver's cursor."""
    together(connection, [Sql(sql, params, many=many)])


class DirectStatement:
    """A SELECT (or a statement with RETURNING) of fixed shape, run on the driver's cursor.

    On PostgreSQL it is prepared on each connection (`pipeline`), and after a few runs the
    database may keep one generic plan for it, made for any values with the statistics of
    that moment. `prepared=False` sends it unnamed instead: planned for the values of each
    run, at the cost of planning it each time. For a statement whose best plan depends on
    its values or on how large its tables have grown since (see `services.pull`)."""

    def __init__(self, statement: Returning, *, prepared: bool = True) -> None:
        self.statement = statement
        self.prepared = prepared
        self._plans: dict[str, _Plan] = {}

    def plan(self, connection: Connection) -> _Plan:
        plan = self._plans.get(connection.dialect.name)
        if plan is None:
            plan = self._plans[connection.dialect.name] = _Plan(self.statement,
                                                                connection.dialect)
        return plan

    def rows(self, session: Session, params: dict[str, Any]) -> list[Any]:
        """Every row, as named tuples (`row.column`), with SQLAlchemy's Python values."""
        rows = together(connection_of(session), [(self, params)])[0]
        assert rows is not None
        return rows

    def first(self, session: Session, params: dict[str, Any]) -> Any:
        rows = self.rows(session, params)
        return rows[0] if rows else None


DIRECT = "direct_connection"  # Session.info key: see connection_of


def connection_of(session: Session) -> Connection:
    """The connection to run a statement on. A session kept for phone syncs
    (`sync_session.SyncSession`) names its connection, which is in autocommit: a
    statement runs on it as it is, without the session beginning a transaction of its own
    that would only have to be rolled back after the sync (its bookkeeping was a few
    per cent of the server's CPU in a ward's burst). Any other session: its connection,
    in its transaction."""
    direct: Connection | None = session.info.get(DIRECT)
    return direct if direct is not None else session.connection()


@dataclass(frozen=True)
class Sql:
    """A statement in the driver's own SQL whose rows are not wanted (BEGIN, COMMIT, an
    INSERT): placeholders `$1, $2...` on PostgreSQL, `?` on SQLite; `many`: `params` is a
    list of parameter tuples, one run each."""

    sql: str
    params: Any = ()
    many: bool = False


Item = Sql | tuple[DirectStatement, dict[str, Any]]


class _Run(NamedTuple):
    """One item of `together`, ready for the driver."""

    sql: str
    args: Any
    many: bool
    plan: _Plan | None  # a DirectStatement's: its rows are wanted
    prepared: bool


def begin_writing(connection: Connection, items: Sequence[Item]) -> list[list[Any] | None]:
    """Begin the transaction of a sync that writes, with `items` after the BEGIN (one
    round trip on PostgreSQL): IMMEDIATE on SQLite (the write lock first, so that the
    transaction never has to give way half-way), READ COMMITTED on PostgreSQL whatever
    the server's default (a row read after a lock sees what the lock's holder committed).
    `connection` must be in autocommit; its owner commits with `steps.run(...,
    commit=True)` or rolls back. Returns what `together` returns for `items`."""
    if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
        raise RuntimeError("a sync begins its transaction itself (run it in autocommit)")
    begin = ("BEGIN IMMEDIATE" if connection.dialect.name == "sqlite"
             else "BEGIN ISOLATION LEVEL READ COMMITTED")
    return together(connection, [Sql(begin), *items])[1:]


def together(connection: Connection, items: Sequence[Item]) -> list[list[Any] | None]:
    """Run `items` in order on the connection's driver: one round trip on PostgreSQL (a
    pipeline), one after the other elsewhere. Returns each DirectStatement's rows (None for
    a `Sql`). A refusal is raised as SQLAlchemy's exception for it; the statements after
    the refused one do not run."""
    dialect = connection.dialect
    runs: list[_Run] = []
    for item in items:
        if isinstance(item, Sql):
            if not (item.many and not item.params):  # an executemany of nothing: skipped
                runs.append(_Run(item.sql, item.params, item.many, None, bool(item.params)))
        else:
            statement, params = item
            plan = statement.plan(connection)
            runs.append(_Run(plan.sql, plan.args(params), False, plan, statement.prepared))
    shown = "; ".join(run.sql for run in runs)
    with driver_errors(connection, shown, None) as raw:
        if dialect.driver == "psycopg":
            rows = _in_pipeline(raw, dialect, runs)
        else:
            rows = _on_cursors(raw, dialect, runs)
    answers = iter(rows)
    return [None if isinstance(item, Sql) else next(answers) for item in items]


def _in_pipeline(raw: Any, dialect: Dialect, runs: list[_Run]) -> list[list[Any]]:
    """One pipeline through psycopg's libpq binding (`pipeline`): psycopg's own cursors
    in pipeline mode cost half as much again per pushed mutation (decision 0032)."""
    results = pipeline.run(raw, [
        pipeline.Statement(run.sql.encode(), run.args if run.many else [run.args],
                           run.prepared) for run in runs])
    rows = []
    for run, result in zip(runs, results, strict=True):
        if (plan := run.plan) is not None:
            fetched, types = pipeline.load(raw, result)
            rows.append(plan.made(dialect, fetched, lambda t=types: t))  # type: ignore[misc]
    return rows


def _on_cursors(raw: Any, dialect: Dialect, runs: list[_Run]) -> list[list[Any]]:
    cursors = [raw.cursor() for _ in runs]
    try:
        for cursor, run in zip(cursors, runs, strict=True):
            if run.many:
                cursor.executemany(run.sql, run.args)
            else:
                cursor.execute(run.sql, run.args)
        return [run.plan.rows(dialect, cursor)
                for cursor, run in zip(cursors, runs, strict=True) if run.plan]
    finally:
        for cursor in cursors:
            cursor.close()
