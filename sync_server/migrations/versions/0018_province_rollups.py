"""the province's counts kept per ward and month (and per ward and day for overdue), by
triggers in the same transaction as every write of a petition or a ledger line, and filled
in from the existing records: the province page reads them instead of every petition

Revision ID: 0018
Revises: 0017

What each table holds (days in Vietnam time, UTC+7 all year):
- `province_month` (ward, month): petitions received in the month (by `received_at`, else
  `created_at`), of them taken up and taken up by `ack_due`; petitions answered in the
  month (by `answered_on`), of them on time (by `due_date`, or none set), satisfied and
  not satisfied citizens;
- `province_group_month` (ward, month, group): petitions received, for the groups that
  recorded one in a period;
- `province_day` (ward, day): `open_due`, the open petitions whose due date is the day
  before (overdue from that day on), and `closed_late`, +1 the day after a closed
  petition's due date and -1 on the day it was answered (overdue in between);
- `province_contribution` (ward, month, kind): receipts recorded in the month, a receipt
  taken out when its reversal is written.

A trigger subtracts a petition's old contribution and adds its new one, so the counts are
order-independent and exact whatever writes the petition (a phone's push, the console, a
bulk insert, an erasure, a direct UPDATE). On PostgreSQL inserts and deletes are counted
once per statement from its transition table (a bulk insert of a million petitions costs
one aggregate, not a million calls); updates row by row, only when a counted column
changes. The same statements, over the whole petition table, fill the tables in.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "('received', 'accepted', 'in_progress')"
COUNTED = ("received_at", "created_at", "accepted_on", "ack_due", "answered_on", "due_date",
           "citizen_satisfied", "status", "ward_id", "group_id")
TABLES = ("province_month", "province_group_month", "province_day", "province_contribution")


class Dialect:
    """The few SQL expressions that differ between PostgreSQL and SQLite."""

    def __init__(self, name: str) -> None:
        self.pg = name == "postgresql"

    def vn_day(self, moment: str) -> str:
        if self.pg:
            return f"(({moment} AT TIME ZONE 'UTC') + interval '7 hours')::date"
        return f"date({moment}, '+7 hours')"

    def month(self, day: str) -> str:
        if self.pg:
            return f"date_trunc('month', {day}::timestamp)::date"
        return f"date({day}, 'start of month')"

    def next_day(self, day: str) -> str:
        return f"({day} + 1)" if self.pg else f"date({day}, '+1 day')"

    def amount(self, quantity: str) -> str:
        return f"CAST({quantity} AS NUMERIC(20, 3))"


def source(d: Dialect, row: str, sign: int, *, table: bool) -> str:
    """One SELECT giving a petition's counted columns with a sign: from a table (`row` is
    its name) or from a trigger's OLD/NEW row."""
    p = "" if table else f"{row}."
    received = d.vn_day(f"COALESCE({p}received_at, {p}created_at)")
    select = (f"SELECT {sign} AS s, {p}ward_id AS ward_id, {p}group_id AS group_id, "
              f"{received} AS rday, {p}accepted_on AS accepted_on, {p}ack_due AS ack_due, "
              f"{p}answered_on AS answered_on, {p}due_date AS due_date, "
              f"{p}citizen_satisfied AS sat, {p}status AS status")
    return f"{select} FROM {row}" if table else select


