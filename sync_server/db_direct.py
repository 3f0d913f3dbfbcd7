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
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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

    def processors_for(self, dialect: Any, description: Any) -> list[Processor]:
        """The columns' result processors, chosen as SQLAlchemy does: by each column's type
        and the type the driver reports for it (PostgreSQL numerics differ by type)."""
        if self.processors is None:
            self.processors = [
                c.type._cached_result_processor(dialect, d[1])
                for c, d in zip(self.columns, description, strict=True)]
        return self.processors


@contextmanager
def driver_errors(connection: Connection, sql: str, args: Any) -> Iterator[Any]:
    """A cursor of the connection's driver connection (in its transaction); the driver's
    errors raised as SQLAlchemy's (IntegrityError, DataError...), and a connection the
    database dropped invalidated, as `Connection.execute` does."""
    raw = connection.connection.dbapi_connection
    assert raw is not None
    dbapi = connection.dialect.loaded_dbapi
    try:
        cursor = raw.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
    except dbapi.Error as exc:
        gone = connection.dialect.is_disconnect(exc, raw, None)
        if gone:
            connection.invalidate(exc)
        raise DBAPIError.instance(sql, args, exc, dbapi.Error, hide_parameters=True,
                                  dialect=connection.dialect,
                                  connection_invalidated=gone) from exc


def run_sql(connection: Connection, sql: str, params: Any = (), *, many: bool = False) -> None:
    """A statement of the driver's own SQL (no rows wanted), on the driver's cursor."""
    with driver_errors(connection, sql, params) as cursor:
        if many:
            cursor.executemany(sql, params)
        else:
            cursor.execute(sql, params)


class DirectStatement:
    """A SELECT (or a statement with RETURNING) of fixed shape, run on the driver's cursor."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._plans: dict[str, _Plan] = {}

    def rows(self, session: Session, params: dict[str, Any]) -> list[Any]:
        """Every row, as named tuples (`row.column`), with SQLAlchemy's Python values."""
        connection = session.connection()
        plan = self._plans.get(connection.dialect.name)
        if plan is None:
            plan = self._plans[connection.dialect.name] = _Plan(self.statement, connection)
        values = {**plan.fixed, **params}
        args: Any = values if plan.positions is None else [values[n] for n in plan.positions]
        with driver_errors(connection, plan.sql, args) as cursor:
            cursor.execute(plan.sql, args)
            fetched = cursor.fetchall()
            processors = plan.processors_for(connection.dialect, cursor.description)
        make = plan.row._make
        if all(p is None for p in processors):
            return [make(r) for r in fetched]
        return [make([v if p is None else p(v) for p, v in zip(processors, r, strict=True)])
                for r in fetched]

    def first(self, session: Session, params: dict[str, Any]) -> Any:
        rows = self.rows(session, params)
        return rows[0] if rows else None
