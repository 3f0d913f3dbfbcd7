"""Storage layer: SQL that reads the same on SQLite and PostgreSQL, for the services.

What each database spells its own way is spelled here, once, so that no service asks
which database it is on: an INSERT that updates the row it collides with (`upsert`), and
"one of these ids" given as one parameter (`one_of`), so that a statement is the same,
and prepared once, for any number of ids: an array on PostgreSQL (`= ANY`), a JSON list
on SQLite (`IN (SELECT value FROM json_each(...))`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import orjson
from sqlalchemy import ARRAY, Column, Connection, String, Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import NullType, TypeDecorator, TypeEngine
from sqlmodel import Session


class IdList(TypeDecorator[list[str]]):
    """A list of ids as one parameter: an array on PostgreSQL, JSON text on SQLite."""

    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(ARRAY(String()))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name == "postgresql":
            return value
        return orjson.dumps(list(value)).decode()


class _OneOf(ColumnElement[bool]):
    inherit_cache = True
    # a predicate as it is: a Boolean would be compared with 1 on SQLite, and no index used
    type = cast("TypeEngine[bool]", NullType())
    # its parts, for SQLAlchemy's statement cache (the form its own elements declare)
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),  # noqa: RUF012
                           ("param", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement[Any], name: str) -> None:
        self.column = column
        self.param = bindparam(name, type_=IdList())


def one_of(column: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    """`column` is one of the ids of the list parameter `name` (a Python list of str)."""
    return _OneOf(column, name)


@compiles(_OneOf)
def _one_of_json(element: _OneOf, compiler: SQLCompiler, **kw: Any) -> str:
    return (f"{compiler.process(element.column, **kw)} IN (SELECT value FROM "
            f"json_each({compiler.process(element.param, **kw)}))")


@compiles(_OneOf, "postgresql")
def _one_of_array(element: _OneOf, compiler: SQLCompiler, **kw: Any) -> str:
    column, ids = compiler.process(element.column, **kw), compiler.process(element.param, **kw)
    return f"{column} = ANY({ids})"


def upsert(session: Session | Connection, table: Table, values: Mapping[str, Any], *,
           keys: Sequence[Column[Any]], update: Mapping[str, Any]) -> None:
    """INSERT `values`, or, where a row with the same `keys` exists, UPDATE it with
    `update` (ON CONFLICT DO UPDATE, as both databases spell it)."""
    bind = session.get_bind() if isinstance(session, Session) else session
    dialect = postgresql if bind.dialect.name == "postgresql" else sqlite
    session.execute(dialect.insert(table).values(**values).on_conflict_do_update(
        index_elements=list(keys), set_=dict(update)))
