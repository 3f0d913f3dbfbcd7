"""Storage layer: the province's counts, kept per ward and month (and per ward and day for
overdue), as the tables of migration 0018 hold them plus the changes not yet folded in.

A write of a petition or a ledger line only appends its change, by trigger (migration
0019): the petition's counted columns with a sign (`province_petition_delta`, -1 for the
old row and +1 for the new one), or a receipt's amount (`province_contribution_delta`).
Appending takes no lock that another writer waits for, so the writers of one ward never
queue behind each other's commits for their counts (decision 0041). `fold` moves the
changes into the kept tables, in a background thread of each serving process (`folder`,
every few seconds); readers never wait for it: `kept` is each table with the changes not
yet folded added, grouped by its key, so a reader sees the same counts whether a fold has
run or not.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Subquery, Table, column, text

from sync_server.models.tables import (
    province_contribution_t,
    province_day_t,
    province_group_month_t,
    province_month_t,
)
from sync_server.storage.periodic import Periodic

log = logging.getLogger("sync_server.province_counts")
FOLD_EVERY_S = 10.0
OPEN = "('received', 'accepted', 'in_progress')"
PETITION_DELTA = "province_petition_delta"
CONTRIBUTION_DELTA = "province_contribution_delta"
# the counted columns of a petition as a delta row holds them (with `s`, its sign)
DELTA_COLUMNS = ("s", "ward_id", "group_id", "rday", "accepted_on", "ack_due", "answered_on",
                 "due_date", "sat", "status")


def _month(pg: bool, day: str) -> str:
    if pg:
        return f"date_trunc('month', {day}::timestamp)::date"
    return f"date({day}, 'start of month')"


def _next_day(pg: bool, day: str) -> str:
    return f"({day} + 1)" if pg else f"date({day}, '+1 day')"


@dataclass(frozen=True)
class Counts:
    """One kept table (its primary key, then the counts it sums) and how the changes `src`
    add up to its rows (`rows`)."""

    table: Table

    @property
    def keys(self) -> list[str]:
        return [c.name for c in self.table.primary_key.columns]

    @property
    def sums(self) -> list[str]:
        return [c.name for c in self.table.columns if not c.primary_key]

    def rows(self, pg: bool, src: str) -> str:
        """SELECT of this table's rows (keys, then sums) from the changes `src`."""
        return _ROWS[self.table.name](pg, src)

    def upsert(self, select_sql: str) -> str:
        keys, sums, name = ", ".join(self.keys), self.sums, self.table.name
        update = ",\n  ".join(f"{s} = {name}.{s} + excluded.{s}" for s in sums)
        nonzero = " OR ".join(f"{s} <> 0" for s in sums)
        return (f"INSERT INTO {name} ({keys}, {', '.join(sums)})\n"
                f"SELECT * FROM ({select_sql}) AS changed WHERE {nonzero}\n"
                f"ORDER BY {keys}\n"
                f"ON CONFLICT ({keys}) DO UPDATE SET\n  {update}")


def _month_rows(pg: bool, src: str) -> str:
    return f"""
SELECT ward_id, month, SUM(received) AS received, SUM(taken_up) AS taken_up,
  SUM(taken_up_on_time) AS taken_up_on_time, SUM(answered) AS answered,
  SUM(answered_on_time) AS answered_on_time, SUM(satisfied) AS satisfied,
  SUM(unsatisfied) AS unsatisfied
FROM (
  SELECT ward_id, {_month(pg, 'rday')} AS month, s AS received,
    CASE WHEN accepted_on IS NOT NULL THEN s ELSE 0 END AS taken_up,
    CASE WHEN accepted_on IS NOT NULL AND ack_due IS NOT NULL AND accepted_on <= ack_due
      THEN s ELSE 0 END AS taken_up_on_time,
    0 AS answered, 0 AS answered_on_time, 0 AS satisfied, 0 AS unsatisfied
  FROM ({src}) AS r
  UNION ALL
  SELECT ward_id, {_month(pg, 'answered_on')}, 0, 0, 0, s,
    CASE WHEN due_date IS NULL OR answered_on <= due_date THEN s ELSE 0 END,
    CASE WHEN sat THEN s ELSE 0 END,
    CASE WHEN NOT sat THEN s ELSE 0 END
  FROM ({src}) AS a WHERE answered_on IS NOT NULL
) AS parts
GROUP BY ward_id, month"""


def _group_rows(pg: bool, src: str) -> str:
    return f"""
SELECT ward_id, {_month(pg, 'rday')} AS month, group_id, SUM(s) AS petitions
FROM ({src}) AS g
GROUP BY ward_id, {_month(pg, 'rday')}, group_id"""


