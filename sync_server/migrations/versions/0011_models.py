""""Dân vận khéo" models (mô hình): a group's or a ward-level unit's, with evidence,
followers, recognition and a timeline

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sync_server.models.types import UtcDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mobilization_model",
        sa.Column("id", sa.String(length=64), primary_key=True),
        sa.Column("ward_id", sa.String(length=64), sa.ForeignKey("ward.id"), nullable=False),
        sa.Column("group_id", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("unit_kind", sa.String(length=30), nullable=False),
        sa.Column("unit_name", sa.String(length=300), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("goals", sa.Text(), nullable=False),
        sa.Column("followers", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("recognition", sa.JSON(), nullable=True),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("campaign_ids", sa.JSON(), nullable=False),
        sa.Column("petition_ids", sa.JSON(), nullable=False),
        sa.Column("timeline", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("field_versions", sa.JSON(), nullable=False),
        sa.Column("field_writers", sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
    )
    op.create_index("ix_mobilization_model_group_id", "mobilization_model", ["group_id"])
    op.create_index("ix_mobilization_model_ward_year", "mobilization_model",
                    ["ward_id", "year"])


def downgrade() -> None:
    op.drop_index("ix_mobilization_model_ward_year", table_name="mobilization_model")
    op.drop_index("ix_mobilization_model_group_id", table_name="mobilization_model")
    op.drop_table("mobilization_model")