def statements(d: Dialect, src: str) -> list[str]:
    """The three upserts adding the rows of `src` (a SELECT as `source` writes) to the
    counts; a group whose sums are all zero (an update that changes no count) writes
    nothing."""
    month = f"""
INSERT INTO province_month (ward_id, month, received, taken_up, taken_up_on_time, answered,
  answered_on_time, satisfied, unsatisfied)
SELECT ward_id, month, SUM(received), SUM(taken_up), SUM(taken_up_on_time), SUM(answered),
  SUM(answered_on_time), SUM(satisfied), SUM(unsatisfied)
FROM (
  SELECT ward_id, {d.month('rday')} AS month, s AS received,
    CASE WHEN accepted_on IS NOT NULL THEN s ELSE 0 END AS taken_up,
    CASE WHEN accepted_on IS NOT NULL AND ack_due IS NOT NULL AND accepted_on <= ack_due
      THEN s ELSE 0 END AS taken_up_on_time,
    0 AS answered, 0 AS answered_on_time, 0 AS satisfied, 0 AS unsatisfied
  FROM ({src}) AS r
  UNION ALL
  SELECT ward_id, {d.month('answered_on')}, 0, 0, 0, s,
    CASE WHEN due_date IS NULL OR answered_on <= due_date THEN s ELSE 0 END,
    CASE WHEN sat THEN s ELSE 0 END,
    CASE WHEN NOT sat THEN s ELSE 0 END
  FROM ({src}) AS a WHERE answered_on IS NOT NULL
) AS parts
GROUP BY ward_id, month
HAVING SUM(received) <> 0 OR SUM(taken_up) <> 0 OR SUM(taken_up_on_time) <> 0
  OR SUM(answered) <> 0 OR SUM(answered_on_time) <> 0 OR SUM(satisfied) <> 0
  OR SUM(unsatisfied) <> 0
ORDER BY ward_id, month
ON CONFLICT (ward_id, month) DO UPDATE SET
  received = province_month.received + excluded.received,
  taken_up = province_month.taken_up + excluded.taken_up,
  taken_up_on_time = province_month.taken_up_on_time + excluded.taken_up_on_time,
  answered = province_month.answered + excluded.answered,
  answered_on_time = province_month.answered_on_time + excluded.answered_on_time,
  satisfied = province_month.satisfied + excluded.satisfied,
  unsatisfied = province_month.unsatisfied + excluded.unsatisfied"""
    groups = f"""
INSERT INTO province_group_month (ward_id, month, group_id, petitions)
SELECT ward_id, {d.month('rday')} AS month, group_id, SUM(s)
FROM ({src}) AS g
GROUP BY ward_id, month, group_id
HAVING SUM(s) <> 0
ORDER BY ward_id, month, group_id
ON CONFLICT (ward_id, month, group_id) DO UPDATE SET
  petitions = province_group_month.petitions + excluded.petitions"""
    late = (f"due_date IS NOT NULL AND answered_on IS NOT NULL AND status NOT IN {OPEN} "
            f"AND answered_on > {d.next_day('due_date')}")
    days = f"""
INSERT INTO province_day (ward_id, day, open_due, closed_late)
SELECT ward_id, day, SUM(open_due), SUM(closed_late)
FROM (
  SELECT ward_id, {d.next_day('due_date')} AS day, s AS open_due, 0 AS closed_late
  FROM ({src}) AS o WHERE due_date IS NOT NULL AND status IN {OPEN}
  UNION ALL
  SELECT ward_id, {d.next_day('due_date')}, 0, s FROM ({src}) AS f WHERE {late}
  UNION ALL
  SELECT ward_id, answered_on, 0, -s FROM ({src}) AS t WHERE {late}
) AS parts
GROUP BY ward_id, day
HAVING SUM(open_due) <> 0 OR SUM(closed_late) <> 0
ORDER BY ward_id, day
ON CONFLICT (ward_id, day) DO UPDATE SET
  open_due = province_day.open_due + excluded.open_due,
  closed_late = province_day.closed_late + excluded.closed_late"""
    return [month, groups, days]


def contribution_statement(d: Dialect, new: str, *, table: bool) -> str:
    """Receipts into the counts: a new receipt (not reversed) adds its quantity, a new
    reversal takes out the receipt it reverses. `table`: every ledger line at once (the
    fill-in); else the trigger's NEW line."""
    if table:
        chosen = ("e.entry_type = 'receipt' AND NOT EXISTS (SELECT 1 FROM contribution_entry "
                  "AS r WHERE r.reverses_id = e.id)")
        sign = "1"
    else:
        chosen = (f"e.entry_type = 'receipt' AND ((e.id = {new}.id AND NOT EXISTS (SELECT 1 "
                  f"FROM contribution_entry AS r WHERE r.reverses_id = e.id)) "
                  f"OR e.id = {new}.reverses_id)")
        sign = f"CASE WHEN e.id = {new}.id THEN 1 ELSE -1 END"
    return f"""
INSERT INTO province_contribution (ward_id, month, kind, amount)
SELECT g.ward_id, {d.month('e.recorded_on')} AS month, e.kind,
  SUM({sign} * {d.amount('e.quantity')})
FROM contribution_entry AS e JOIN residential_group AS g ON g.id = e.group_id
WHERE {chosen}
GROUP BY g.ward_id, month, e.kind
ORDER BY g.ward_id, month, e.kind
ON CONFLICT (ward_id, month, kind) DO UPDATE SET
  amount = province_contribution.amount + excluded.amount"""


def _changed(old: str, new: str, pg: bool) -> str:
    distinct = "IS DISTINCT FROM" if pg else "IS NOT"
    return " OR ".join(f"{old}.{c} {distinct} {new}.{c}" for c in COUNTED)


def _ward_locks(wards: str) -> str:
    """The ward's lock on its counts until commit, taken in ward order before any count row:
    writers of one ward that touch several months' rows in different orders (a new
    petition, then an answer of last month's) would otherwise deadlock."""
    return (f"PERFORM pg_advisory_xact_lock(hashtext('province_counts:' || w.ward_id)) "
            f"FROM ({wards}) AS w ORDER BY w.ward_id")


