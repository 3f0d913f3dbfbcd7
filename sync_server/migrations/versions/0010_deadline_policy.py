"""deadlines in working days: the ward's policy, the days it adds, and `petition.ack_due`
(filled for the petitions already there: received date + 10 working days)

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sync_server.models.types import UtcDateTime

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "deadline_policy",
        sa.Column("ward_id", sa.String(length=64), sa.ForeignKey("ward.id"), primary_key=True),
        sa.Column("ack_working_days", sa.Integer(), nullable=False, server_default="10"),
        sa.Column("answer_working_days", sa.Integer(), nullable=False, server_default="15"),
        sa.Column("answer_by_category", sa.JSON(), nullable=False,
                  server_default=sa.text("'{}'")),
        sa.Column("updated_by", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("updated_at", UtcDateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "ward_day",
        sa.Column("ward_id", sa.String(length=64), sa.ForeignKey("ward.id"), primary_key=True),
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False, server_default=""),
    )
    # plain ADD COLUMN (no table rebuild): other tables reference the petition by foreign key
    op.add_column("petition", sa.Column("ack_due", sa.Date(), nullable=True))
    _fill_ack_due()


def _fill_ack_due() -> None:
    from sync_server.services.deadlines import default_calendar, received_day

    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, coalesce(received_at, created_at) AS received FROM petition")).all()
    calendar = default_calendar()
    values = [{"i": r.id, "d": calendar.add_working_days(received_day(r.received), 10)}
              for r in rows]
    if values:
        conn.execute(sa.text("UPDATE petition SET ack_due = :d WHERE id = :i"), values)


def downgrade() -> None:
    op.drop_column("petition", "ack_due")  # plain DROP COLUMN: keeps the expression indexes
    op.drop_table("ward_day")
    op.drop_table("deadline_policy")
