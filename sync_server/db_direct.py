"""Storage layer: the sync's hottest statements run on the database driver's own cursor.

Every phone sync runs a handful of small statements (its token, its group's counter, its
position, the change rows of its scopes). Through SQLAlchemy's `execute`, each one also
builds an execution context, a cursor result and a row object per row, which took as
much CPU as the database's own work for them. A `DirectStatement` is compiled once per
dialect by SQLAlchemy, then run on the cursor of the session's connection (inside its
transaction), its values converted by the column types' own result processors, so rows
hold the same Python values as through `execute`. Driver errors are raised as SQLAlchemy's
exceptions for them, and a connection the database dropped is invalidated, as `execute`
would.

`together` sends several statements at once: on PostgreSQL (psycopg) in one pipeline, one
round trip for all of them, each still run by the server after the one before (a later
statement sees what an earlier one did or waited for); elsewhere one after the other.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlmodel import Session

Processor = Callable[[Any], Any] | None


class _Plan:
    def __init__(self, statement: ClauseElement, connection: Connection) -> None:
        dialect = connection.dialect
        compiled = cast(SQLCompiler, statement.compile(dialect=dialect))
        if compiled._bind_processors:  # type: ignore[attr-defined]
            raise TypeError("DirectStatement takes only parameters the driver reads as is")
        self.sql = compiled.string
        self.positions = list(compiled.positiontup or []) if dialect.positional else None
        self.fixed = {name: bind.value for name, bind in compiled.binds.items()
                      if not bind.required}
        self.columns = compiled._result_columns or []  # type: ignore[attr-defined]
        self.row: Any = namedtuple("Row", [c.keyname for c in self.columns])  # type: ignore[misc]
        self.processors: list[Processor] | None = None  # known from the first answer

    def args(self, params: dict[str, Any]) -> Any:
        values = {**self.fixed, **params}
        return values if self.positions is None else [values[n] for n in self.positions]

    def processors_for(self, dialect: Any, cursor: Any) -> list[Processor]:
        """The columns' result processors, chosen as SQLAlchemy does: by each column's type
        and the type the driver reports for it (PostgreSQL numerics differ by type); the
        cursor's description is read once (psycopg builds it anew each time it is asked)."""
        if self.processors is None:
            self.processors = [
                c.type._cached_result_processor(dialect, d[1])
                for c, d in zip(self.columns, cursor.description, strict=True)]
        return self.processors

    def rows(self, dialect: Any, cursor: Any) -> list[Any]:
        """The rows the cursor holds, as named tuples with SQLAlchemy's Python values."""
        fetched = cursor.fetchall()
        processors = self.processors_for(dialect, cursor)
        make = self.row._make
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
    """A SELECT (or a statement with RETURNING) of fixed shape, run on the driver's cursor."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._plans: dict[str, _Plan] = {}

    def plan(self, connection: Connection) -> _Plan:
        plan = self._plans.get(connection.dialect.name)
        if plan is None:
            plan = self._plans[connection.dialect.name] = _Plan(self.statement, connection)
        return plan

    def rows(self, session: Session, params: dict[str, Any]) -> list[Any]:
        """Every row, as named tuples (`row.column`), with SQLAlchemy's Python values."""
        rows = together(session.connection(), [(self, params)])[0]
        assert rows is not None
        return rows

    def first(self, session: Session, params: dict[str, Any]) -> Any:
        rows = self.rows(session, params)
        return rows[0] if rows else None


@dataclass(frozen=True)
class Sql:
    """A statement in the driver's own SQL whose rows are not wanted (BEGIN, COMMIT, an
    INSERT); `many`: `params` is a list of parameter tuples, one run each; `numbered`: its
    placeholders are PostgreSQL's $1, $2... (psycopg's raw cursor, no rewriting of `%s`)."""

    sql: str
    params: Any = ()
    many: bool = False
    numbered: bool = False


Item = Sql | tuple[DirectStatement, dict[str, Any]]


def together(connection: Connection, items: Sequence[Item]) -> list[list[Any] | None]:
    """Run `items` in order on the connection's driver: one round trip on psycopg (a
    pipeline), one after the other elsewhere. Returns each DirectStatement's rows (None for
    a `Sql`). A refusal is raised as SQLAlchemy's exception for it; in a pipeline the
    statements after the refused one do not run."""
    dialect = connection.dialect
    runs: list[tuple[str, Any, bool, _Plan | None]] = []
    numbered: list[bool] = []
    for item in items:
        if isinstance(item, Sql):
            if not (item.many and not item.params):  # an executemany of nothing: skipped
                runs.append((item.sql, item.params, item.many, None))
                numbered.append(item.numbered)
        else:
            plan = item[0].plan(connection)
            runs.append((plan.sql, plan.args(item[1]), False, plan))
            numbered.append(False)
    shown = "; ".join(sql for sql, *_ in runs)
    with driver_errors(connection, shown, None) as raw:
        cursors = [_raw_cursor(raw) if n else raw.cursor() for n in numbered]
        try:
            with raw.pipeline() if dialect.driver == "psycopg" and len(runs) > 1 \
                    else nullcontext():
                for cursor, (sql, args, many, _plan) in zip(cursors, runs, strict=True):
                    if many:
                        cursor.executemany(sql, args)
                    else:
                        cursor.execute(sql, args)
            rows = [plan.rows(dialect, cursor)
                    for cursor, (*_, plan) in zip(cursors, runs, strict=True) if plan]
        finally:
            for cursor in cursors:
                cursor.close()
    answers = iter(rows)
    return [None if isinstance(item, Sql) else next(answers) for item in items]


def _raw_cursor(connection: Any) -> Any:
    """A psycopg cursor that sends the SQL as written ($1, $2... placeholders)."""
    import psycopg

    return psycopg.RawCursor(connection)