def _postgres_triggers(d: Dialect) -> list[str]:
    inserted = ";\n".join(statements(d, source(d, "new_rows", 1, table=True)))
    deleted = ";\n".join(statements(d, source(d, "old_rows", -1, table=True)))
    both = f"{source(d, 'OLD', -1, table=False)} UNION ALL {source(d, 'NEW', 1, table=False)}"
    updated = ";\n".join(statements(d, both))
    ledger = contribution_statement(d, "NEW", table=False)
    sql = []
    for name, wards, body in (
            ("province_petitions_inserted", "SELECT DISTINCT ward_id FROM new_rows", inserted),
            ("province_petitions_deleted", "SELECT DISTINCT ward_id FROM old_rows", deleted),
            ("province_petition_updated",
             "SELECT OLD.ward_id AS ward_id UNION SELECT NEW.ward_id", updated),
            ("province_ledger_line",
             "SELECT ward_id FROM residential_group WHERE id = NEW.group_id", ledger)):
        sql.append(f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
                   f"BEGIN\n{_ward_locks(wards)};\n{body};\nRETURN NULL;\nEND\n$body$")
    sql += [
        "CREATE TRIGGER province_petitions_inserted AFTER INSERT ON petition "
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION province_petitions_inserted()",
        "CREATE TRIGGER province_petitions_deleted AFTER DELETE ON petition "
        "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
        "EXECUTE FUNCTION province_petitions_deleted()",
        f"CREATE TRIGGER province_petition_updated AFTER UPDATE OF {', '.join(COUNTED)} "
        f"ON petition FOR EACH ROW WHEN ({_changed('OLD', 'NEW', True)}) "
        "EXECUTE FUNCTION province_petition_updated()",
        "CREATE TRIGGER province_ledger_line AFTER INSERT ON contribution_entry "
        "FOR EACH ROW EXECUTE FUNCTION province_ledger_line()",
    ]
    return sql


def _sqlite_triggers(d: Dialect) -> list[str]:
    def trigger(name: str, event: str, body: list[str], when: str = "") -> str:
        when_sql = f" WHEN {when}" if when else ""
        stmts = "".join(f"{s};\n" for s in body)
        return f"CREATE TRIGGER {name} AFTER {event} FOR EACH ROW{when_sql}\nBEGIN\n{stmts}END"

    both = f"{source(d, 'OLD', -1, table=False)} UNION ALL {source(d, 'NEW', 1, table=False)}"
    return [
        trigger("province_petition_inserted", "INSERT ON petition",
                statements(d, source(d, "NEW", 1, table=False))),
        trigger("province_petition_deleted", "DELETE ON petition",
                statements(d, source(d, "OLD", -1, table=False))),
        trigger("province_petition_updated", f"UPDATE OF {', '.join(COUNTED)} ON petition",
                statements(d, both), _changed("OLD", "NEW", False)),
        trigger("province_ledger_line", "INSERT ON contribution_entry",
                [contribution_statement(d, "NEW", table=False)]),
    ]


def upgrade() -> None:
    op.create_table(
        "province_month",
        sa.Column("ward_id", sa.String(64), primary_key=True),
        sa.Column("month", sa.Date(), primary_key=True),
        *(sa.Column(name, sa.Integer(), nullable=False, server_default="0")
          for name in ("received", "taken_up", "taken_up_on_time", "answered",
                       "answered_on_time", "satisfied", "unsatisfied")))
    op.create_table(
        "province_group_month",
        sa.Column("ward_id", sa.String(64), primary_key=True),
        sa.Column("month", sa.Date(), primary_key=True),
        sa.Column("group_id", sa.String(64), primary_key=True),
        sa.Column("petitions", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "province_day",
        sa.Column("ward_id", sa.String(64), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("open_due", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("closed_late", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "province_contribution",
        sa.Column("ward_id", sa.String(64), primary_key=True),
        sa.Column("month", sa.Date(), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("amount", sa.Numeric(20, 3), nullable=False, server_default="0"))
    d = Dialect(op.get_bind().dialect.name)
    for sql in (*statements(d, source(d, "petition", 1, table=True)),
                contribution_statement(d, "", table=True)):
        op.execute(sql)
    for sql in (_postgres_triggers(d) if d.pg else _sqlite_triggers(d)):
        op.execute(sql)


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    if pg:
        for name, table in (("province_petitions_inserted", "petition"),
                            ("province_petitions_deleted", "petition"),
                            ("province_petition_updated", "petition"),
                            ("province_ledger_line", "contribution_entry")):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    else:
        for name in ("province_petition_inserted", "province_petition_deleted",
                     "province_petition_updated", "province_ledger_line"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in TABLES:
        op.drop_table(table)