def _day_rows(pg: bool, src: str) -> str:
    late = (f"due_date IS NOT NULL AND answered_on IS NOT NULL AND status NOT IN {OPEN} "
            f"AND answered_on > {_next_day(pg, 'due_date')}")
    return f"""
SELECT ward_id, day, SUM(open_due) AS open_due, SUM(closed_late) AS closed_late
FROM (
  SELECT ward_id, {_next_day(pg, 'due_date')} AS day, s AS open_due, 0 AS closed_late
  FROM ({src}) AS o WHERE due_date IS NOT NULL AND status IN {OPEN}
  UNION ALL
  SELECT ward_id, {_next_day(pg, 'due_date')}, 0, s FROM ({src}) AS f WHERE {late}
  UNION ALL
  SELECT ward_id, answered_on, 0, -s FROM ({src}) AS t WHERE {late}
) AS parts
GROUP BY ward_id, day"""


def _contribution_rows(_pg: bool, src: str) -> str:
    return (f"SELECT ward_id, month, kind, SUM(amount) AS amount FROM ({src}) AS c "
            f"GROUP BY ward_id, month, kind")


_ROWS = {"province_month": _month_rows, "province_group_month": _group_rows,
         "province_day": _day_rows, "province_contribution": _contribution_rows}
MONTH = Counts(province_month_t)
GROUP_MONTH = Counts(province_group_month_t)
DAY = Counts(province_day_t)
CONTRIBUTION = Counts(province_contribution_t)
PETITION_COUNTS = (MONTH, GROUP_MONTH, DAY)


def _delta_source(counts: Counts) -> str:
    if counts is CONTRIBUTION:
        return f"SELECT ward_id, month, kind, amount FROM {CONTRIBUTION_DELTA}"
    return f"SELECT {', '.join(DELTA_COLUMNS)} FROM {PETITION_DELTA}"


def kept(dialect: str, counts: Counts, name: str) -> Subquery:
    """`counts`' table as a reader must see it on `dialect` (its SQLAlchemy name): its rows
    plus the changes not yet folded in, one row per key (the same columns as the table)."""
    pg = dialect == "postgresql"
    keys = ", ".join(counts.keys)
    sums = ", ".join(f"SUM({s}) AS {s}" for s in counts.sums)
    both = (f"SELECT {keys}, {', '.join(counts.sums)} FROM {counts.table.name}\n"
            f"UNION ALL {counts.rows(pg, _delta_source(counts))}")
    sql = f"SELECT {keys}, {sums} FROM ({both}) AS kept_and_new GROUP BY {keys}"
    typed = [column(c.name, c.type) for c in counts.table.columns]
    return text(sql).columns(*typed).subquery(name)


def fold(connection: Connection) -> int:
    """Move the changes into the kept tables, in the caller's transaction; returns how
    many petition and ledger changes were folded. On PostgreSQL each table's changes are
    deleted and added in one statement, so a change committed meanwhile is left for the
    next fold (never counted twice, never lost); folds take turns on an advisory lock. On
    SQLite the transaction holds the write lock from its first statement to its commit."""
    pg = connection.dialect.name == "postgresql"
    if pg:
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('province_counts_fold'))"))
        return _fold_pg(connection)
    moved = 0
    for delta, tables in ((PETITION_DELTA, PETITION_COUNTS), (CONTRIBUTION_DELTA, (CONTRIBUTION,))):
        for counts in tables:
            connection.execute(text(counts.upsert(counts.rows(False, _delta_source(counts)))))
        moved += connection.execute(text(f"DELETE FROM {delta}")).rowcount or 0
    return moved


def _fold_pg(connection: Connection) -> int:
    moved = 0
    for delta, columns, tables in (
            (PETITION_DELTA, DELTA_COLUMNS, PETITION_COUNTS),
            (CONTRIBUTION_DELTA, ("ward_id", "month", "kind", "amount"), (CONTRIBUTION,))):
        gone = f"gone AS (DELETE FROM {delta} RETURNING {', '.join(columns)})"
        parts = [f"{c.table}_added AS ({c.upsert(c.rows(True, 'SELECT * FROM gone'))})"
                 for c in tables]
        sql = f"WITH {', '.join([gone, *parts])} SELECT count(*) FROM gone"
        moved += int(connection.execute(text(sql)).scalar_one())
    return moved


def folder(engine: Engine, every_s: float = FOLD_EVERY_S) -> Periodic:
    """A serving process's fold of the changes every `every_s` seconds (a fold that fails,
    the database busy or away, is tried again at the next)."""

    def fold_once() -> None:
        with engine.begin() as connection:
            fold(connection)

    return Periodic("province-counts", fold_once, every_s=every_s, log=log)
