"""the province's counts: a write appends its change (no lock another writer waits for)
and a fold moves the changes into the kept tables of 0018 (decision 0041)

Revision ID: 0019
Revises: 0018

0018's triggers added each change to the kept rows in the transaction of the write: every
writer of a ward then held the ward's month row (and an advisory lock) until its commit,
so the 200 phones of a ward's burst committed one after the other on PostgreSQL. The
triggers now append the change: a petition's counted columns with a sign
(`province_petition_delta`: -1 for the old row, +1 for the new one), a ledger line's
receipts (`province_contribution_delta`: a receipt's amount, or minus the receipt a
reversal takes out). `sync_server.storage.province_counts` reads kept + appended and folds.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PETITION_TRIGGERS_PG = (("province_petitions_inserted", "petition"),
                        ("province_petitions_deleted", "petition"),
                        ("province_petition_updated", "petition"),
                        ("province_ledger_line", "contribution_entry"))
TRIGGERS_SQLITE = ("province_petition_inserted", "province_petition_deleted",
                   "province_petition_updated", "province_ledger_line")


def _previous() -> ModuleType:
    """Migration 0018, for its SQL (a migration is history: read, never changed)."""
    path = Path(__file__).with_name("0018_province_rollups.py")
    spec = importlib.util.spec_from_file_location("migration_0018", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _drop_triggers(pg: bool) -> None:
    if pg:
        for name, table in PETITION_TRIGGERS_PG:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    else:
        for name in TRIGGERS_SQLITE:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _receipts(d: Any, new: str) -> str:
    """The receipts a new ledger line changes: itself (a receipt, +), or the receipt it
    reverses (-), per ward, month and kind."""
    chosen = (f"e.entry_type = 'receipt' AND ((e.id = {new}.id AND NOT EXISTS (SELECT 1 "
              f"FROM contribution_entry AS r WHERE r.reverses_id = e.id)) "
              f"OR e.id = {new}.reverses_id)")
    sign = f"CASE WHEN e.id = {new}.id THEN 1 ELSE -1 END"
    return ("INSERT INTO province_contribution_delta (ward_id, month, kind, amount) "
            f"SELECT g.ward_id, {d.month('e.recorded_on')}, e.kind, "
            f"{sign} * {d.amount('e.quantity')} "
            "FROM contribution_entry AS e JOIN residential_group AS g ON g.id = e.group_id "
            f"WHERE {chosen}")


def upgrade() -> None:
    m = _previous()
    pg = op.get_bind().dialect.name == "postgresql"
    d = m.Dialect(op.get_bind().dialect.name)
    op.create_table(
        "province_petition_delta",
        sa.Column("s", sa.Integer(), nullable=False),
        sa.Column("ward_id", sa.String(64), nullable=False),
        sa.Column("group_id", sa.String(64), nullable=False),
        sa.Column("rday", sa.Date(), nullable=False),  # a write without one is refused
        *(sa.Column(name, sa.Date()) for name in ("accepted_on", "ack_due", "answered_on",
                                                  "due_date")),
        sa.Column("sat", sa.Boolean()),
        sa.Column("status", sa.String(32)))
    op.create_table(
        "province_contribution_delta",
        sa.Column("ward_id", sa.String(64), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("amount", sa.Numeric(20, 3), nullable=False))
    _drop_triggers(pg)
    into = ("INSERT INTO province_petition_delta (s, ward_id, group_id, rday, accepted_on, "
            "ack_due, answered_on, due_date, sat, status) ")
    inserted = into + m.source(d, "new_rows" if pg else "NEW", 1, table=pg)
    deleted = into + m.source(d, "old_rows" if pg else "OLD", -1, table=pg)
    updated = (into + m.source(d, "OLD", -1, table=False) + " UNION ALL "
               + m.source(d, "NEW", 1, table=False))
    ledger = _receipts(d, "NEW")
    if pg:
        for name, body in (("province_petitions_inserted", inserted),
                           ("province_petitions_deleted", deleted),
                           ("province_petition_updated", updated),
                           ("province_ledger_line", ledger)):
            op.execute(f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
                       f"$body$\nBEGIN\n{body};\nRETURN NULL;\nEND\n$body$")
        op.execute("CREATE TRIGGER province_petitions_inserted AFTER INSERT ON petition "
                   "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
                   "EXECUTE FUNCTION province_petitions_inserted()")
        op.execute("CREATE TRIGGER province_petitions_deleted AFTER DELETE ON petition "
                   "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
                   "EXECUTE FUNCTION province_petitions_deleted()")
        op.execute(f"CREATE TRIGGER province_petition_updated AFTER UPDATE OF "
                   f"{', '.join(m.COUNTED)} ON petition FOR EACH ROW "
                   f"WHEN ({m._changed('OLD', 'NEW', True)}) "
                   "EXECUTE FUNCTION province_petition_updated()")
        op.execute("CREATE TRIGGER province_ledger_line AFTER INSERT ON contribution_entry "
                   "FOR EACH ROW EXECUTE FUNCTION province_ledger_line()")
        return
    for name, event, body, when in (
            ("province_petition_inserted", "INSERT ON petition", inserted, ""),
            ("province_petition_deleted", "DELETE ON petition", deleted, ""),
            ("province_petition_updated", f"UPDATE OF {', '.join(m.COUNTED)} ON petition",
             updated, f" WHEN {m._changed('OLD', 'NEW', False)}"),
            ("province_ledger_line", "INSERT ON contribution_entry", ledger, "")):
        op.execute(f"CREATE TRIGGER {name} AFTER {event} FOR EACH ROW{when}\n"
                   f"BEGIN\n{body};\nEND")


def downgrade() -> None:
    from sync_server.storage.province_counts import fold

    m = _previous()
    pg = op.get_bind().dialect.name == "postgresql"
    fold(op.get_bind())
    _drop_triggers(pg)
    d = m.Dialect(op.get_bind().dialect.name)
    for sql in (m._postgres_triggers(d) if pg else m._sqlite_triggers(d)):
        op.execute(sql)
    op.drop_table("province_contribution_delta")
    op.drop_table("province_petition_delta")
