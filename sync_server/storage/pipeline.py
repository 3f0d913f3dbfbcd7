"""Storage layer: the sync's hot statements sent through psycopg's libpq binding, in one pipeline.

psycopg's cursor wraps every statement in Python: a query object, its prepared-statement
manager, generators to send and to wait, and in a pipeline the queues that hand each
result back to its cursor. For a push's writes (7 small statements in one pipeline) that
was 157 µs of the server's CPU, against 37 µs sending the same statements here, straight
through `pgconn` (docs/performance.md, seventh round). The values are still written by
psycopg's own adapters (a `Transformer` of the connection, so the same types and formats
as its cursor) and the rows read back by its loaders.

Each statement is prepared on its connection the first time it is sent with a given set
of parameter types, as psycopg itself would after a few runs; the names are this module's
(`dv_<n>`), kept per connection. psycopg deallocates every prepared statement of a
connection when it rolls back a transaction it had prepared statements in, so psycopg
prepares none itself (`prepare_threshold` is off, see `engine.make_engine`). Should the names
be gone all the same (a `DEALLOCATE ALL` or `DISCARD ALL` sent by hand), the database
refuses the first statement that uses one: the names of that connection are forgotten,
and a statement that ran outside a transaction is sent once more. A statement marked
`prepared=False` is always sent unnamed, planned by the database for the values of each
run (see `statements.DirectStatement`).

`run` always leaves the connection out of pipeline mode with every result read, also
when a statement is refused (the first refusal is raised, as psycopg's exception for it,
once the pipeline is drained; the statements after it did not run).
"""

from __future__ import annotations

import contextlib
import select
import weakref
from collections.abc import Sequence
from itertools import count
from typing import Any, NamedTuple

from psycopg import errors as pg_errors
from psycopg import pq
from psycopg.adapt import PyFormat, Transformer

MAX_PREPARED = 256  # per connection; past it a statement is sent unnamed (parsed each time)
_FATAL = (pq.ExecStatus.FATAL_ERROR, pq.ExecStatus.BAD_RESPONSE)
_names = count(1)
_prepared: weakref.WeakKeyDictionary[Any, dict[tuple[bytes, tuple[int, ...]], bytes]] = (
    weakref.WeakKeyDictionary())


class Statement(NamedTuple):
    """SQL with $1, $2... placeholders, one parameter row per run; `prepared`: False to
    send it unnamed, planned for the values of each run."""

    sql: bytes
    rows: Sequence[Sequence[Any]]
    prepared: bool = True


def run(connection: Any, statements: Sequence[Statement]) -> list[Any]:
    """Send `statements` on the psycopg `connection` in one pipeline (one round trip) and
    return, for each, the result of its last run (a PGresult; None if it has no run)."""
    try:
        return _run(connection, statements)
    except pg_errors.InvalidSqlStatementName:
        _prepared.pop(connection, None)  # deallocated behind our back: prepare again
        if connection.pgconn.transaction_status != pq.TransactionStatus.IDLE:
            raise  # inside a transaction, now aborted: its owner rolls it back
        return _run(connection, statements)


def _run(connection: Any, statements: Sequence[Statement]) -> list[Any]:
    pgconn = connection.pgconn
    transformer = Transformer(connection)
    known = _prepared.setdefault(connection, {})
    pending: dict[tuple[bytes, tuple[int, ...]], bytes] = {}
    expected: list[tuple[int, tuple[bytes, tuple[int, ...]] | None]] = []  # (statement, key)
    pgconn.enter_pipeline_mode()
    try:
        try:
            for index, statement in enumerate(statements):
                for row in statement.rows:
                    _send(pgconn, transformer, statement, row, index, known, pending,
                          expected)
        finally:
            pgconn.pipeline_sync()  # what was sent runs (and a refusal aborts the rest)
            results = _drain(pgconn)
    except BaseException:
        with contextlib.suppress(Exception):  # a lost connection: the first error tells
            pgconn.exit_pipeline_mode()
        raise
    pgconn.exit_pipeline_mode()
    last: list[Any] = [None] * len(statements)
    refused = None
    for (index, key), result in zip(expected, results, strict=True):
        status = result.status if result is not None else None
        if status in _FATAL and refused is None:
            refused = result
        if key is not None:  # a PREPARE: its name is usable from now on if it succeeded
            if status == pq.ExecStatus.COMMAND_OK:
                known[key] = pending[key]
            continue
        last[index] = result
    if refused is not None:
        raise pg_errors.error_from_result(refused, encoding=connection.info.encoding)
    return last


def load(connection: Any, result: Any) -> tuple[list[tuple[Any, ...]], list[int]]:
    """The rows of `result` as tuples of Python values (psycopg's loaders for the
    connection, as its cursor would read them) and the type oid of each column."""
    transformer = Transformer(connection)
    transformer.set_pgresult(result)
    rows = transformer.load_rows(0, result.ntuples, tuple)
    return rows, [result.ftype(i) for i in range(result.nfields)]


def _send(pgconn: Any, transformer: Any, statement: Statement, row: Sequence[Any],
          index: int, known: dict[tuple[bytes, tuple[int, ...]], bytes],
          pending: dict[tuple[bytes, tuple[int, ...]], bytes],
          expected: list[tuple[int, tuple[bytes, tuple[int, ...]] | None]]) -> None:
    sql = statement.sql
    if not row:
        pgconn.send_query_params(sql, None)
        expected.append((index, None))
        return
    params = transformer.dump_sequence(row, [PyFormat.AUTO] * len(row))
    types, formats = tuple(transformer.types), transformer.formats
    key = (sql, types)
    name = known.get(key) or pending.get(key)
    if name is None and statement.prepared and len(known) + len(pending) < MAX_PREPARED:
        name = pending[key] = b"dv_%d" % next(_names)
        pgconn.send_prepare(name, sql, param_types=types)
        expected.append((index, key))
    if name is None:
        pgconn.send_query_params(sql, params, param_types=types, param_formats=formats)
    else:
        pgconn.send_query_prepared(name, params, param_formats=formats)
    expected.append((index, None))


def _drain(pgconn: Any) -> list[Any]:
    """Send what is buffered and read every result up to the pipeline's sync: one per
    command sent (its last, or None), in order."""
    fileno = pgconn.socket
    while pgconn.flush():  # the socket is full: take in results meanwhile, never deadlock
        readable, _ = _wait(fileno, write=True)
        if readable:
            pgconn.consume_input()
    results: list[Any] = []
    current = None
    while True:
        if pgconn.is_busy():
            _wait(fileno, write=False)
            pgconn.consume_input()
            continue
        result = pgconn.get_result()
        if result is None:  # the end of one command's results
            results.append(current)
            current = None
            continue
        if result.status == pq.ExecStatus.PIPELINE_SYNC:
            return results
        current = result


def _wait(fileno: int, *, write: bool) -> tuple[bool, bool]:
    """Block until the socket is readable (or, with `write`, writable): (readable, writable)."""
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fileno, select.POLLIN | (select.POLLOUT if write else 0))
        events = 0
        for _, ev in poller.poll():
            events |= ev
        readable = bool(events & (select.POLLIN | select.POLLERR | select.POLLHUP))
        return readable, bool(events & select.POLLOUT)
    readers, writers, _ = select.select([fileno], [fileno] if write else [], [])
    return bool(readers), bool(writers)
