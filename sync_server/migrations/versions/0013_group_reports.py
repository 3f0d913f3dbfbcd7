"""the groups' monthly reports, the ward's months (summary, closing), its reporting policy
(deadline day, giao ban cadence) and the commendations of the reviews

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sync_server.models.types import UtcDateTime

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "group_report",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("ward_id", sa.String(length=64), sa.ForeignKey("ward.id"), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("mood", sa.Text(), nullable=False),
        sa.Column("opinions", sa.Text(), nullable=False),
        sa.Column("hot_issues", sa.Text(), nullable=False),
        sa.Column("proposals", sa.Text(), nullable=False),
        sa.Column("submitted_at", UtcDateTime(), nullable=True),
        sa.Column("first_received_at", UtcDateTime(), nullable=False),
        sa.Column("received_at", UtcDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.UniqueConstraint("group_id", "month", name="uq_group_report_month"),
    )
    op.create_index("ix_group_report_ward_id", "group_report", ["ward_id"])
    op.create_table(
        "report_month",
        sa.Column("ward_id", sa.String(length=64), sa.ForeignKey("ward.id"), primary_key=True),
        sa.Column("month", sa.String(length=7), primary_key=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("closed_at", UtcDateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    op.create_table(
        "report_policy",
        sa.Column("ward_id", sa.String(length=64), sa.ForeignKey("ward.id"), primary_key=True),
        sa.Column("deadline_day", sa.Integer(), nullable=False),
        sa.Column("briefing_cadence", sa.String(length=10), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    op.create_table(
        "commendation",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("ward_id", sa.String(length=64), sa.ForeignKey("ward.id"), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("recipient_kind", sa.String(length=12), nullable=False),
        sa.Column("recipient", sa.String(length=300), nullable=False),
        sa.Column("form", sa.String(length=200), nullable=False),
        sa.Column("decision_no", sa.String(length=100), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("model_id", sa.String(length=64), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_commendation_ward_id", "commendation", ["ward_id"])


def downgrade() -> None:
    op.drop_index("ix_commendation_ward_id", table_name="commendation")
    op.drop_table("commendation")
    op.drop_table("report_policy")
    op.drop_table("report_month")
    op.drop_index("ix_group_report_ward_id", table_name="group_report")
    op.drop_table("group_report")
